/**
 * Python's `format(value, spec)` for the specs a training log uses ("5f", ".2f", ".4e"),
 * so that printed numbers round exactly as a Python script's f-strings do (half to even
 * on the exact binary value: 99.125 → "99.12", where JS toFixed gives "99.13").
 */
import { ValueError } from "../errors.js";
import { pyExp, pyFixed } from "../tensor/format.js";

export function format(value: number, spec: string): string {
  const m = /^(\d*)\.(\d+)([fe%])$/.exec(spec);
  if (!m) throw new ValueError(`format: unsupported format spec '${spec}'; expected e.g. '.5f', '.2f', '8.4e' or '.1%'`);
  const [, width, digits, kind] = m;
  const d = Number(digits);
  let s: string;
  if (kind === "f") s = pyFixed(value, d);
  else if (kind === "e") s = pyExp(value, d);
  else s = `${pyFixed(value * 100, d)}%`;
  return width ? s.padStart(Number(width)) : s;
}
