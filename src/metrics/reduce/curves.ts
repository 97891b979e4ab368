/**
 * Points of the precision-recall and ROC curves of one column (class, label or the binary
 * task), from the exact curve or from per-threshold counts. Values are float32, as torch
 * divides its counts in float32.
 */
import type { BinnedCounts } from "../core/curve-states.js";
import type { FloatArray } from "../internal/tensors.js";
import { clfCurve } from "./clf-curve.js";

export interface CurvePoints {
  /** Precision and recall, or false- and true-positive rates. */
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly thresholds: FloatArray;
}

const div32 = (a: number, b: number): number => Math.fround(a / b);

/**
 * Exact precision-recall curve, thresholds ascending, ending at (precision 1, recall 0).
 * `noPositives` is torchmetrics' test of the raw targets (all zero), which sets recall to 1.
 */
export function exactPrCurve(scores: FloatArray, truth: Int8Array, noPositives: boolean): CurvePoints {
  const { fps, tps, thresholds } = clfCurve(scores, truth);
  const n = tps.length;
  const precision = new Float32Array(n + 1), recall = new Float32Array(n + 1);
  const last = n > 0 ? tps[n - 1] : 0;
  for (let k = 0; k < n; k++) {
    precision[n - 1 - k] = div32(tps[k], tps[k] + fps[k]);
    recall[n - 1 - k] = noPositives ? 1 : div32(tps[k], last);
  }
  precision[n] = 1;
  recall[n] = 0;
  return { x: precision, y: recall, thresholds: thresholds.slice().reverse() };
}

/** Exact ROC curve (fpr, tpr), thresholds descending from 1; a rate is all zeros when its class is missing. */
export function exactRoc(scores: FloatArray, truth: Int8Array): CurvePoints {
  const { fps, tps, thresholds } = clfCurve(scores, truth);
  const n = tps.length;
  const fpr = new Float32Array(n + 1), tpr = new Float32Array(n + 1);
  const fLast = n > 0 ? fps[n - 1] : 0, tLast = n > 0 ? tps[n - 1] : 0;
  for (let k = 0; k < n; k++) {
    fpr[k + 1] = fLast <= 0 ? 0 : div32(fps[k], fLast);
    tpr[k + 1] = tLast <= 0 ? 0 : div32(tps[k], tLast);
  }
  const thr = thresholds instanceof Float64Array ? new Float64Array(n + 1) : new Float32Array(n + 1);
  thr[0] = 1;
  thr.set(thresholds, 1);
  return { x: fpr, y: tpr, thresholds: thr };
}

/** Binned precision-recall curve of column c: 0/0 is NaN, thresholds as given, then (1, 0). */
export function binnedPrCurve(b: BinnedCounts, thresholds: FloatArray, cols: number, c: number): CurvePoints {
  const n = thresholds.length;
  const precision = new Float32Array(n + 1), recall = new Float32Array(n + 1);
  for (let t = 0; t < n; t++) {
    const o = t * cols + c;
    precision[t] = div32(b.tp[o], b.tp[o] + b.fp[o]);
    recall[t] = div32(b.tp[o], b.tp[o] + b.fn[o]);
  }
  precision[n] = 1;
  recall[n] = 0;
  return { x: precision, y: recall, thresholds };
}

/** Binned ROC of column c, thresholds reversed; 0/0 rates are 0. */
export function binnedRoc(b: BinnedCounts, thresholds: FloatArray, cols: number, c: number): CurvePoints {
  const n = thresholds.length;
  const fpr = new Float32Array(n), tpr = new Float32Array(n);
  for (let t = 0; t < n; t++) {
    const o = t * cols + c;
    const den1 = b.tp[o] + b.fn[o], den0 = b.fp[o] + b.tn[o];
    tpr[n - 1 - t] = den1 === 0 ? 0 : div32(b.tp[o], den1);
    fpr[n - 1 - t] = den0 === 0 ? 0 : div32(b.fp[o], den0);
  }
  return { x: fpr, y: tpr, thresholds: thresholds.slice().reverse() };
}
