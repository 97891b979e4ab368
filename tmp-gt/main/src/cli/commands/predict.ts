/**
 * `kindling predict`: labels and class probabilities for each row of a CSV file (for a
 * regression model, the predicted value in a `prediction` column instead), streamed:
 * read a chunk, predict it, write it, so memory stays bounded whatever the file size. The
 * feature cells are written back byte for byte as they were in the file (never re-printed
 * from float32), followed by the prediction and one probability per class.
 */
import Papa from "papaparse";
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UsageError } from "../errors.js";
import { createByteProgress } from "../load-progress.js";
import { forEachChunk, openModelCsv, skippedNote, type Chunk } from "../pipeline/csv-stream.js";
import { loadModelFile } from "../pipeline/model-file.js";
import { probabilityText, writeProbabilityFast } from "../pipeline/probability-text.js";
import { forwardInChunks } from "../pipeline/model.js";
import { predict } from "../pipeline/report.js";
import * as kd from "../../index.js";

export { probabilityText };

export interface PredictOptions {
  model: string;
  csv: string;
  out?: string;
  skipInvalid?: boolean;
}

const COMMA = 44, LF = 10;

/** A CSV cell for a text (quoted when it needs to be), as UTF-8 bytes. */
function cellBytes(text: string): Uint8Array {
  return new TextEncoder().encode(Papa.unparse([[text]], { newline: "\n" }));
}

/** Where the output goes: a temporary file renamed into place at the end, or stdout. */
interface Sink {
  write(bytes: Uint8Array): Promise<void>;
  commit(): void;
  abort(): void;
}

/** The output path's problems in words, before any work: a missing folder, a folder as the file. */
function checkOutput(path: string): void {
  const folder = dirname(path);
  if (!existsSync(folder)) throw new UsageError(`cannot write predictions to ${path}: the folder ${folder} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`cannot write predictions to ${path}: it is a folder, not a file`);
}

function fileSink(path: string): Sink {
  checkOutput(path);
  // Beside the target, so the final rename stays on one file system.
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, "w");
  let open = true;
  // Interrupted (Ctrl-C, kill): no half-written file is left behind.
  const onSignal = (signal: NodeJS.Signals): void => {
    rmSync(tmp, { force: true });
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const close = (): void => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    if (open) closeSync(fd);
    open = false;
  };
  return {
    write: async (bytes) => {
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    },
    commit: () => {
      close();
      renameSync(tmp, path);
    },
    abort: () => {
      close();
      rmSync(tmp, { force: true });
    },
  };
}

function stdoutSink(): Sink {
  return {
    write: (bytes) => new Promise<void>((resolve, reject) => process.stdout.write(bytes, (e) => (e ? reject(e) : resolve()))),
    commit: () => {},
    abort: () => {},
  };
}

/** A growing output buffer for one chunk. */
class Bytes {
  buf = new Uint8Array(1 << 16);
  n = 0;
  reserve(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.n + k, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }
  byte(c: number): void {
    this.reserve(1);
    this.buf[this.n++] = c;
  }
  ascii(s: string): void {
    this.reserve(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.n++] = s.charCodeAt(i);
  }
  /** A probability as probabilityText prints it (its fast path when it applies). */
  probability(p: number): void {
    this.reserve(14);
    const at = writeProbabilityFast(p, this.buf, this.n);
    if (at >= 0) this.n = at;
    else this.ascii(probabilityText(p));
  }
  bytes(b: Uint8Array, s = 0, e = b.length): void {
    this.reserve(e - s);
    if (e - s > 32) {
      this.buf.set(b.subarray(s, e), this.n);
      this.n += e - s;
    } else for (let i = s; i < e; i++) this.buf[this.n++] = b[i];
  }
}

export async function runPredict(o: PredictOptions): Promise<void> {
  const { model, card, columns: modelColumns, prepare, regression } = loadModelFile(o.model, true);
  const csv = openModelCsv(o.csv, modelColumns);
  const classCells = card.classNames.map(cellBytes);
  const out = new Bytes();
  const sink = o.out ? fileSink(o.out) : stdoutSink();
  const progress = createByteProgress({ label: `predicting ${o.csv}`, total: statSync(o.csv).size, stream: process.stderr });
  let summary;
  try {
    const header = [...csv.columns, "prediction", ...(regression ? [] : card.classNames.map((c) => `probability_${c}`))];
    await sink.write(new TextEncoder().encode(Papa.unparse([header], { newline: "\n" }) + "\n"));
    summary = await forEachChunk(csv, { skipInvalid: o.skipInvalid ?? false, progress }, async (c: Chunk) => {
      if (regression) {
        writeRows(out, c, csv.positions, null, new Int32Array(0), regressionValues(model, prepare(c.X)), 1);
      } else {
        const { labels, probabilities } = predict(model, prepare(c.X));
        writeRows(out, c, csv.positions, classCells, labels.data, probabilities.data, card.classNames.length);
      }
      await sink.write(out.buf.subarray(0, out.n));
      out.n = 0;
    });
    progress.done();
    sink.commit();
  } catch (e) {
    progress.done();
    sink.abort();
    throw e;
  } finally {
    csv.stream.close();
  }
  const note = skippedNote(summary);
  if (note) process.stderr.write(note);
  if (o.out) process.stderr.write(`wrote ${summary.rows} predictions to ${o.out}\n`);
}

/** Runs of features that sit side by side in the file, in the same order: copied as one span. */
function spans(positions: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const p of positions) {
    const last = runs[runs.length - 1];
    if (last && p === last[1] + 1) last[1] = p;
    else runs.push([p, p]);
  }
  return runs;
}

/** A regression model's one output per row, in eval mode without a graph. */
function regressionValues(model: kd.nn.Module, X: kd.Tensor): ArrayLike<number> {
  model.eval();
  return kd.inferenceMode(() => forwardInChunks(model, X).data);
}

/**
 * Each valid record's feature cells as they were in the file, then its prediction and
 * probabilities; with no class cells (regression), the predicted value alone, printed as
 * probabilities are (six significant digits).
 */
function writeRows(
  out: Bytes, c: Chunk, positions: readonly number[], classCells: readonly Uint8Array[] | null,
  labels: ArrayLike<number>, probs: ArrayLike<number>, k: number,
): void {
  const b = c.batch;
  const runs = spans(positions);
  for (let i = 0; i < c.n; i++) {
    const base = b.fieldOffset[c.records[i]];
    for (const [first, last] of runs) {
      // From the first cell's start to the last one's end, quotes and commas included.
      out.bytes(b.buf, b.fieldStart[base + first] - b.fieldQuoted[base + first], b.fieldEnd[base + last] + b.fieldQuoted[base + last]);
      out.byte(COMMA);
    }
    if (classCells === null) {
      out.probability(probs[i]);
      out.byte(LF);
      continue;
    }
    out.bytes(classCells[labels[i]]);
    for (let j = 0; j < k; j++) {
      out.byte(COMMA);
      out.probability(probs[i * k + j]);
    }
    out.byte(LF);
  }
}
