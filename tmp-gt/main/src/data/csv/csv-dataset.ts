/**
 * kd.data.CsvDataset: a CSV file as an iterable dataset (torch's IterableDataset), read a
 * chunk at a time, so that a file larger than memory can be trained on. With a DataLoader:
 *
 *   const ds = new kd.data.CsvDataset("big.csv", { target: "label", shuffle: true, generator: g });
 *   for (const [xb, yb] of new kd.data.DataLoader(ds, { batchSize: 1024 })) { ... }
 *
 * Shuffling cannot permute rows it never holds, so it works at two levels: the file's
 * record-aligned segments (one per 4 MiB chunk, found by a first pass) are visited in a
 * random order, and the rows pass through a shuffle buffer of `bufferSize` rows, each
 * emitted row drawn at random from it. Memory is the buffer plus one chunk. The draws come
 * from `generator` (one 32-bit seed per pass), so a seeded generator gives the same order.
 *
 * Labels are encoded as readCsv encodes them (LabelEncoder's sorted classes); the classes
 * are found by that first pass unless `classNames` are given.
 */
import { CsvError, ValueError } from "../../errors.js";
import { getDefaultGenerator, type Generator as RandomGenerator } from "../../random/generator.js";
import { Tensor } from "../../tensor/tensor.js";
import { IterableDataset, type BatchStream } from "../loader/dataset.js";
import { CsvStream, FeatureDecoder, LabelDecoder, selectColumns, type LoadProgress } from "./columnar.js";
import { CHUNK_BYTES, CsvRecordReader, fileSource, type RecordBatch } from "./records.js";

export interface CsvDatasetOptions {
  /** The label column (without one, samples are [x] only). */
  target?: string;
  /** The feature columns (default: every column but the target). */
  features?: readonly string[];
  /** The classes in index order; found by a pass over the file when not given. */
  classNames?: readonly string[];
  /** Visit the rows in a new random order each pass (default false). */
  shuffle?: boolean;
  /** Rows held by the shuffle buffer (default 16384). */
  bufferSize?: number;
  /** The generator for shuffling (the global one by default). */
  generator?: RandomGenerator;
  /** Keep only the data rows (0-based, in file order) for which this is true: a train/test split. */
  rowFilter?: (index: number) => boolean;
  delimiter?: string;
  /** Bytes per chunk (default 4 MiB). */
  chunkBytes?: number;
  /** Called after each chunk of every pass over the file (the scan's too). */
  onProgress?: (p: LoadProgress) => void;
}

interface Segment {
  /** File offset of the segment's first record, its spreadsheet row and its data-row index. */
  offset: number;
  row: number;
  index: number;
}

export interface CsvScan {
  /** Data rows in the file (before rowFilter). */
  rows: number;
  classNames: string[];
}

/** mulberry32: a small fast generator for the shuffle buffer, seeded from the dataset's Generator. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** [x, y] (with a target) or [x]: a list of tensors, as TensorDataset's samples. */
type Sample = Tensor[];

export class CsvDataset extends IterableDataset<Sample> implements BatchStream<Sample> {
  readonly path: string;
  readonly featureNames: string[];
  readonly target: string | null;
  private readonly names: string[];
  private readonly headerRow: number;
  private readonly positions: number[];
  private readonly targetAt: number | null;
  private readonly opts: CsvDatasetOptions;
  private classes: string[] | null;
  private textClass = new Map<string, number>();
  private segments: Segment[] | null = null;
  private rowCount: number | null = null;
  /** The file's size in bytes. */
  readonly size: number;

  constructor(path: string, options: CsvDatasetOptions = {}) {
    super();
    this.path = path;
    this.opts = options;
    const head = new CsvStream(path, { delimiter: options.delimiter, chunkBytes: 1 << 16 });
    head.close();
    this.size = head.size;
    this.names = head.names;
    this.headerRow = head.headerRow;
    const { features, target } = selectColumns(this.names, options);
    this.positions = features;
    this.targetAt = target;
    this.target = target === null ? null : this.names[target];
    this.featureNames = features.map((i) => this.names[i]);
    if ((options.bufferSize ?? 1) < 1 || !Number.isInteger(options.bufferSize ?? 1)) {
      throw new ValueError(`bufferSize must be a positive whole number, got ${options.bufferSize}`);
    }
    this.classes = options.classNames ? [...options.classNames] : null;
    this.classes?.forEach((c, i) => this.textClass.set(c, i));
  }

