/**
 * `kindling predict --images FILE|DIR ...`: the class and class probabilities of each
 * PNG or JPEG image for a model trained on images (`kindling train --data fashion-mnist`,
 * `--images DIR`), as CSV rows `file,prediction,probability_<class>...`. Images are
 * converted to the model's channels (grey or RGB) and must have its size.
 */
import Papa from "papaparse";
import { writeOutput } from "../outputs.js";
import { UsageError } from "../errors.js";
import { listImageFiles, readImageFiles } from "../pipeline/images.js";
import { loadModelFile } from "../pipeline/model-file.js";
import { probabilityText } from "../pipeline/probability-text.js";
import { predict } from "../pipeline/report.js";

export interface PredictImagesOptions {
  model: string;
  images: string[];
  out?: string;
}

export function runPredictImages(o: PredictImagesOptions): void {
  const { model, card } = loadModelFile(o.model);
  if (!card.inputShape || card.inputShape.length !== 3) {
    throw new UsageError(`${o.model} takes rows of ${card.featureNames.length} features, not images; predict on a CSV file with --csv`);
  }
  const files = listImageFiles(o.images);
  if (files.length === 0) throw new UsageError(`no PNG or JPEG file in ${o.images.join(", ")}`);
  const X = readImageFiles(files, card.inputShape);
  const { labels, probabilities } = predict(model, X);
  const k = card.classNames.length;
  const rows = files.map((f, i) => [
    f, card.classNames[labels.data[i]], ...Array.from({ length: k }, (_, j) => probabilityText(probabilities.data[i * k + j])),
  ]);
  const text = Papa.unparse([["file", "prediction", ...card.classNames.map((c) => `probability_${c}`)], ...rows], { newline: "\n" }) + "\n";
  if (o.out) {
    writeOutput(o.out, text, "the predictions");
    process.stderr.write(`wrote ${files.length} predictions to ${o.out}\n`);
  } else process.stdout.write(text);
}
