/** Areas under curves and their averaging over classes (torchmetrics' AUROC and average precision). */
import type { Tensor } from "../../tensor/tensor.js";
import { f32 } from "../internal/tensors.js";
import { safeDivide } from "./averaging.js";
import type { CurvePoints } from "./curve-points.js";

/** Trapezoidal area under y(x), in the order the points come. */
export function trapezoid(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let area = 0;
  for (let i = 0; i + 1 < x.length; i++) area += ((x[i + 1] - x[i]) * (y[i + 1] + y[i])) / 2;
  return area;
}

/**
 * Area under the ROC curve; with `maxFpr` the partial area up to that false-positive rate,
 * standardised by McClish's correction as torchmetrics (and scikit-learn) do.
 */
export function rocArea(roc: CurvePoints, maxFpr: number | null): number {
  const fpr = roc.x, tpr = roc.y;
  const sumF = fpr.reduce((a, b) => a + b, 0), sumT = tpr.reduce((a, b) => a + b, 0);
  if (maxFpr === null || maxFpr === 1 || sumF === 0 || sumT === 0) return trapezoid(fpr, tpr);
  const maxArea = Math.fround(maxFpr);
  // torch.bucketize(right=True): the number of rates <= maxArea
  let lo = 0, hi = fpr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fpr[mid] <= maxArea) lo = mid + 1;
    else hi = mid;
  }
  const stop = lo;
  const w = (maxArea - fpr[stop - 1]) / (fpr[stop] - fpr[stop - 1]);
  const a = tpr[stop - 1], b = tpr[stop];
  const interpTpr = w < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
  const x = [...fpr.subarray(0, stop), maxArea];
  const y = [...tpr.subarray(0, stop), interpTpr];
  const partial = trapezoid(x, y);
  const minArea = 0.5 * maxArea * maxArea;
  return 0.5 * (1 + (partial - minArea) / (maxArea - minArea));
}

/** Average precision: the sum over recall steps of precision, -sum((r[i+1] - r[i]) * p[i]). */
export function apArea(pr: CurvePoints, nanToZero: boolean): number {
  const fix = (v: number): number => (nanToZero && Number.isNaN(v) ? 0 : v);
  let s = 0;
  for (let i = 0; i + 1 < pr.y.length; i++) s += (fix(pr.y[i + 1]) - fix(pr.y[i])) * fix(pr.x[i]);
  return -s;
}

export type ClassAverage = "macro" | "weighted" | "none" | null;

/** Per-class scores, or their mean ("macro") or support-weighted mean; NaN classes are left out. */
export function averageClasses(scores: number[], average: ClassAverage, weights: Float64Array): Tensor {
  if (average === null || average === "none") return f32(scores);
  const kept = scores.map((_, i) => i).filter((i) => !Number.isNaN(scores[i]));
  if (average === "macro") {
    return f32([kept.reduce((a, i) => a + scores[i], 0) / kept.length], []);
  }
  const total = kept.reduce((a, i) => a + weights[i], 0);
  return f32([kept.reduce((a, i) => a + scores[i] * safeDivide(weights[i], total), 0)], []);
}
