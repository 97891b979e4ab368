/**
 * torchmetrics' averaging of per-class scores, on float64 counts. Scores come back as float32
 * tensors: one value, one per sample ("samplewise"), or one per class ("none" / null).
 */
import type { Tensor } from "../../tensor/tensor.js";
import type { StatCounts } from "../core/stat-counts.js";
import { f32 } from "../internal/tensors.js";

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
