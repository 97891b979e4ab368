/**
 * The columnar CSV path: records from records.ts decoded straight into typed columns —
 * float32 features and int64 class indices — one chunk at a time, with no object per row.
 * The same pieces serve the in-memory `loadCsv`, `CsvDataset` and the command line's
 * streaming predict and evaluate. Cells the numeric fast path cannot read exactly go to
 * the general rules of infer.ts, so the errors (and their cell names) are readCsv's.
 */
import { Tensor } from "../../tensor/tensor.js";
import { compareLabels } from "../preprocessing/labels.js";
import { CsvError, NUMBERING, cellText, fieldCountError } from "./csv-error.js";
import { classText, type TableSelection } from "./csv-table.js";
import { NOT_FAST, parseNumberBytes } from "./fast-number.js";
import { inferColumn, isBoolWord, isMissingToken, isTrueWord, missingValueError, nonFiniteError, numberOf } from "./infer.js";
import { bytesSource, CsvRecordReader, fieldText, fileSource, nodeFs, QuoteFallback, type RecordBatch } from "./records.js";
import { headerNames, parseCsv } from "./read-csv.js";

export interface CsvStreamOptions {
  delimiter?: string;
  chunkBytes?: number;
}

/** A CSV file as a header and batches of data records. */
export class CsvStream {
  readonly names: string[];
  readonly headerRow: number;
  private readonly reader: CsvRecordReader;
  private first: RecordBatch | null;
  private firstFrom = 1;
  private records = 0;

  /** `source` is a file path, or `{text}` / `{bytes}` for CSV in memory. */
  constructor(source: string | { text: string } | { bytes: Uint8Array }, opts: CsvStreamOptions = {}) {
    const bytes = typeof source === "string" ? null : "text" in source ? new TextEncoder().encode(source.text) : source.bytes;
    this.reader = new CsvRecordReader(bytes ? bytesSource(bytes) : fileSource(source as string), opts);
    try {
      this.first = this.reader.next();
    } catch (e) {
      this.reader.close();
      throw e;
    }
    if (this.first === null) {
      this.reader.close();
      throw new CsvError("No columns to parse from file: the CSV is empty (no header row)");
    }
    const b = this.first;
    const cells: string[] = [];
    for (let f = b.fieldOffset[0]; f < b.fieldOffset[1]; f++) cells.push(fieldText(b, f));
    this.names = headerNames(cells);
    this.headerRow = b.rows[0];
  }

  get bytesRead(): number {
    return this.reader.bytesRead;
  }

  /** The file offset where record r of the current batch starts. */
  recordOffset(b: RecordBatch, r: number): number {
    return this.reader.sourceOffset(b.lineStart[r]);
  }
  get size(): number {
    return this.reader.size;
  }

  /** The next batch and the index of its first data record (1 in the batch that holds the header). */
  next(): { batch: RecordBatch; from: number } | null {
    let out: { batch: RecordBatch; from: number } | null;
    if (this.first) {
      out = { batch: this.first, from: this.firstFrom };
      this.first = null;
    } else {
      const b = this.reader.next();
      out = b && { batch: b, from: 0 };
    }
    if (out === null) {
      if (this.records === 0) {
        throw new CsvError(`The CSV has a header (row ${this.headerRow}: ${this.names.join(",")}) but no data rows`, this.headerRow, null);
      }
      return null;
    }
    this.records += out.batch.count - out.from;
    return out;
  }

  close(): void {
    this.reader.close();
  }

  /** The field-count check every data record passes. */
  checkShape(b: RecordBatch, r: number): CsvError | null {
    const fields = b.fieldOffset[r + 1] - b.fieldOffset[r];
    if (fields === this.names.length) return null;
    const extra = fields > this.names.length ? fieldText(b, b.fieldOffset[r] + this.names.length) : "";
    return fieldCountError(b.rows[r], fields, this.headerRow, this.names, extra);
  }
}

/** The file's column positions (0-based) for a selection, with readCsv's checks and messages. */
export function selectColumns(names: readonly string[], selection: TableSelection): { features: number[]; target: number | null } {
  const list = (): string => names.map((n) => JSON.stringify(n)).join(", ");
  const target = selection.target ?? null;
  const targetAt = target === null ? null : names.indexOf(target);
  if (targetAt === -1) throw new CsvError(`Target column ${JSON.stringify(target)} not found; the columns are: ${list()}`);
  for (const f of selection.features ?? []) {
    if (!names.includes(f)) throw new CsvError(`Feature column ${JSON.stringify(f)} not found; the columns are: ${list()}`);
    if (f === target) throw new CsvError(`Column ${JSON.stringify(f)} is the target and cannot also be a feature`);
  }
  const features = selection.features ? selection.features.map((f) => names.indexOf(f)) : names.map((_, i) => i).filter((i) => i !== targetAt);
  if (features.length === 0) throw new CsvError("No feature columns: the table has only the target column");
  return { features, target: targetAt };
}

