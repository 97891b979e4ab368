/**
 * `stat_scores` output: [tp, fp, tn, fn, support] per class, summed (micro, int64), averaged
 * (macro and weighted, float32) or kept per class (none, int64).
 */
import type { Tensor } from "../../tensor/tensor.js";
import type { StatCounts } from "../core/stat-counts.js";
import { f32, i64 } from "../internal/tensors.js";
import type { StatAverage } from "./averaging.js";

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
