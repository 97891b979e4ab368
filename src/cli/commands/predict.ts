/** `kindling predict`: labels and class probabilities for each row of a CSV file. */
import Papa from "papaparse";
import { writeFile } from "node:fs/promises";
import { readModelCsv } from "../pipeline/csv-features.js";
import { loadModelFile } from "../pipeline/model-file.js";
import { predict } from "../pipeline/report.js";

export async function runPredict(o: { model: string; csv: string; out?: string }): Promise<void> {
  const { model, card, columns: modelColumns, prepare } = loadModelFile(o.model);
  const { X, columns } = await readModelCsv(o.csv, modelColumns);
  const { labels, probabilities } = predict(model, prepare(X));
  const k = card.classNames.length;
  const header = [...columns, "prediction", ...card.classNames.map((c) => `probability_${c}`)];
  const rows: (string | number)[][] = [];
  const f = X.shape[1];
  for (let i = 0; i < X.shape[0]; i++) {
    const row: (string | number)[] = [];
    for (let j = 0; j < f; j++) row.push(X.data[i * f + j]);
    row.push(card.classNames[labels.data[i]]);
    for (let c = 0; c < k; c++) row.push(Number(probabilities.data[i * k + c].toPrecision(6)));
    rows.push(row);
  }
  const text = Papa.unparse({ fields: header, data: rows }, { newline: "\n" }) + "\n";
  if (o.out) {
    await writeFile(o.out, text);
    process.stderr.write(`wrote ${rows.length} predictions to ${o.out}\n`);
  } else process.stdout.write(text);
}