/** Reads feature cells as float32, exactly as fround(Number(text)) when the text is a number. */
export class FeatureDecoder {
  /** Per feature: the first True/False cell and whether a number was seen (pandas makes a mix text). */
  private readonly firstBool: ({ row: number; text: string } | null)[];
  private readonly sawNumber: boolean[];

  constructor(private readonly names: readonly string[], readonly columns: readonly number[]) {
    this.firstBool = columns.map(() => null);
    this.sawNumber = columns.map(() => false);
  }

  get width(): number {
    return this.columns.length;
  }

  /** Record r's features into out[offset …]; a CsvError (not thrown) for a bad cell. */
  decode(b: RecordBatch, r: number, out: Float32Array, offset: number): CsvError | null {
    const base = b.fieldOffset[r];
    const buf = b.buf;
    const cols = this.columns;
    for (let j = 0; j < cols.length; j++) {
      const f = base + cols[j];
      let v = b.fieldQuoted[f] ? NOT_FAST : parseNumberBytes(buf, b.fieldStart[f], b.fieldEnd[f]);
      if (v !== v) {
        const got = this.general(b, r, j, fieldText(b, f));
        if (got instanceof CsvError) return got;
        v = got;
      } else if (!this.sawNumber[j]) this.sawNumber[j] = true;
      const x = Math.fround(v);
      if (x === Infinity || x === -Infinity) return nonFiniteError(fieldText(b, f), this.names[cols[j]], b.rows[r], cols[j] + 1, "float32");
      out[offset + j] = x;
    }
    return null;
  }

  /** The general rules for a cell the fast path left: missing, infinite, True/False or text. */
  private general(b: RecordBatch, r: number, j: number, text: string): number | CsvError {
    const col = this.columns[j];
    const name = this.names[col];
    const row = b.rows[r];
    if (isMissingToken(text)) return missingValueError(text, name, row, col + 1);
    const v = numberOf(text);
    if (v !== null) {
      if (!Number.isFinite(v)) return nonFiniteError(text, name, row, col + 1);
      this.sawNumber[j] = true;
      return v;
    }
    if (isBoolWord(text)) {
      this.firstBool[j] ??= { row, text };
      return isTrueWord(text) ? 1 : 0;
    }
    return notNumericError(name, text, row, col + 1);
  }

  /** After the last record: a column mixing True/False with numbers is text to pandas. */
  finish(): CsvError | null {
    for (let j = 0; j < this.columns.length; j++) {
      const b = this.firstBool[j];
      if (b && this.sawNumber[j]) return notNumericError(this.names[this.columns[j]], b.text, b.row, this.columns[j] + 1);
    }
    return null;
  }
}

function notNumericError(name: string, text: string, row: number, column: number): CsvError {
  return new CsvError(
    `Column ${JSON.stringify(name)} is a feature but is not numeric: ${JSON.stringify(text)} at ${cellText(row, column)}; ${NUMBERING}. Name the numeric columns with {features}, or make this one the target.`,
    row,
    column,
  );
}

const FNV_OFFSET = 0x811c9dc5, FNV_PRIME = 0x01000193;

/**
 * Reads the label column as codes of distinct texts (interned by their bytes, so a label
 * costs no string per row); `finish` types the distinct texts as readCsv types a column
 * and gives LabelEncoder's classes and each code's class index.
 */
export class LabelDecoder {
  readonly texts: string[] = [];
  private readonly firstRows: number[] = [];
  private readonly byText = new Map<string, number>();
  private readonly byHash = new Map<number, { bytes: Uint8Array; code: number }[]>();

  constructor(readonly name: string, readonly column: number) {}

  code(b: RecordBatch, r: number): number {
    const f = b.fieldOffset[r] + this.column;
    if (b.fieldQuoted[f]) return this.codeOfText(fieldText(b, f), b.rows[r]);
    const buf = b.buf;
    const s = b.fieldStart[f], e = b.fieldEnd[f];
    let h = FNV_OFFSET;
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
    const bucket = this.byHash.get(h);
    if (bucket) {
      for (const entry of bucket) {
        const k = entry.bytes;
        if (k.length !== e - s) continue;
        let same = true;
        for (let i = 0; i < k.length && same; i++) same = k[i] === buf[s + i];
        if (same) return entry.code;
      }
    }
    const code = this.codeOfText(fieldText(b, f), b.rows[r]);
    const entry = { bytes: buf.slice(s, e), code };
    if (bucket) bucket.push(entry);
    else this.byHash.set(h, [entry]);
    return code;
  }

  private codeOfText(text: string, row: number): number {
    // Not interned, so each missing label is reported (or skipped) where it is.
    if (isMissingToken(text)) throw missingValueError(text, this.name, row, this.column + 1);
    let code = this.byText.get(text);
    if (code === undefined) {
      code = this.texts.length;
      this.texts.push(text);
      this.firstRows.push(row);
      this.byText.set(text, code);
    }
    return code;
  }