  /**
   * One pass over the file: the row count, the classes and the segment offsets used for
   * shuffling. Done once, on first need; `onRow` sees each row's features and data-row index
   * (the command line fits its scaling in the same pass).
   */
  scan(onRow?: (x: Float32Array, index: number) => void): CsvScan {
    if (this.segments && this.rowCount !== null && (this.classes || this.targetAt === null)) return { rows: this.rowCount, classNames: this.classes ?? [] };
    const stream = new CsvStream(this.path, { delimiter: this.opts.delimiter, chunkBytes: this.opts.chunkBytes });
    const labels = this.targetAt === null ? null : new LabelDecoder(this.names[this.targetAt], this.targetAt);
    const decoder = new FeatureDecoder(this.names, this.positions);
    const row = new Float32Array(this.positions.length);
    const segments: Segment[] = [];
    let rows = 0;
    try {
      for (let next = stream.next(); next !== null; next = stream.next()) {
        const { batch: b, from } = next;
        if (from < b.count) segments.push({ offset: stream.recordOffset(b, from), row: b.rows[from], index: rows });
        for (let r = from; r < b.count; r++) {
          const bad = stream.checkShape(b, r) ?? decoder.decode(b, r, row, 0);
          if (bad) throw bad;
          if (labels) labels.code(b, r);
          onRow?.(row, rows);
          rows++;
        }
        this.opts.onProgress?.({ bytes: stream.bytesRead, total: this.size, rows });
      }
    } finally {
      stream.close();
    }
    const mixed = decoder.finish();
    if (mixed) throw mixed;
    this.segments = segments;
    this.rowCount = rows;
    if (labels && !this.classes) {
      const { classNames, classOf } = labels.finish();
      this.classes = classNames;
      labels.texts.forEach((t, code) => this.textClass.set(t, classOf[code]));
    }
    return { rows, classNames: this.classes ?? [] };
  }

  /**
   * The same file with other options (shuffling, a row filter, ...), sharing what a scan
   * found so far, so that no second scan is needed. Column options cannot change.
   */
  derive(options: Omit<CsvDatasetOptions, "target" | "features" | "delimiter" | "classNames">): CsvDataset {
    const ds = new CsvDataset(this.path, { ...options, target: this.opts.target, features: this.opts.features, delimiter: this.opts.delimiter, classNames: this.classes ?? undefined });
    ds.segments = this.segments;
    ds.rowCount = this.rowCount;
    ds.textClass = this.textClass;
    return ds;
  }

  /** The classes, in index order (scans the file when they were not given). */
  get classNames(): readonly string[] {
    if (this.targetAt === null) return [];
    return this.classes ?? this.scan().classNames;
  }

  /** Samples one at a time: [x (float32, features), y (int64 scalar)]. */
  *[Symbol.iterator](): Iterator<Sample> {
    const f = this.positions.length;
    for (const [X, y] of this.rawBatches(1, false)) {
      const x = new Tensor(X.slice(0, f), [f], "float32");
      yield y ? [x, new Tensor(Float64Array.of(y[0]), [], "int64")] : [x];
    }
  }

