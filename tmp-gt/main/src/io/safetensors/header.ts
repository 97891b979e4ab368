/**
 * Reading and checking a safetensors header. Everything a hostile file could lie about
 * (lengths, offsets, shapes, dtypes) is checked against the real byte count before any
 * tensor storage is allocated, so a file can never make us allocate more than its size.
 */
import { FileFormatError } from "../errors.js";
import { codecOfCode, SUPPORTED_CODES, type DTypeCodec } from "./dtypes.js";
import { METADATA_KEY, type Metadata } from "./serialize.js";

/** safetensors' own cap on the header (100 MB): a larger one is refused before decoding. */
export const MAX_HEADER_BYTES = 100_000_000;

export interface HeaderEntry {
  name: string;
  codec: DTypeCodec;
  shape: number[];
  numel: number;
  /** Byte range inside the data section (after the header). */
  begin: number;
  end: number;
}

export interface ParsedHeader {
  entries: HeaderEntry[];
  metadata: Metadata;
  /** Where the data section starts in the file. */
  dataStart: number;
}

function fail(msg: string): never {
  throw new FileFormatError(`invalid safetensors file: ${msg}`);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function readHeaderLength(bytes: Uint8Array): number {
  if (bytes.length < 8) fail(`it is ${bytes.length} bytes long, shorter than the 8-byte header length`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8)) {
    fail(`the header length says ${n} bytes but only ${bytes.length - 8} bytes follow it (truncated or not a safetensors file)`);
  }
  if (n > BigInt(MAX_HEADER_BYTES)) fail(`the header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  if (n < 2n) fail(`the header length is ${n}, too short for a JSON object`);
  return Number(n);
}

function parseJson(bytes: Uint8Array, length: number): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + length));
  } catch {
    fail("the header is not valid UTF-8");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    fail(`the header is not valid JSON (${(e as Error).message})`);
  }
  if (!isPlainObject(parsed)) fail("the header is not a JSON object");
  return parsed;
}

function parseMetadata(raw: unknown): Metadata {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) fail(`"${METADATA_KEY}" must be an object of strings`);
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== "string") fail(`"${METADATA_KEY}"."${k}" must be a string, got ${JSON.stringify(v)}`);
    out.push([k, v]);
  }
  return Object.fromEntries(out);
}

function isIndex(x: unknown): x is number {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
}

/** The element count of `shape`, or a failure as soon as it cannot fit in `limitBytes`. */
function checkedNumel(name: string, shape: readonly number[], codec: DTypeCodec, limitBytes: number): number {
  if (shape.includes(0)) return 0;
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (n * codec.size > limitBytes) {
      fail(`tensor "${name}" declares shape [${shape.join(", ")}] of ${codec.code}, which needs more bytes than the ${limitBytes}-byte data section holds`);
    }
  }
  return n;
}

function parseEntry(name: string, raw: unknown, dataLength: number): HeaderEntry {
  if (!isPlainObject(raw)) fail(`entry "${name}" must be an object with dtype, shape and data_offsets`);
  const { dtype, shape, data_offsets: offsets } = raw;
  if (typeof dtype !== "string") fail(`tensor "${name}" has no dtype string`);
  const codec = codecOfCode(dtype);
  if (!codec) fail(`tensor "${name}" has dtype ${JSON.stringify(dtype)}; Kindling reads ${SUPPORTED_CODES.join(", ")}`);
  if (!Array.isArray(shape) || !shape.every(isIndex)) {
    fail(`tensor "${name}" has shape ${JSON.stringify(shape)}; expected an array of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
    fail(`tensor "${name}" has data_offsets ${JSON.stringify(offsets)}; expected [begin, end] as non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) fail(`tensor "${name}" has data_offsets [${begin}, ${end}] that end before they begin`);
  if (end > dataLength) {
    fail(`tensor "${name}" has data_offsets [${begin}, ${end}] past the end of the ${dataLength}-byte data section`);
  }
  const numel = checkedNumel(name, shape, codec, dataLength);
  if (numel * codec.size !== end - begin) {
    fail(`tensor "${name}" of shape [${shape.join(", ")}] and dtype ${codec.code} needs ${numel * codec.size} bytes but its data_offsets span ${end - begin}`);
  }
  return { name, codec, shape: [...shape], numel, begin, end };
}

/** The tensors' byte ranges must tile the data section exactly: no overlap, no gap, no tail. */
function checkCoverage(entries: readonly HeaderEntry[], dataLength: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  let previous = "";
  for (const e of sorted) {
    if (e.begin < expected) fail(`tensor "${e.name}" overlaps tensor "${previous}" (bytes ${e.begin}..${expected})`);
    if (e.begin > expected) fail(`bytes ${expected}..${e.begin} of the data section belong to no tensor`);
    expected = e.end;
    previous = e.name;
  }
  if (expected !== dataLength) fail(`the last ${dataLength - expected} bytes of the data section belong to no tensor`);
}

export function parseHeader(bytes: Uint8Array): ParsedHeader {
  const length = readHeaderLength(bytes);
  const json = parseJson(bytes, length);
  const dataStart = 8 + length;
  const dataLength = bytes.length - dataStart;
  const entries: HeaderEntry[] = [];
  for (const [name, raw] of Object.entries(json)) {
    if (name !== METADATA_KEY) entries.push(parseEntry(name, raw, dataLength));
  }
  checkCoverage(entries, dataLength);
  return { entries, metadata: parseMetadata(json[METADATA_KEY]), dataStart };
}