  /** The classes (sorted as LabelEncoder sorts them, printed as readCsv prints them) and each code's class. */
  finish(): { classNames: string[]; classOf: Int32Array } {
    // Typed as readCsv types a column; errors name the first row holding the bad label.
    const col = inferColumn(this.name, this.texts, this.firstRows, this.column + 1);
    const classes = [...new Set(col.values)].sort(compareLabels);
    const index = new Map(classes.map((c, i) => [c, i]));
    return { classNames: classes.map((c) => classText(col, c)), classOf: Int32Array.from(col.values, (v) => index.get(v)!) };
  }
}

export interface LoadProgress {
  /** Bytes read so far and the file's size. */
  bytes: number;
  total: number;
  rows: number;
}

export interface LoadCsvOptions extends TableSelection {
  delimiter?: string;
  /** Called after each chunk (4 MiB). */
  onProgress?: (p: LoadProgress) => void;
}

export interface LoadedCsv {
  /** float32 features, rows × featureNames.length. */
  X: Tensor;
  /** int64 class indices into classNames (null without a target). */
  y: Tensor | null;
  featureNames: string[];
  classNames: string[];
}

/** A growing float32 buffer (doubling), trimmed at the end. */
class Float32Builder {
  data: Float32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float32Array(Math.max(16, capacity));
  }
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    const next = new Float32Array(Math.max(this.length + n, Math.ceil(this.data.length * 1.5)));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  finish(): Float32Array {
    // A little spare room is cheaper to keep than an 80 MB copy.
    return this.data.length <= this.length * 1.1 ? this.data.subarray(0, this.length) : this.data.slice(0, this.length);
  }
}

/**
 * `kd.data.loadCsv(path, {target, features})`: a CSV file straight into X (float32) and y
 * (int64 class indices) — readCsv's typing, checks and messages without the DataFrame, in
 * about a fifth of the time and memory on large files. Node only for paths; `{text}` anywhere.
 * Yields to the event loop between chunks, so progress bars and timers keep running.
 */
export async function loadCsv(source: string | { text: string }, options: LoadCsvOptions = {}): Promise<LoadedCsv> {
  try {
    return await loadColumnar(source, options);
  } catch (e) {
    if (!(e instanceof QuoteFallback)) throw e;
    // A delimiter that is not one byte: papaparse's general path.
    const text = typeof source === "string" ? readText(source) : source.text;
    const t = parseCsv(text, options);
    return { X: t.X, y: options.target === undefined ? null : t.y, featureNames: [...t.featureNames], classNames: options.target === undefined ? [] : [...t.classNames] };
  }
}

function readText(path: string): string {
  const fs = nodeFs(`reading ${JSON.stringify(path)}`);
  return fs.readFileSync(path, "utf8");
}

function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

async function loadColumnar(source: string | { text: string }, options: LoadCsvOptions): Promise<LoadedCsv> {
  const stream = new CsvStream(source, { delimiter: options.delimiter });
  try {
    const { features, target } = selectColumns(stream.names, options);
    const decoder = new FeatureDecoder(stream.names, features);
    const labels = target === null ? null : new LabelDecoder(stream.names[target], target);
    const width = features.length;
    // A first guess at the row count from the first chunk's bytes per row avoids most regrowth.
    let X: Float32Builder | null = null;
    let codes = new Int32Array(0);
    let rows = 0;
    for (let next = stream.next(); next !== null; next = stream.next()) {
      const { batch: b, from } = next;
      const n = b.count - from;
      if (X === null) {
        const bytesPerRow = Math.max(1, (b.lineEnd[b.count - 1] - b.lineStart[from] + 1) / Math.max(1, n));
        X = new Float32Builder(Math.ceil((stream.size / bytesPerRow) * 1.05) * width);
        if (labels) codes = new Int32Array(X.data.length / width);
      }
      X.reserve(n * width);
      if (labels && codes.length < rows + n) {
        const grown = new Int32Array(Math.max(rows + n, Math.ceil(codes.length * 1.5)));
        grown.set(codes.subarray(0, rows));
        codes = grown;
      }
      const out = X.data;
      for (let r = from; r < b.count; r++) {
        const bad = stream.checkShape(b, r) ?? decoder.decode(b, r, out, X.length);
        if (bad) throw bad;
        if (labels) codes[rows] = labels.code(b, r);
        X.length += width;
        rows++;
      }
      options.onProgress?.({ bytes: stream.bytesRead, total: stream.size, rows });
      await yieldToEventLoop();
    }
    const mixed = decoder.finish();
    if (mixed) throw mixed;
    const Xt = new Tensor(X!.finish(), [rows, width], "float32");
    const featureNames = features.map((i) => stream.names[i]);
    if (!labels) return { X: Xt, y: null, featureNames, classNames: [] };
    const { classNames, classOf } = labels.finish();
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) y[i] = classOf[codes[i]];
    return { X: Xt, y: new Tensor(y, [rows], "int64"), featureNames, classNames };
  } finally {
    stream.close();
  }
}
