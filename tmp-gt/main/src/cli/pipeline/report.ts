/** The metrics report at the end of a run: scikit-learn's classification report and a confusion matrix. */
import * as kd from "../../index.js";
import { forwardInChunks } from "./model.js";
import { logitsToPredictions } from "./task.js";
import { maxBy } from "../../util/extremes.js";

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface FinalReport {
  /** The printed report (classification report, then the confusion matrix). */
  text: string;
  accuracy: number;
  perClass: Record<string, ClassMetrics>;
  /** Rows are true classes, columns predicted classes. */
  confusionMatrix: number[][];
  predictions: kd.Tensor;
  probabilities: kd.Tensor;
}

export function predict(model: kd.nn.Module, X: kd.Tensor): { labels: kd.Tensor; probabilities: kd.Tensor } {
  model.eval();
  return kd.inferenceMode(() => {
    return logitsToPredictions(forwardInChunks(model, X));
  });
}

function matrixText(cm: number[][], names: readonly string[]): string {
  const corner = "true \\ predicted";
  const first = maxBy(names, (n) => n.length, corner.length);
  const width = maxBy(cm, (row) => maxBy(row, (v) => String(v).length), maxBy(names, (n) => n.length));
  const cells = (xs: readonly string[]): string => xs.map((x) => x.padStart(width)).join("  ");
  const lines = [`${corner.padEnd(first)}  ${cells(names)}`];
  cm.forEach((row, i) => lines.push(`${names[i].padStart(first)}  ${cells(row.map(String))}`));
  return lines.join("\n");
}

/** Past this many classes the printed matrix would be wider than any terminal: it goes to --json and the figure. */
const PRINTED_MATRIX_MAX = 30;

/** `scope` names the rows the report is about: "test set" for train, the file for evaluate. */
export function finalReport(model: kd.nn.Module, X: kd.Tensor, y: kd.Tensor, classNames: readonly string[], scope = "test set"): FinalReport {
  const { labels, probabilities } = predict(model, X);
  return reportFromLabels(y, labels, probabilities, classNames, scope);
}

/** The report for predictions already made (streaming evaluate gathers them chunk by chunk). */
export function reportFromLabels(y: kd.Tensor, labels: kd.Tensor, probabilities: kd.Tensor, classNames: readonly string[], scope = "test set"): FinalReport {
  const names = [...classNames];
  const labelIds = names.map((_, i) => i);
  const text = kd.metrics.classificationReport(y, labels, { labels: labelIds, targetNames: names, digits: 4, zeroDivision: 0 }) as string;
  const dict = kd.metrics.classificationReport(y, labels, { labels: labelIds, targetNames: names, outputDict: true, zeroDivision: 0 }) as Record<string, unknown>;
  const perClass: Record<string, ClassMetrics> = {};
  for (const n of names) {
    const row = dict[n] as { precision: number; recall: number; "f1-score": number; support: number };
    perClass[n] = { precision: row.precision, recall: row.recall, f1: row["f1-score"], support: row.support };
  }
  const cmT = kd.metrics.confusionMatrix(labels, y, { task: "multiclass", numClasses: names.length });
  const cm = cmT.tolist() as number[][];
  const accuracy = kd.eq(labels, y).sum().item() / Math.max(1, y.numel());
  return {
    text: `Classification report (${scope}):\n${text}\n` + (names.length <= PRINTED_MATRIX_MAX
      ? `Confusion matrix (${scope}):\n${matrixText(cm, names)}\n`
      : `Confusion matrix (${scope}): ${names.length} × ${names.length}, too wide to print; it is in the --json summary and the confusion-matrix figure\n`),
    accuracy,
    perClass,
    confusionMatrix: cm,
    predictions: labels,
    probabilities,
  };
}
