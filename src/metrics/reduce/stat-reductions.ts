/**
 * The accuracy family as reductions of stat counts, with torchmetrics' formulas: which counts
 * each score divides, how the micro average pools them, and the zero-division value.
 */
import type { Tensor } from "../../tensor/tensor.js";
import type { StatCounts } from "../core/stat-counts.js";
import { reduceStat, safeDivide, type StatAverage } from "./averaging.js";

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
