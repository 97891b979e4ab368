/**
 * The exact binary curve (torchmetrics' `_binary_clf_curve`): for every distinct score, from
 * the highest down, the numbers of positives and negatives scoring at least that much.
 * Positives and negatives are sorted apart (radix sort for float32) and merged, so a million
 * scores take a fraction of a second.
 */
import type { FloatArray } from "../internal/tensors.js";
import { sortAscending } from "./sort-floats.js";

export interface ClfCurve {
  /** Cumulative false and true positives at each threshold, thresholds descending. */
  readonly fps: Float64Array;
  readonly tps: Float64Array;
  readonly thresholds: FloatArray;
}

/** `truth[i]` is 1 for a positive, 0 for a negative; other values are skipped. */
export function clfCurve(scores: FloatArray, truth: Int8Array): ClfCurve {
  const wide = scores instanceof Float64Array;
  let nPos = 0, nNeg = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] === 1) nPos++;
    else if (truth[i] === 0) nNeg++;
  }
  const pos = wide ? new Float64Array(nPos) : new Float32Array(nPos);
  const neg = wide ? new Float64Array(nNeg) : new Float32Array(nNeg);
  for (let i = 0, p = 0, q = 0; i < truth.length; i++) {
    if (truth[i] === 1) pos[p++] = scores[i];
    else if (truth[i] === 0) neg[q++] = scores[i];
  }
  sortAscending(pos);
  sortAscending(neg);
  // at most one threshold per score
  const fps = new Float64Array(nPos + nNeg), tps = new Float64Array(nPos + nNeg);
  const thr = wide ? new Float64Array(nPos + nNeg) : new Float32Array(nPos + nNeg);
  let i = nPos - 1, j = nNeg - 1, tp = 0, fp = 0, k = 0;
  while (i >= 0 || j >= 0) {
    const a = i >= 0 ? pos[i] : -Infinity;
    const b = j >= 0 ? neg[j] : -Infinity;
    let v: number;
    if (Number.isNaN(a) || Number.isNaN(b)) {
      // NaN sorts above every number in torch and never equals its neighbour: its own threshold
      if (Number.isNaN(a)) {
        tp++;
        i--;
      } else {
        fp++;
        j--;
      }
      v = NaN;
    } else {
      v = a >= b ? a : b;
      while (i >= 0 && pos[i] === v) {
        tp++;
        i--;
      }
      while (j >= 0 && neg[j] === v) {
        fp++;
        j--;
      }
    }
    fps[k] = fp;
    tps[k] = tp;
    thr[k++] = v;
  }
  return { fps: fps.slice(0, k), tps: tps.slice(0, k), thresholds: thr.slice(0, k) };
}
