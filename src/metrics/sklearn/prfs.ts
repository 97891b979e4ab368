/** scikit-learn's `precision_recall_fscore_support`, `fbeta_score` and `f1_score`. */
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { floatTensor, i64 } from "../internal/tensors.js";
import { labelCounts, type LabelCounts } from "./label-counts.js";
import { checkTargets, npArray, type CheckedTargets, type Label, type LabelInput } from "./targets.js";

/** "warn" gives 0 (scikit-learn also warns), NaN gives NaN. */
export type SklearnZeroDivision = "warn" | 0 | 1 | number;
export type SklearnAverage = "binary" | "micro" | "macro" | "weighted" | "samples" | null;

export interface PrfsOptions {
  beta?: number;
  labels?: readonly Label[] | null;
  posLabel?: Label | null;
  /** Default null (one value per label); `fbetaScore` and `f1Score` default to "binary". */
  average?: SklearnAverage;
  zeroDivision?: SklearnZeroDivision;
}

/** Per-label arrays (float64, support int64), or averaged numbers with no support. */
export type PrfsResult = [Tensor, Tensor, Tensor, Tensor] | [number, number, number, null];

export function zeroDivisionValue(zd: SklearnZeroDivision): number {
  if (zd === "warn") return 0;
  if (zd === 0 || zd === 1) return zd;
  if (Number.isNaN(zd)) return NaN;
  throw new ValueError(`The 'zero_division' parameter must be a float among {0.0, 1.0, nan} or a str among {'warn'}. Got ${zd} instead.`);
}

/** scikit-learn's `_check_set_wise_labels`: the labels an average looks at. */
function setWiseLabels(t: CheckedTargets, average: SklearnAverage, labels: readonly Label[] | null, posLabel: Label | null): readonly Label[] | null {
  const options = [null, "micro", "macro", "weighted", "samples"];
  if (!options.includes(average) && average !== "binary") {
    throw new ValueError("average has to be one of (None, 'micro', 'macro', 'weighted', 'samples')");
  }
  if (average !== "binary") return labels;
  if (t.type === "binary") {
    if (posLabel === null || !t.present.includes(posLabel)) {
      if (t.present.length >= 2) {
        throw new ValueError(`pos_label=${String(posLabel)} is not a valid label. It should be one of ${npArray(t.present)}`);
      }
    }
    return [posLabel ?? 1];
  }
  const allowed = t.type === "multiclass" ? "[None, 'micro', 'macro', 'weighted']" : "[None, 'micro', 'macro', 'weighted', 'samples']";
  throw new ValueError(`Target is ${t.type} but average='binary'. Please choose another average setting, one of ${allowed}.`);
}

/** num / den with scikit-learn's zero-division value where den is 0. */
function prfDivide(num: Float64Array, den: Float64Array, zd: number): Float64Array {
  return num.map((v, i) => (den[i] === 0 ? zd : v / den[i]));
}

/** The weighted mean ignoring NaN (scikit-learn's `_nanaverage`); all-zero weights fall back to the plain mean. */
export function nanAverage(a: Float64Array, weights: Float64Array | null): number {
  const keep = Array.from(a.keys()).filter((i) => !Number.isNaN(a[i]));
  if (keep.length === 0) return NaN;
  const wsum = weights === null ? 0 : keep.reduce((s, i) => s + weights[i], 0);
  if (weights === null || wsum === 0) return keep.reduce((s, i) => s + a[i], 0) / keep.length;
  return keep.reduce((s, i) => s + a[i] * weights[i], 0) / wsum;
}

/** Precision, recall and F-beta per label (or pooled for "micro") from the label counts. */
export function scoresFromCounts(
  c: LabelCounts, average: SklearnAverage, beta: number, zd: number,
): { precision: Float64Array; recall: Float64Array; f: Float64Array; trueSum: Float64Array } {
  let { tp, predSum, trueSum } = c;
  if (average === "micro") {
    const sum = (a: Float64Array): Float64Array => Float64Array.of(a.reduce((x, y) => x + y, 0));
    [tp, predSum, trueSum] = [sum(tp), sum(predSum), sum(trueSum)];
  }
  const precision = prfDivide(tp, predSum, zd);
  const recall = prfDivide(tp, trueSum, zd);
  const b2 = beta * beta;
  let f: Float64Array;
  if (beta === Infinity) f = recall;
  else if (beta === 0) f = precision;
  else f = prfDivide(tp.map((v) => (1 + b2) * v), trueSum.map((v, i) => b2 * v + predSum[i]), zd);
  return { precision, recall, f, trueSum };
}

/** The averaged scores: support-weighted for "weighted", plain means (ignoring NaN) otherwise. */
export function averageScores(
  s: { precision: Float64Array; recall: Float64Array; f: Float64Array; trueSum: Float64Array }, average: SklearnAverage,
): [number, number, number] {
  const weights = average === "weighted" ? s.trueSum : null;
  return [nanAverage(s.precision, weights), nanAverage(s.recall, weights), nanAverage(s.f, weights)];
}

export function precisionRecallFscoreSupport(yTrue: LabelInput, yPred: LabelInput, options: PrfsOptions = {}): PrfsResult {
  const beta = options.beta ?? 1;
  const average = options.average === undefined ? null : options.average;
  const zd = zeroDivisionValue(options.zeroDivision ?? "warn");
  const t = checkTargets(yTrue, yPred);
  const labels = setWiseLabels(t, average, options.labels ?? null, options.posLabel === undefined ? 1 : options.posLabel);
  const s = scoresFromCounts(labelCounts(t, labels, average === "samples"), average, beta, zd);
  if (average === null) {
    const n = s.precision.length;
    const f64 = (a: Float64Array): Tensor => floatTensor(a, [n], "float64");
    return [f64(s.precision), f64(s.recall), f64(s.f), i64(s.trueSum)];
  }
  return [...averageScores(s, average), null];
}

export type FbetaOptions = Omit<PrfsOptions, "beta">;

/** F-beta score; `average` defaults to "binary" as in scikit-learn. */
export function fbetaScore(yTrue: LabelInput, yPred: LabelInput, options: FbetaOptions & { beta: number }): Tensor | number {
  const average = options.average === undefined ? "binary" : options.average;
  const r = precisionRecallFscoreSupport(yTrue, yPred, { ...options, average });
  return r[2];
}

export function f1Score(yTrue: LabelInput, yPred: LabelInput, options: FbetaOptions = {}): Tensor | number {
  return fbetaScore(yTrue, yPred, { ...options, beta: 1 });
}
