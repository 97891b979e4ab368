/** `kindling evaluate`: a saved model's metrics on a labelled CSV file. */
import * as kd from "../../index.js";
import { UsageError } from "../errors.js";
import { readModelCsv } from "../pipeline/csv-features.js";
import { loadModelFile } from "../pipeline/model-file.js";
import { finalReport } from "../pipeline/report.js";

export async function runEvaluate(o: { model: string; csv: string; target: string; json: boolean }): Promise<void> {
  const { model, card, columns: modelColumns, prepare } = loadModelFile(o.model);
  const { X, y, labels } = await readModelCsv(o.csv, modelColumns, o.target);
  if (!y || !labels) throw new UsageError(`no labels read from column '${o.target}'`);
  // The file's labels are mapped onto the model's classes by name.
  const index = new Map(card.classNames.map((c, i) => [c, i]));
  const unknown = labels.filter((l) => !index.has(l));
  if (unknown.length > 0) {
    throw new UsageError(`the CSV's labels ${unknown.map((u) => `'${u}'`).join(", ")} are not among the model's classes (${card.classNames.join(", ")})`);
  }
  const remap = labels.map((l) => index.get(l) as number);
  const yModel = kd.tensor(Array.from(y.data, (v) => remap[v]), { dtype: "int64" });
  const report = finalReport(model, prepare(X), yModel, card.classNames, `all ${X.shape[0]} rows of ${o.csv}`);
  const out = o.json ? process.stderr : process.stdout;
  out.write(`Model: ${o.model} (trained on ${card.dataset}); data: ${o.csv}, ${X.shape[0]} rows\n\n${report.text}`);
  if (o.json) {
    process.stdout.write(JSON.stringify({ model: o.model, csv: o.csv, rows: X.shape[0], accuracy: report.accuracy, perClass: report.perClass, confusionMatrix: report.confusionMatrix }) + "\n");
  }
}
