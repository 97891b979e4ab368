/**
 * The CSV tokenizer of the large-file path: bytes in, record and field offsets out, one
 * chunk (4 MiB) at a time, with no string or object per row. A record cut by the end of a
 * chunk is carried to the next one. Consumers (columnar.ts, CsvDataset, streaming predict)
 * decode only the fields they need, straight from the bytes.
 *
 * Why a byte loop and not papaparse (still used for small texts by readCsv): on the
 * 205 MB bench file (1,000,000 rows × 21 columns) papaparse's streaming mode took 4.7 s
 * and built a string per cell; this loop with the numeric fast path reads it in about a
 * second at a bounded buffer size (see bench/csv.ts and the README's large-files section).
 *
 * Quoting follows RFC 4180 as papaparse does: a field that starts with a quote runs to
 * the closing quote, "" inside it is one quote; a quote inside an unquoted field is a
 * literal. Text after a closing quote and a quote left open are errors with papaparse's
 * words, as readCsv reports them.
 */
import { CsvError, NUMBERING } from "./csv-error.js";

/** Where bytes come from: a file (read synchronously) or bytes in memory. */
export interface ByteSource {
  /** Reads up to `length` bytes into buf at offset; 0 at the end. */
  read(buf: Uint8Array, offset: number, length: number): number;
  /** The total size when known (for progress). */
  readonly size: number;
  close(): void;
}

export const CHUNK_BYTES = 4 * 1024 * 1024;

/** Node's fs without a static import, so that browser bundles of the library never load it. */
export function nodeFs(what: string): typeof import("node:fs") {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.("node:fs") as typeof import("node:fs") | undefined;
  if (!fs) throw new CsvError(`${what}: reading a file needs Node ≥ 20.16; in a browser pass the CSV text`);
  return fs;
}

/** A file, or the bytes [start, end) of it (a CsvDataset reads its segments so). */
export function fileSource(path: string, start = 0, end = Infinity): ByteSource {
  const fs = nodeFs(`reading ${JSON.stringify(path)}`);
  let fd: number;
  let size: number;
  try {
    fd = fs.openSync(path, "r");
    size = fs.fstatSync(fd).size;
  } catch (e) {
    throw new CsvError(`Cannot read CSV file ${JSON.stringify(path)}: ${(e as Error).message}`);
  }
  let open = true;
  let at = start;
  const stop = Math.min(end, size);
  return {
    size: stop - start,
    read: (buf, offset, length) => {
      const n = fs.readSync(fd, buf, offset, Math.min(length, stop - at), at);
      at += n;
      return n;
    },
    close: () => {
      if (open) fs.closeSync(fd);
      open = false;
    },
  };
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  let at = 0;
  return {
    size: bytes.length,
    read: (buf, offset, length) => {
      const n = Math.min(length, bytes.length - at);
      buf.set(bytes.subarray(at, at + n), offset);
      at += n;
      return n;
    },
    close: () => {},
  };
}

/** A delimiter this reader cannot take (not one ASCII byte): the caller uses papaparse. */
export class QuoteFallback extends Error {}

/** Bad quoting, reported as readCsv reports papaparse's quote errors. */
function quoteError(what: string, row: number): CsvError {
  return new CsvError(`${what} at row ${row}; ${NUMBERING}.`, row, null);
}

/** The records of one chunk. Offsets index `buf`, which the next chunk overwrites. */
export interface RecordBatch {
  buf: Uint8Array;
  /** Records in this batch (blank lines are skipped). */
  count: number;
  /** The spreadsheet row of each record (row 1 is the header; blank lines count). */
  rows: Float64Array;
  /** Each record's raw bytes, without its line end. */
  lineStart: Int32Array;
  lineEnd: Int32Array;
  /** The fields of record r are fieldOffset[r] … fieldOffset[r + 1] - 1. */
  fieldOffset: Int32Array;
  /** Each field's content (inside the quotes for a quoted field). */
  fieldStart: Int32Array;
  fieldEnd: Int32Array;
  /** 1 when the field was quoted (its content may hold "" for a quote). */
  fieldQuoted: Uint8Array;
}

