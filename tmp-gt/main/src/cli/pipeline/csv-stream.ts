/**
 * Reading a CSV file for a saved model one chunk at a time (predict and evaluate): the
 * model's feature columns matched by name (matchFeatures), each chunk's rows
 * decoded into a float32 matrix, bad rows reported (or skipped, counted and named), and the
 * bytes of each record kept for the chunk's consumer, so memory stays bounded whatever the
 * file size.
 */
import * as kd from "../../index.js";
import { CsvStream, FeatureDecoder, LabelDecoder } from "../../data/csv/columnar.js";
import type { RecordBatch } from "../../data/csv/records.js";
import { CsvError } from "../../errors.js";
import { UsageError } from "../errors.js";
import type { ByteProgress } from "../load-progress.js";
import { matchFeatures } from "./csv-features.js";

export interface ModelCsv {
  stream: CsvStream;
  /** The file's column names matched to the model's features, in the model's order. */
  columns: string[];
  /** Their 0-based positions in the file. */
  positions: number[];
  target: number | null;
}

/** Opens the file and matches its header to the model's columns (and the target, when given). */
/** The label column named by --target: matched as the features are, exactly, else ignoring case (when unambiguous). */
export function resolveTarget(names: readonly string[], target: string): string {
  if (names.includes(target)) return target;
  const wanted = target.toLowerCase();
  const folded = names.filter((c) => c.toLowerCase() === wanted);
  if (folded.length !== 1) throw new UsageError(`unknown target column '${target}'; the file has columns: ${names.join(", ")}`);
  return folded[0];
}

/** The header of a CSV file (its column names), for matching --target before loading. */
export function csvColumns(path: string): string[] {
  const stream = new CsvStream(path);
  try {
    return [...stream.names];
  } finally {
    stream.close();
  }
}

export function openModelCsv(path: string, modelColumns: readonly string[], target?: string): ModelCsv {
  const stream = new CsvStream(path);
  try {
    const names = stream.names;
    if (target !== undefined) target = resolveTarget(names, target);
    const match = matchFeatures(names, modelColumns, target ? [target] : []);
    return { stream, columns: match.columns, positions: match.columns.map((c) => names.indexOf(c)), target: target ? names.indexOf(target) : null };
  } catch (e) {
    stream.close();
    throw e;
  }
}

export interface Chunk {
  batch: RecordBatch;
  /** The batch's valid records, in file order. */
  records: Int32Array;
  n: number;
  /** Their features, n × model columns. */
  X: kd.Tensor;
  /** Their label codes (see the LabelDecoder) when a target was given. */
  labels: Int32Array | null;
}

export interface StreamSummary {
  rows: number;
  skipped: number;
  /** The messages of the first few skipped rows. */
  firstSkipped: string[];
  labels: LabelDecoder | null;
}

/** Passes each chunk of valid rows to `onChunk`; a bad row throws unless `skipInvalid`. */
export async function forEachChunk(
  csv: ModelCsv,
  opts: { skipInvalid: boolean; progress: ByteProgress },
  onChunk: (c: Chunk) => void | Promise<void>,
): Promise<StreamSummary> {
  const { stream } = csv;
  const decoder = new FeatureDecoder(stream.names, csv.positions);
  const labels = csv.target === null ? null : new LabelDecoder(stream.names[csv.target], csv.target);
  const f = csv.positions.length;
  const summary: StreamSummary = { rows: 0, skipped: 0, firstSkipped: [], labels };
  for (let next = stream.next(); next !== null; next = stream.next()) {
    const { batch: b, from } = next;
    const X = new Float32Array((b.count - from) * f);
    const records = new Int32Array(b.count - from);
    const codes = labels ? new Int32Array(b.count - from) : null;
    let n = 0;
    for (let r = from; r < b.count; r++) {
      let bad = stream.checkShape(b, r) ?? decoder.decode(b, r, X, n * f);
      if (!bad && labels && codes) {
        try {
          codes[n] = labels.code(b, r);
        } catch (e) {
          if (!(e instanceof CsvError)) throw e;
          bad = e;
        }
      }
      if (bad) {
        if (!opts.skipInvalid) {
          throw new CsvError(`${bad.message} Fix the row, or pass --skip-invalid to leave out the rows that cannot be read.`, bad.row, bad.column);
        }
        summary.skipped++;
        if (summary.firstSkipped.length < 3) summary.firstSkipped.push(bad.message);
        continue;
      }
      records[n++] = r;
    }
    summary.rows += n;
    if (n > 0) {
      await onChunk({ batch: b, records, n, X: new kd.Tensor(X.subarray(0, n * f), [n, f], "float32"), labels: codes });
    }
    opts.progress.update(stream.bytesRead, summary.rows);
    // A turn of the event loop per chunk: signals (Ctrl-C) and timers are handled mid-file.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const mixed = decoder.finish();
  if (mixed) throw mixed;
  return summary;
}

/** The stderr note after a run with --skip-invalid. */
export function skippedNote(s: StreamSummary): string {
  if (s.skipped === 0) return "";
  const first = s.firstSkipped.map((m) => `  ${m}\n`).join("");
  return `skipped ${s.skipped} invalid row${s.skipped === 1 ? "" : "s"} (--skip-invalid); the first:\n${first}`;
}
