/**
 * IDX files (the MNIST family's format): a magic number 0x0000 0x08 <rank>, the sizes as
 * big-endian 32-bit integers, then unsigned bytes. Gzipped files (the downloads, and
 * Debian's dataset packages) are inflated with Node's zlib first.
 */
import { FileFormatError, KindlingError } from "../../errors.js";

export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

/** Node's fs and zlib, without a top-level import (the package also loads in browsers). */
export function nodeModule<T>(id: "node:fs" | "node:zlib" | "node:path", what: string): T {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.(id);
  if (!mod) throw new KindlingError(`${what} reads files and needs Node.js (>= 20.16)`);
  return mod as T;
}

/** Parses an IDX file's bytes; `file` names it in errors. Only unsigned-byte data (type 0x08). */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  const bad = (why: string): FileFormatError => new FileFormatError(`${file}: not an IDX file of unsigned bytes (${why})`);
  if (bytes.length < 4) throw bad(`${bytes.length} bytes`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw bad("its magic number does not start with two zero bytes");
  if (bytes[2] !== 0x08) throw bad(`data type 0x${bytes[2].toString(16).padStart(2, "0")}, expected 0x08`);
  const rank = bytes[3];
  const header = 4 + 4 * rank;
  if (rank === 0 || bytes.length < header) throw bad(`rank ${rank} with ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let n = 1;
  for (let i = 0; i < rank; i++) {
    const s = view.getUint32(4 + 4 * i, false);
    shape.push(s);
    n *= s;
  }
  if (bytes.length !== header + n) {
    throw bad(`its header promises ${shape.join(" × ")} = ${n} bytes of data, but it has ${bytes.length - header}: truncated or corrupt`);
  }
  return { shape, data: bytes.subarray(header) };
}

/** Reads and parses an IDX file, inflating it when it is gzipped (by its magic bytes, not its name). */
export function readIdx(path: string): IdxArray {
  const fs = nodeModule<typeof import("node:fs")>("node:fs", "reading an IDX file");
  let bytes: Uint8Array = fs.readFileSync(path);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const zlib = nodeModule<typeof import("node:zlib")>("node:zlib", "reading a gzipped IDX file");
    try {
      bytes = zlib.gunzipSync(bytes);
    } catch (e) {
      throw new FileFormatError(`${path}: the gzip data is corrupt (${(e as Error).message})`);
    }
  }
  return parseIdx(bytes, path);
}

/** Writes an IDX file of unsigned bytes (tests and tools make small ones), gzipped when the name ends in .gz. */
export function writeIdx(path: string, shape: readonly number[], data: Uint8Array): void {
  const fs = nodeModule<typeof import("node:fs")>("node:fs", "writing an IDX file");
  const header = new Uint8Array(4 + 4 * shape.length);
  header[2] = 0x08;
  header[3] = shape.length;
  const view = new DataView(header.buffer);
  shape.forEach((s, i) => view.setUint32(4 + 4 * i, s, false));
  let bytes: Uint8Array = new Uint8Array(header.length + data.length);
  bytes.set(header);
  bytes.set(data, header.length);
  if (path.endsWith(".gz")) bytes = nodeModule<typeof import("node:zlib")>("node:zlib", "writing a gzipped IDX file").gzipSync(bytes);
  // Through a temp file and a rename: never a half-written file under the real name.
  const tmp = `${path}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, path);
}