  /** Whole batches, collated: [X (batch × features, float32), y (batch, int64)]. */
  *batches(batchSize: number, dropLast = false): IterableIterator<Sample> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`batch_size should be a positive integer value, but got batch_size=${batchSize}`);
    const f = this.positions.length;
    for (const [X, y, n] of this.rawBatches(batchSize, dropLast)) {
      const x = new Tensor(X.slice(0, n * f), [n, f], "float32");
      yield y ? [x, new Tensor(y.slice(0, n), [n], "int64")] : [x];
    }
  }

  /** The pass itself: batches as reused arrays (the callers copy what they keep). */
  private *rawBatches(batchSize: number, dropLast: boolean): Generator<[Float32Array, Float64Array | null, number]> {
    const f = this.positions.length;
    const shuffle = this.opts.shuffle ?? false;
    if (this.targetAt !== null && !this.classes) this.scan();
    if (shuffle && !this.segments) this.scan();
    const X = new Float32Array(batchSize * f);
    const y = this.targetAt === null ? null : new Float64Array(batchSize);
    let n = 0;
    const rows = shuffle ? this.shuffledRows() : this.rowsInOrder();
    for (const [src, at, label] of rows) {
      X.set(src.subarray(at * f, at * f + f), n * f);
      if (y) y[n] = label;
      if (++n === batchSize) {
        yield [X, y, n];
        n = 0;
      }
    }
    if (n > 0 && !dropLast) yield [X, y, n];
  }

  /** Each kept row as (array, row within it, label), in file order. */
  private *rowsInOrder(): Generator<[Float32Array, number, number]> {
    yield* this.readRows([{ offset: -1, row: this.headerRow, index: 0 }]);
  }

  /** Segments in a random order through a shuffle buffer. */
  private *shuffledRows(): Generator<[Float32Array, number, number]> {
    const f = this.positions.length;
    const rand = mulberry32((this.opts.generator ?? getDefaultGenerator()).random());
    const segments = [...this.segments!];
    for (let i = segments.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [segments[i], segments[j]] = [segments[j], segments[i]];
    }
    const size = this.opts.bufferSize ?? 16384;
    const bufX = new Float32Array(size * f);
    const bufY = new Float64Array(size);
    const out = new Float32Array(f);
    let held = 0;
    for (const [src, at, label] of this.readRows(segments)) {
      if (held < size) {
        bufX.set(src.subarray(at * f, at * f + f), held * f);
        bufY[held++] = label;
        continue;
      }
      // Emit a random held row and keep the new one in its place.
      const j = Math.floor(rand() * size);
      out.set(bufX.subarray(j * f, j * f + f));
      const outLabel = bufY[j];
      bufX.set(src.subarray(at * f, at * f + f), j * f);
      bufY[j] = label;
      yield [out, 0, outLabel];
    }
    // Drain what is left in a random order.
    for (; held > 0; held--) {
      const j = Math.floor(rand() * held);
      out.set(bufX.subarray(j * f, j * f + f));
      const outLabel = bufY[j];
      bufX.copyWithin(j * f, (held - 1) * f, held * f);
      bufY[j] = bufY[held - 1];
      yield [out, 0, outLabel];
    }
  }

  /** Decodes the rows of the given segments (offset -1: the whole file after its header). */
  private *readRows(segments: readonly Segment[]): Generator<[Float32Array, number, number]> {
    const f = this.positions.length;
    const keep = this.opts.rowFilter;
    const decoder = new FeatureDecoder(this.names, this.positions);
    const labels = this.targetAt === null ? null : new LabelDecoder(this.names[this.targetAt], this.targetAt);
    const shape = new CsvStream(this.path, { delimiter: this.opts.delimiter, chunkBytes: 1 << 16 });
    shape.close();
    const classOfCode: number[] = [];
    const all = this.segments;
    let bytesBefore = 0;
    let kept = 0;
    for (const seg of segments) {
      let reader: CsvRecordReader | CsvStream;
      if (seg.offset < 0) reader = new CsvStream(this.path, { delimiter: this.opts.delimiter, chunkBytes: this.opts.chunkBytes });
      else {
        const k = all!.indexOf(seg);
        const end = k + 1 < all!.length ? all![k + 1].offset : Infinity;
        reader = new CsvRecordReader(fileSource(this.path, seg.offset, end), {
          delimiter: this.opts.delimiter, chunkBytes: this.opts.chunkBytes ?? CHUNK_BYTES, rowBefore: seg.row - 1, atFileStart: false,
        });
      }
      let index = seg.index;
      let X = new Float32Array(0);
      try {
        for (;;) {
          let b: RecordBatch, from: number;
          if (reader instanceof CsvStream) {
            const next = reader.next();
            if (!next) break;
            ({ batch: b, from } = next);
          } else {
            const next = reader.next();
            if (!next) break;
            b = next;
            from = 0;
          }
          if (X.length < b.count * f) X = new Float32Array(b.count * f);
          for (let r = from; r < b.count; r++, index++) {
            if (keep && !keep(index)) continue;
            const bad = shape.checkShape(b, r) ?? decoder.decode(b, r, X, r * f);
            if (bad) throw bad;
            let label = -1;
            if (labels) {
              const code = labels.code(b, r);
              label = classOfCode[code] ??= this.classOf(labels.texts[code], b.rows[r]);
            }
            kept++;
            yield [X, r, label];
          }
          this.opts.onProgress?.({ bytes: bytesBefore + reader.bytesRead, total: this.size, rows: kept });
        }
      } finally {
        bytesBefore += reader.bytesRead;
        reader.close();
      }
    }
    const mixed = decoder.finish();
    if (mixed) throw mixed;
  }

  private classOf(text: string, row: number): number {
    const c = this.textClass.get(text);
    if (c === undefined) {
      throw new CsvError(`The label ${JSON.stringify(text)} at row ${row} is not among the dataset's classes (${(this.classes ?? []).join(", ")})`, row, (this.targetAt ?? 0) + 1);
    }
    return c;
  }
}
