/**
 * The stat-score family's formulas on counts: torchmetrics' averaging of per-class scores,
 * and each metric's reduction (accuracy, precision, recall, F-beta, specificity, hamming).
 */
import type { Tensor } from "../../tensor/tensor.js";
import type { StatCounts } from "../core/labels.js";
import { f32, i64 } from "../core/tensors.js";

// torchmetrics' averaging of per-class scores, on float64 counts. Scores come back as float32
// tensors: one value, one per sample ("samplewise"), or one per class ("none" / null).

/** "binary" is the task-specific binary metrics' own reduction: the single class as is. */
export type StatAverage = "binary" | "micro" | "macro" | "weighted" | "none" | null;

/** num / den, or `zeroDivision` when den is 0 (torchmetrics' `_safe_divide`). */
export function safeDivide(num: number, den: number, zeroDivision = 0): number {
  return den !== 0 ? num / den : zeroDivision;
}

export type ClassScore = (tp: number, fp: number, tn: number, fn: number) => number;

export interface ReduceSpec {
  /** The score of one class (or of the pooled counts). */
  score: ClassScore;
  /** The micro score of the counts summed over classes; defaults to `score`. */
  micro?: ClassScore;
  multilabel: boolean;
  /** Classes without support drop out of the macro average by `tp + fn` (top-k > 1) instead of `tp + fp + fn`. */
  topK?: number;
}

/** Shape of one value per row: a scalar for global counts, [N] for samplewise ones. */
function rowShape(c: StatCounts): number[] {
  return c.samplewise ? [c.rows] : [];
}

export function reduceStat(c: StatCounts, average: StatAverage, spec: ReduceSpec): Tensor {
  const { tp, fp, tn, fn, rows, cols } = c;
  if (average === "binary") {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) out[r] = spec.score(tp[r], fp[r], tn[r], fn[r]);
    return f32(out, rowShape(c));
  }
  if (average === "micro") {
    const micro = spec.micro ?? spec.score;
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let a = 0, b = 0, d = 0, e = 0;
      for (let k = r * cols; k < (r + 1) * cols; k++) {
        a += tp[k];
        b += fp[k];
        d += tn[k];
        e += fn[k];
      }
      out[r] = micro(a, b, d, e);
    }
    return f32(out, rowShape(c));
  }
  const scores = new Float64Array(rows * cols);
  for (let k = 0; k < scores.length; k++) scores[k] = spec.score(tp[k], fp[k], tn[k], fn[k]);
  if (average === "none" || average === null) return f32(scores, c.samplewise ? [rows, cols] : [cols]);
  return f32(weightedMean(c, scores, average, spec.multilabel, spec.topK ?? 1), rowShape(c));
}

/**
 * torchmetrics' `_adjust_weights_safe_divide`: "weighted" weighs each class by its support
 * (tp + fn); "macro" weighs classes equally, except that single-label classes never seen in
 * target nor prediction are left out. A row whose weights sum to 0 scores 0.
 */
export function weightedMean(
  c: StatCounts, scores: Float64Array, average: "macro" | "weighted", multilabel: boolean, topK: number,
): Float64Array {
  const out = new Float64Array(c.rows);
  for (let r = 0; r < c.rows; r++) {
    let wsum = 0, acc = 0;
    for (let k = r * c.cols; k < (r + 1) * c.cols; k++) {
      let w: number;
      if (average === "weighted") w = c.tp[k] + c.fn[k];
      else if (multilabel) w = 1;
      else if (topK === 1) w = c.tp[k] + c.fp[k] + c.fn[k] === 0 ? 0 : 1;
      else w = c.tp[k] + c.fn[k] === 0 ? 0 : 1;
      wsum += w;
      acc += w * scores[k];
    }
    out[r] = wsum === 0 ? 0 : acc / wsum;
  }
  return out;
}

// The accuracy family as reductions of stat counts, with torchmetrics' formulas: which counts
// each score divides, how the micro average pools them, and the zero-division value.

export interface StatReduceOptions {
  multilabel?: boolean;
  topK?: number;
  zeroDivision?: number;
}