const QUOTE = 34, LF = 10, CR = 13, SPACE = 32, TAB = 9;
const utf8 = new TextDecoder("utf-8");

/** A field's text, quotes undone. */
export function fieldText(b: RecordBatch, f: number): string {
  const text = utf8.decode(b.buf.subarray(b.fieldStart[f], b.fieldEnd[f]));
  return b.fieldQuoted[f] ? text.replace(/""/g, '"') : text;
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

export interface RecordReaderOptions {
  delimiter?: string;
  chunkBytes?: number;
  /** The spreadsheet row just before the source's first record (0 for a whole file). */
  rowBefore?: number;
  /** Whether the source starts at the beginning of the file (where a byte-order mark may sit). */
  atFileStart?: boolean;
}

/** Splits a byte source into batches of records, one chunk at a time. */
export class CsvRecordReader {
  private buf: Uint8Array;
  /** Bytes of buf holding data not yet tokenized start at `start` and end at `filled`. */
  private start = 0;
  private filled = 0;
  private eof = false;
  private row: number;
  private firstChunk: boolean;
  /** The source offset of buf[0]. */
  private base = 0;
  private readonly delimiter: number;
  private readonly batch: RecordBatch;
  /** Bytes handed out so far (for progress). */
  bytesRead = 0;

  constructor(private readonly source: ByteSource, opts: RecordReaderOptions = {}) {
    const d = opts.delimiter ?? ",";
    if (d.length !== 1 || d.charCodeAt(0) > 127 || d === '"' || d === "\n" || d === "\r") {
      throw new QuoteFallback(`delimiter ${JSON.stringify(d)} is not a single ASCII byte`);
    }
    this.delimiter = d.charCodeAt(0);
    this.row = opts.rowBefore ?? 0;
    this.firstChunk = opts.atFileStart ?? true;
    this.buf = new Uint8Array(opts.chunkBytes ?? CHUNK_BYTES);
    this.batch = {
      buf: this.buf, count: 0, rows: new Float64Array(1024), lineStart: new Int32Array(1024), lineEnd: new Int32Array(1024),
      fieldOffset: new Int32Array(1025), fieldStart: new Int32Array(8192), fieldEnd: new Int32Array(8192), fieldQuoted: new Uint8Array(8192),
    };
  }

  get size(): number {
    return this.source.size;
  }

  close(): void {
    this.source.close();
  }

  /** Moves unread bytes to the front and reads more; false when nothing more can come. */
  private fill(): boolean {
    if (this.eof) return false;
    if (this.start > 0) {
      this.buf.copyWithin(0, this.start, this.filled);
      this.base += this.start;
      this.filled -= this.start;
      this.start = 0;
    }
    // A record longer than the buffer: make room.
    if (this.filled === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    let got = 0;
    while (this.filled < this.buf.length) {
      const n = this.source.read(this.buf, this.filled, this.buf.length - this.filled);
      if (n === 0) {
        this.eof = true;
        break;
      }
      this.filled += n;
      got += n;
    }
    this.bytesRead += got;
    if (this.firstChunk && this.filled >= 3 && this.buf[0] === 0xef && this.buf[1] === 0xbb && this.buf[2] === 0xbf) this.start = 3;
    this.firstChunk = false;
    return got > 0;
  }

  /** Where a position in the current batch's buffer lies in the source. */
  sourceOffset(position: number): number {
    return this.base + position;
  }

  /** The next batch of records, or null at the end of the source. */
  next(): RecordBatch | null {
    for (;;) {
      if (!this.fill() && this.start >= this.filled) return null;
      const b = this.tokenize();
      if (b.count > 0) return b;
      if (this.eof && this.start >= this.filled) return null;
    }
  }

  /** Tokenizes whole records from buf[start, filled); stops before a record the chunk cuts. */
  private tokenize(): RecordBatch {
    const b = this.batch;
    b.buf = this.buf;
    const buf = this.buf;
    const end = this.filled;
    const D = this.delimiter;
    const eof = this.eof;
    let count = 0;
    let nf = 0;
    let p = this.start;
    let fieldStart = b.fieldStart, fieldEnd = b.fieldEnd, fieldQuoted = b.fieldQuoted;
    records: while (p < end) {
      const recStart = p;
      const recFields = nf;
      let lineEnd = -1;
      for (;;) {
        if (nf + 1 >= fieldStart.length) {
          b.fieldStart = fieldStart = grow(fieldStart, nf + 2);
          b.fieldEnd = fieldEnd = grow(fieldEnd, nf + 2);
          b.fieldQuoted = fieldQuoted = grow(fieldQuoted, nf + 2);
        }
        if (p < end && buf[p] === QUOTE) {
          let q = p + 1;
          for (;;) {
            while (q < end && buf[q] !== QUOTE) q++;
            if (q + 1 < end && buf[q + 1] === QUOTE) {
              q += 2;
              continue;
            }
            break;
          }
          // The closing quote (or what follows it) may be in the next chunk.
          if (q + 1 >= end && !eof) {
            nf = recFields;
            break records;
          }
          if (q >= end) throw quoteError("Quoted field unterminated", this.row + 1);
          fieldStart[nf] = p + 1;
          fieldEnd[nf] = q;
          fieldQuoted[nf] = 1;
          nf++;
          p = q + 1;
          if (p < end && buf[p] === CR) p++;
          if (p >= end && !eof) {
            nf = recFields;
            break records;
          }
          if (p >= end) {
            lineEnd = buf[p - 1] === CR ? p - 1 : p;
            break;
          }
          const c = buf[p];
          if (c === D) {
            p++;
            continue;
          }
          if (c === LF) {
            lineEnd = buf[p - 1] === CR ? p - 1 : p;
            p++;
            break;
          }
          throw quoteError("Trailing quote on quoted field is malformed", this.row + 1);
        }
        let q = p;
        let c = 0;
        while (q < end) {
          c = buf[q];
          if (c === D || c === LF) break;
          q++;
        }
        if (q >= end && !eof) {
          nf = recFields;
          break records;
        }
        const contentEnd = q > p && buf[q - 1] === CR && (q >= end || c === LF) ? q - 1 : q;
        fieldStart[nf] = p;
        fieldEnd[nf] = contentEnd;
        fieldQuoted[nf] = 0;
        nf++;
        if (q < end && c === D) {
          p = q + 1;
          if (p >= end && !eof) {
            nf = recFields;
            break records;
          }
          // A delimiter as the last byte of the file: one more, empty field.
          if (p >= end) {
            fieldStart[nf] = fieldEnd[nf] = p;
            fieldQuoted[nf] = 0;
            nf++;
            lineEnd = p;
            break;
          }
          continue;
        }
        lineEnd = contentEnd;
        p = q < end ? q + 1 : q;
        break;
      }
      this.row++;
      // A blank (or all-space) line is skipped, as pandas skips it, but keeps its row number.
      if (nf - recFields === 1 && fieldQuoted[recFields] === 0 && isBlank(buf, fieldStart[recFields], fieldEnd[recFields])) {
        nf = recFields;
        this.start = p;
        continue;
      }
      if (count + 1 >= b.rows.length) {
        b.rows = grow(b.rows, count + 2);
        b.lineStart = grow(b.lineStart, count + 2);
        b.lineEnd = grow(b.lineEnd, count + 2);
      }
      if (count + 2 > b.fieldOffset.length) b.fieldOffset = grow(b.fieldOffset, count + 2);
      b.rows[count] = this.row;
      b.lineStart[count] = recStart;
      b.lineEnd[count] = lineEnd;
      b.fieldOffset[count] = recFields;
      count++;
      this.start = p;
    }
    b.fieldOffset[count] = nf;
    b.count = count;
    return b;
  }
}

function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = buf[i];
    if (c !== SPACE && c !== TAB && c !== CR) return false;
  }
  return true;
}
