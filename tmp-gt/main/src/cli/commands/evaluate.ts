/**
 * `kindling evaluate`: a saved model's metrics on a labelled CSV file, streamed: each chunk
 * is predicted and only the counts of (label, prediction) pairs are kept.
 */
import { statSync } from "node:fs";
import * as kd from "../../index.js";
import { UsageError } from "../errors.js";
import { createByteProgress } from "../load-progress.js";
import { forEachChunk, openModelCsv, skippedNote } from "../pipeline/csv-stream.js";
import { loadModelFile } from "../pipeline/model-file.js";
import { predict, reportFromLabels } from "../pipeline/report.js";

export interface EvaluateOptions {
  model: string;
  csv: string;
  target: string;
  json: boolean;
  skipInvalid?: boolean;
}

export async function runEvaluate(o: EvaluateOptions): Promise<void> {
  const { model, card, columns: modelColumns, prepare } = loadModelFile(o.model);
  const k = card.classNames.length;
  const csv = openModelCsv(o.csv, modelColumns, o.target);
  const progress = createByteProgress({ label: `evaluating ${o.csv}`, total: statSync(o.csv).size, stream: process.stderr, quiet: o.json });
  // counts[code * k + predicted]: the file's label codes are only named at the end.
  let counts = new Float64Array(16 * k);
  let summary;
  try {
    summary = await forEachChunk(csv, { skipInvalid: o.skipInvalid ?? false, progress }, (c) => {
      const labels = predict(model, prepare(c.X)).labels.data;
      for (let i = 0; i < c.n; i++) {
        const at = c.labels![i] * k + labels[i];
        if (at >= counts.length) {
          const grown = new Float64Array(Math.max(at + 1, counts.length * 2));
          grown.set(counts);
          counts = grown;
        }
        counts[at]++;
      }
    });
  } finally {
    progress.done();
    csv.stream.close();
  }
  // The file's labels are mapped onto the model's classes by name.
  const { classNames: fileClasses, classOf } = summary.labels!.finish();
  const index = new Map(card.classNames.map((c, i) => [c, i]));
  const unknown = fileClasses.filter((l) => !index.has(l));
  if (unknown.length > 0) {
    throw new UsageError(`the CSV's labels ${unknown.map((u) => `'${u}'`).join(", ")} are not among the model's classes (${card.classNames.join(", ")})`);
  }
  const cm = new Float64Array(k * k);
  for (let code = 0; code < classOf.length; code++) {
    const t = index.get(fileClasses[classOf[code]])!;
    for (let p = 0; p < k; p++) cm[t * k + p] += counts[code * k + p] ?? 0;
  }
  // The report's functions take label lists: rebuilt from the counts (16 bytes a row).
  const n = summary.rows;
  const y = new Float64Array(n);
  const pred = new Float64Array(n);
  let at = 0;
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) {
      for (let c = 0; c < cm[t * k + p]; c++, at++) {
        y[at] = t;
        pred[at] = p;
      }
    }
  }
  const report = reportFromLabels(new kd.Tensor(y, [n], "int64"), new kd.Tensor(pred, [n], "int64"), kd.zeros([0, k]), card.classNames, `all ${n} rows of ${o.csv}`);
  const out = o.json ? process.stderr : process.stdout;
  const note = skippedNote(summary);
  if (note) process.stderr.write(note);
  out.write(`Model: ${o.model} (trained on ${card.dataset}); data: ${o.csv}, ${n} rows\n\n${report.text}`);
  if (o.json) {
    process.stdout.write(JSON.stringify({ model: o.model, csv: o.csv, rows: n, skipped: summary.skipped, accuracy: report.accuracy, perClass: report.perClass, confusionMatrix: report.confusionMatrix }) + "\n");
  }
}
