/**
 * The large-file bench's data: rows × features numbers with 6 decimals around three class
 * centres, and a label column `label` (a, b, c). About 205 bytes per row at 20 features,
 * so 1,000,000 rows make the 205 MB file and 10,000,000 rows about 2 GB.
 * Written in 4 MiB pieces so that making the 2 GB file needs little memory.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { xorshift32 } from "../../programs/xorshift.js";

export function writeBenchCsv(path: string, rows: number, features: number, seed = 1): number {
  const rnd = xorshift32(seed);
  const fd = openSync(path, "w");
  let bytes = 0;
  const flush = (text: string): void => {
    bytes += writeSync(fd, text);
  };
  const header = [...Array.from({ length: features }, (_, j) => `f${j}`), "label"].join(",");
  let piece = header + "\n";
  const labels = ["a", "b", "c"];
  for (let i = 0; i < rows; i++) {
    const k = Math.floor(rnd() * 3);
    let line = "";
    for (let j = 0; j < features; j++) {
      const centre = ((j + k) % 3) - 1;
      line += `${(centre + (rnd() + rnd() + rnd() - 1.5) * 1.2).toFixed(6)},`;
    }
    piece += line + labels[k] + "\n";
    if (piece.length > 4 << 20) {
      flush(piece);
      piece = "";
    }
  }
  flush(piece);
  closeSync(fd);
  return bytes;
}
