/**
 * scikit-learn's scores on label arrays: `accuracy_score`, `confusion_matrix`, and
 * `precision_recall_fscore_support` with `fbeta_score` and `f1_score`, on per-label counts.
 */
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { maxOf, minOf } from "../../util/extremes.js";
import { countsFromConfmat, multiclassConfmat } from "../core/labels.js";
import { floatTensor, i64 } from "../core/tensors.js";
import { type CheckedTargets, checkTargets, indexLabels, type Label, type LabelInput, npArray } from "./targets.js";

// Per-label true positives, predicted and true totals (scikit-learn's
// `multilabel_confusion_matrix`), from the same multi-class confusion-matrix core as the
// torchmetrics face; per-sample for indicator matrices when asked ("samples" average).

export interface LabelCounts {
  readonly tp: Float64Array;
  readonly predSum: Float64Array;
  readonly trueSum: Float64Array;
}

/**
 * Counts for `labels` (default: the present labels). Samples of other classes still count:
 * a sample of an unlisted class predicted as a listed one is that label's false positive.
 */
export function labelCounts(t: CheckedTargets, labels: readonly Label[] | null, samplewise = false): LabelCounts {
  if (t.type === "multilabel-indicator") return indicatorCounts(t, labels, samplewise);
  if (samplewise) throw new ValueError("Samplewise metrics are not available outside of multilabel classification.");
  const wanted = labels ?? t.present;
  const all = [...wanted, ...t.present.filter((l) => !wanted.includes(l))];
  const yt = t.yTrue.values, yp = t.yPred.values;
  const target = indexLabels(yt, all), pred = indexLabels(yp, all);
  const k = all.length;
  const c = countsFromConfmat(multiclassConfmat({ pred, target, rows: yt.length, perRow: 1 }, k), k);
  const n = wanted.length;
  return {
    tp: c.tp.slice(0, n),
    predSum: Float64Array.from({ length: n }, (_, i) => c.tp[i] + c.fp[i]),
    trueSum: Float64Array.from({ length: n }, (_, i) => c.tp[i] + c.fn[i]),
  };
}

function indicatorCounts(t: CheckedTargets, labels: readonly Label[] | null, samplewise: boolean): LabelCounts {
  if (t.yTrue.ndim !== 2 || t.yPred.ndim !== 2) throw new ValueError("multilabel-indicator targets must be 2-D");
  const { rows, cols } = t.yTrue;
  const cols2 = (labels ?? t.present) as number[];
  if (labels !== null) {
    const max = maxOf(cols2), min = minOf(cols2);
    if (max >= cols) throw new ValueError(`All labels must be in [0, n labels) for multilabel targets. Got ${max} > ${cols - 1}`);
    if (min < 0) throw new ValueError(`All labels must be in [0, n labels) for multilabel targets. Got ${min} < 0`);
  }
  const out = samplewise ? rows : cols2.length;
  const tp = new Float64Array(out), predSum = new Float64Array(out), trueSum = new Float64Array(out);
  const yt = t.yTrue.values, yp = t.yPred.values;
  for (let r = 0; r < rows; r++) {
    cols2.forEach((c, j) => {
      const a = yt[r * cols + c] !== 0 ? 1 : 0, b = yp[r * cols + c] !== 0 ? 1 : 0;
      const o = samplewise ? r : j;
      tp[o] += a & b;
      predSum[o] += b;
      trueSum[o] += a;
    });
  }
  return { tp, predSum, trueSum };
}

// scikit-learn's `accuracy_score`: the share (or number) of samples predicted exactly right.

export interface AccuracyScoreOptions {
  /** false: the number of right samples instead of their share. */
  normalize?: boolean;
}

export function accuracyScore(yTrue: LabelInput, yPred: LabelInput, options: AccuracyScoreOptions = {}): number {
  const t = checkTargets(yTrue, yPred);
  let right = 0, n = 0;
  if (t.yTrue.ndim === 2 && t.yPred.ndim === 2) {
    // indicator matrices: a sample is right when every label is
    const { rows, cols } = t.yTrue;
    for (let r = 0; r < rows; r++) {
      let same = true;
      for (let c = 0; c < cols; c++) if ((t.yTrue.values[r * cols + c] !== 0) !== (t.yPred.values[r * cols + c] !== 0)) same = false;
      if (same) right++;
    }
    n = rows;
  } else {
    const a = t.yTrue.values, b = t.yPred.values;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) right++;
    n = a.length;
  }
  return options.normalize ?? true ? right / n : right;
}

// scikit-learn's `confusion_matrix`: rows are true labels, columns predictions, in the order of
// `labels` (default: every label present, sorted); samples with a label outside it are left out.

export interface SklearnConfusionMatrixOptions {
  labels?: readonly Label[] | null;
  /** Divide by the true totals ("true"), predicted totals ("pred") or everything ("all"); 0/0 gives 0. */
  normalize?: "true" | "pred" | "all" | null;
}

export function confusionMatrix(yTrue: LabelInput, yPred: LabelInput, options: SklearnConfusionMatrixOptions = {}): Tensor {
  const t = checkTargets(yTrue, yPred);
  if (t.type === "multilabel-indicator") throw new ValueError(`${t.type} is not supported`);
  const yt = t.yTrue.values, yp = t.yPred.values;
  const labels = options.labels ?? t.present;
  if (options.labels) {
    if (labels.length === 0) throw new ValueError("'labels' should contain at least one label.");
    if (!Array.from(indexLabels(yt, labels)).some((i) => i >= 0)) {
      throw new ValueError("At least one label specified must be in y_true");
    }
  }
  const target = indexLabels(yt, labels), pred = indexLabels(yp, labels);
  for (let i = 0; i < yt.length; i++) {
    // a sample leaves the matrix when either of its labels is not listed
    if (pred[i] < 0) target[i] = -1;
  }
  const k = labels.length;
  const cm = multiclassConfmat({ pred, target, rows: yt.length, perRow: 1 }, k);
  const normalize = options.normalize ?? null;
  if (normalize === null) return i64(cm, [k, k]);
  const out = new Float64Array(k * k);
  let all = 0;
  for (const v of cm) all += v;
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      let den = all;
      if (normalize === "true") den = cm.subarray(r * k, r * k + k).reduce((a, b) => a + b, 0);
      else if (normalize === "pred") den = Array.from({ length: k }, (_, i) => cm[i * k + c]).reduce((a, b) => a + b, 0);
      const v = cm[r * k + c] / den;
      out[r * k + c] = Number.isNaN(v) ? 0 : v;
    }
  }
  return floatTensor(out, [k, k], "float64");
}

// scikit-learn's `precision_recall_fscore_support`, `fbeta_score` and `f1_score`.

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