/** Accuracy: right/all for binary and multi-label; recall (tp / (tp + fn)) per class for multi-class. */
export function accuracyReduce(c: StatCounts, average: StatAverage, o: StatReduceOptions = {}): Tensor {
  const all = (tp: number, fp: number, tn: number, fn: number): number => safeDivide(tp + tn, tp + tn + fp + fn);
  const recall = (tp: number, _fp: number, _tn: number, fn: number): number => safeDivide(tp, tp + fn);
  const multilabel = o.multilabel ?? false;
  if (average === "binary") return reduceStat(c, average, { score: all, multilabel });
  return reduceStat(c, average, { score: multilabel ? all : recall, multilabel, topK: o.topK });
}

/** Precision tp / (tp + fp) or recall tp / (tp + fn). */
export function precisionRecallReduce(
  stat: "precision" | "recall", c: StatCounts, average: StatAverage, o: StatReduceOptions = {},
): Tensor {
  const zd = o.zeroDivision ?? 0;
  const score = (tp: number, fp: number, _tn: number, fn: number): number =>
    safeDivide(tp, tp + (stat === "precision" ? fp : fn), zd);
  return reduceStat(c, average, { score, multilabel: o.multilabel ?? false, topK: o.topK });
}

/**
 * F-beta: (1 + b^2) tp / ((1 + b^2) tp + b^2 fn + fp). torchmetrics leaves out unseen classes
 * by the top-1 rule here whatever top_k is.
 */
export function fbetaReduce(c: StatCounts, beta: number, average: StatAverage, o: StatReduceOptions = {}): Tensor {
  const b2 = beta * beta;
  const zd = o.zeroDivision ?? 0;
  const score = (tp: number, fp: number, _tn: number, fn: number): number =>
    safeDivide((1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp, zd);
  return reduceStat(c, average, { score, multilabel: o.multilabel ?? false });
}

/** Specificity: tn / (tn + fp). */
export function specificityReduce(c: StatCounts, average: StatAverage, o: StatReduceOptions = {}): Tensor {
  const score = (_tp: number, fp: number, tn: number): number => safeDivide(tn, tn + fp);
  return reduceStat(c, average, { score, multilabel: o.multilabel ?? false });
}

/** Hamming distance: 1 - accuracy, with accuracy as `accuracyReduce` defines it. */
export function hammingReduce(c: StatCounts, average: StatAverage, o: StatReduceOptions = {}): Tensor {
  const all = (tp: number, fp: number, tn: number, fn: number): number => 1 - safeDivide(tp + tn, tp + tn + fp + fn);
  const recall = (tp: number, _fp: number, _tn: number, fn: number): number => 1 - safeDivide(tp, tp + fn);
  const multilabel = o.multilabel ?? false;
  if (average === "binary") return reduceStat(c, average, { score: all, multilabel });
  return reduceStat(c, average, { score: multilabel ? all : recall, multilabel });
}

// `stat_scores` output: [tp, fp, tn, fn, support] per class, summed (micro, int64), averaged
// (macro and weighted, float32) or kept per class (none, int64).

export function statScoresReduce(c: StatCounts, average: StatAverage, multilabel: boolean): Tensor {
  const { rows, cols } = c;
  const per = new Float64Array(rows * cols * 5);
  for (let k = 0; k < rows * cols; k++) {
    per.set([c.tp[k], c.fp[k], c.tn[k], c.fn[k], c.tp[k] + c.fn[k]], k * 5);
  }
  const lead = c.samplewise ? [rows] : [];
  if (average === "binary") return i64(per, [...lead, 5]);
  if (average === "none" || average === null) return i64(per, [...lead, cols, 5]);
  const out = new Float64Array(rows * 5);
  // multi-label "weighted" divides by the support summed over everything, even per sample
  let globalSupport = 0;
  for (let k = 0; k < rows * cols; k++) globalSupport += c.tp[k] + c.fn[k];
  for (let r = 0; r < rows; r++) {
    let rowSupport = 0;
    for (let k = r * cols; k < (r + 1) * cols; k++) rowSupport += c.tp[k] + c.fn[k];
    const total = multilabel ? globalSupport : rowSupport;
    for (let k = r * cols; k < (r + 1) * cols; k++) {
      const w = average === "micro" ? 1 : average === "macro" ? 1 / cols : (c.tp[k] + c.fn[k]) / total;
      for (let j = 0; j < 5; j++) out[r * 5 + j] += per[k * 5 + j] * w;
    }
  }
  return average === "micro" ? i64(out, [...lead, 5]) : f32(out, [...lead, 5]);
}
