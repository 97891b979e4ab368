/**
 * scikit-learn's `classification_report`: precision, recall, F1 and support per class and
 * averaged, as the same text to the character (column widths, rounding half to even, the
 * "accuracy" row, or "micro avg" when `labels` leaves classes out) or as its dictionary.
 */
import { ValueError } from "../../errors.js";
import { pyFixed } from "../../tensor/format.js";
import { maxBy } from "../../util/extremes.js";
import { averageScores, labelCounts, scoresFromCounts, type SklearnZeroDivision, zeroDivisionValue } from "./scores.js";
import { checkTargets, type Label, type LabelInput } from "./targets.js";

export interface ClassificationReportOptions {
  labels?: readonly Label[] | null;
  targetNames?: readonly string[] | null;
  /** Decimal places (default 2). */
  digits?: number;
  /** Return scikit-learn's dictionary instead of the text. */
  outputDict?: boolean;
  zeroDivision?: SklearnZeroDivision;
}

export interface ReportRow {
  precision: number;
  recall: number;
  "f1-score": number;
  support: number;
}

/** Rows by class name and average name; "accuracy" is a plain number. */
export type ClassificationReportDict = Record<string, ReportRow | number>;

const HEADERS = ["precision", "recall", "f1-score", "support"] as const;

/** Python's `{:>{width}}`: right-aligned, width counted in characters (code points). */
function right(s: string, width: number): string {
  return " ".repeat(Math.max(0, width - [...s].length)) + s;
}

/** scikit-learn's `'%s' % label`: JS has one number type, so whole numbers print without ".0". */
function labelName(l: Label): string {
  return String(l);
}

export function classificationReport(yTrue: LabelInput, yPred: LabelInput, options: ClassificationReportOptions & { outputDict: true }): ClassificationReportDict;
export function classificationReport(yTrue: LabelInput, yPred: LabelInput, options?: ClassificationReportOptions & { outputDict?: false }): string;
export function classificationReport(yTrue: LabelInput, yPred: LabelInput, options?: ClassificationReportOptions): string | ClassificationReportDict;
export function classificationReport(
  yTrue: LabelInput, yPred: LabelInput, options: ClassificationReportOptions = {},
): string | ClassificationReportDict {
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0) {
    throw new ValueError(`The 'digits' parameter of classification_report must be an int in the range [0, inf). Got ${digits} instead.`);
  }
  const zeroDivision = options.zeroDivision ?? "warn";
  const t = checkTargets(yTrue, yPred);
  const labelsGiven = options.labels !== undefined && options.labels !== null;
  const labels = labelsGiven ? [...(options.labels as readonly Label[])] : t.present;
  const microIsAccuracy = t.type !== "multilabel-indicator" && (!labelsGiven || t.present.every((l) => labels.includes(l)));
  let names = options.targetNames ? [...options.targetNames] : null;
  if (names !== null && names.length !== labels.length && !labelsGiven) {
    throw new ValueError(
      `Number of classes, ${labels.length}, does not match size of target_names, ${names.length}. Try specifying the labels parameter`,
    );
  }
  names ??= labels.map(labelName);
  // the counts once; every row of the report is a reduction of them
  const zd = zeroDivisionValue(zeroDivision);
  const counts = labelCounts(t, labels);
  const perLabel = scoresFromCounts(counts, null, 1, zd);
  const [p, r, f1, s] = [perLabel.precision, perLabel.recall, perLabel.f, perLabel.trueSum];
  // Python's zip stops at the shorter of the names and the labels
  const rows = Math.min(names.length, labels.length);
  const supportTotal = s.reduce((a, b) => a + b, 0);
  const averages = t.type === "multilabel-indicator" ? ["micro", "macro", "weighted", "samples"] as const : ["micro", "macro", "weighted"] as const;
  const avgRows = averages.map((average) => {
    const heading = average === "micro" && microIsAccuracy ? "accuracy" : `${average} avg`;
    const source = average === "samples" ? labelCounts(t, labels, true) : counts;
    const [ap, ar, af] = averageScores(scoresFromCounts(source, average, 1, zd), average);
    return { heading, values: [ap, ar, af, supportTotal] };
  });

  if (options.outputDict) {
    const dict: ClassificationReportDict = {};
    for (let i = 0; i < rows; i++) {
      dict[names[i]] = { precision: p[i], recall: r[i], "f1-score": f1[i], support: s[i] };
    }
    for (const { heading, values } of avgRows) {
      dict[heading] = heading === "accuracy"
        ? values[0]
        : { precision: values[0], recall: values[1], "f1-score": values[2], support: values[3] };
    }
    return dict;
  }

  const width = maxBy(names, (n) => [...n].length, Math.max("weighted avg".length, digits));
  const num = (x: number): string => right(pyFixed(x, digits), 9);
  // '{:>{width}s} ' followed by ' {:>9}' per column
  const line = (head: string, cells: string[]): string => `${right(head, width)} ${cells.map((c) => ` ${right(c, 9)}`).join("")}\n`;
  let report = `${line("", [...HEADERS])}\n`;
  for (let i = 0; i < rows; i++) {
    report += line(names[i], [num(p[i]), num(r[i]), num(f1[i]), String(s[i])]);
  }
  report += "\n";
  for (const { heading, values } of avgRows) {
    const [ap, ar, af, sup] = values;
    report += line(heading, heading === "accuracy" ? ["", "", num(af), String(sup)] : [num(ap), num(ar), num(af), String(sup)]);
  }
  return report;
}
