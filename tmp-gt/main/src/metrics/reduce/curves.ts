/**
 * The curve family's formulas: the exact curve over sorted scores, curve points from
 * binned counts, per-class columns and macro averages, the outputs' layouts, and the
 * areas under the curves (AUROC, average precision).
 */
import type { Tensor } from "../../tensor/tensor.js";
import {
  type BinnedCounts, type CurveBatch, type CurveState, type TargetLayout, truthOf,
} from "../core/curve-state.js";
import { f32, type FloatArray, floatTensor } from "../core/tensors.js";
import { sortAscending } from "./sort-floats.js";
import { safeDivide } from "./stat.js";

// Points of the precision-recall and ROC curves of one column (class, label or the binary
// task), from the exact curve or from per-threshold counts. Values are float32, as torch
// divides its counts in float32.

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

// The exact binary curve (torchmetrics' `_binary_clf_curve`): for every distinct score, from
// the highest down, the numbers of positives and negatives scoring at least that much.
// Positives and negatives are sorted apart (radix sort for float32) and merged, so a million
// scores take a fraction of a second.

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

// The one-vs-rest curves of a curve state, column by column (the binary task has one column,
// multi-class one per class, multi-label one per label), plus the weights of each column.

export type CurveKind = "pr" | "roc";

/** Where the curves come from: every kept score, or the per-threshold counts. */
export type CurveSource =
  | { kind: "exact"; all: CurveBatch; layout: TargetLayout }
  | { kind: "binned"; counts: BinnedCounts; thresholds: FloatArray; cols: number };

export function sourceOf(state: CurveState): CurveSource {
  const t = state.cfg.thresholds;
  if (state.binned !== null && t !== null) return { kind: "binned", counts: state.binned, thresholds: t, cols: state.cols };
  return { kind: "exact", all: state.all(), layout: state.layout };
}

/** Every column pooled into one binary problem (the multi-label micro average). */
export function pooledSource(src: CurveSource): CurveSource {
  if (src.kind === "exact") {
    const { all } = src;
    return { kind: "exact", all: { ...all, rows: all.rows * all.cols, cols: 1 }, layout: src.layout };
  }
  const nT = src.thresholds.length;
  const sum = (a: Float64Array): Float64Array => {
    const out = new Float64Array(nT);
    for (let t = 0; t < nT; t++) for (let c = 0; c < src.cols; c++) out[t] += a[t * src.cols + c];
    return out;
  };
  const { tp, fp, fn, tn } = src.counts;
  return { kind: "binned", counts: { tp: sum(tp), fp: sum(fp), fn: sum(fn), tn: sum(tn) }, thresholds: src.thresholds, cols: 1 };
}

export function columnCount(src: CurveSource): number {
  return src.kind === "exact" ? src.all.cols : src.cols;
}

/** Scores and 0/1 truth of one column, ignored scores left out. */
function column(all: CurveBatch, layout: TargetLayout, c: number): { scores: FloatArray; truth: Int8Array; noPositives: boolean } {
  const truth = new Int8Array(all.rows);
  let kept = 0;
  for (let i = 0; i < all.rows; i++) {
    truth[i] = truthOf(all, layout, i, c);
    if (truth[i] >= 0) kept++;
  }
  const scores = all.scores instanceof Float64Array ? new Float64Array(kept) : new Float32Array(kept);
  const t = new Int8Array(kept);
  // torchmetrics' "no positive samples" test looks at the raw targets: are they all 0?
  let allZero = true;
  for (let i = 0, k = 0; i < all.rows; i++) {
    if (truth[i] < 0) continue;
    scores[k] = all.scores[i * all.cols + c];
    t[k++] = truth[i];
    const raw = layout === "label" ? all.target[i] : all.target[i * all.cols + c];
    if (raw !== 0) allZero = false;
  }
  return { scores, truth: t, noPositives: allZero };
}

/** The curve of every column. */
export function columnCurves(src: CurveSource, kind: CurveKind): CurvePoints[] {
  const out: CurvePoints[] = [];
  for (let c = 0; c < columnCount(src); c++) {
    if (src.kind === "binned") {
      out.push(kind === "pr" ? binnedPrCurve(src.counts, src.thresholds, src.cols, c) : binnedRoc(src.counts, src.thresholds, src.cols, c));
    } else {
      const col = column(src.all, src.layout, c);
      out.push(kind === "pr" ? exactPrCurve(col.scores, col.truth, col.noPositives) : exactRoc(col.scores, col.truth));
    }
  }
  return out;
}

/** Positives of each column: the support weights of the "weighted" average. */
export function columnSupport(src: CurveSource): Float64Array {
  const cols = columnCount(src);
  const w = new Float64Array(cols);
  if (src.kind === "binned") {
    for (let c = 0; c < cols; c++) w[c] = src.counts.tp[c] + src.counts.fn[c];
    return w;
  }
  for (let i = 0; i < src.all.rows; i++) {
    for (let c = 0; c < cols; c++) if (truthOf(src.all, src.layout, i, c) === 1) w[c]++;
  }
  return w;
}

// Curve points as tensors: one curve as three tensors, several as lists or stacked [C, n] tensors.

/** (precision, recall, thresholds) or (fpr, tpr, thresholds). */
export type CurveTriple = [Tensor, Tensor, Tensor];
/** One tensor per class for each of the three. */
export type CurveLists = [Tensor[], Tensor[], Tensor[]];
export type CurveResult = CurveTriple | CurveLists;

function thresholdTensor(t: FloatArray): Tensor {
  return floatTensor(t, [t.length], t instanceof Float64Array ? "float64" : "float32");
}

export function curveTriple(p: CurvePoints): CurveTriple {
  return [f32(p.x), f32(p.y), thresholdTensor(p.thresholds)];
}

/** Exact curves differ in length per class: lists. Binned ones share the thresholds: [C, n] tensors. */
export function curvesOut(curves: CurvePoints[], binned: boolean): CurveResult {
  if (!binned) {
    return [curves.map((c) => f32(c.x)), curves.map((c) => f32(c.y)), curves.map((c) => thresholdTensor(c.thresholds))];
  }
  const n = curves[0]?.x.length ?? 0;
  const stack = (pick: (c: CurvePoints) => Float32Array): Tensor => {
    const out = new Float32Array(curves.length * n);
    curves.forEach((c, i) => out.set(pick(c), i * n));
    return f32(out, [curves.length, n]);
  };
  return [stack((c) => c.x), stack((c) => c.y), thresholdTensor(curves[0]?.thresholds ?? new Float32Array(0))];
}

// torchmetrics' macro-averaged multi-class curves: the points of every class pooled and
// sorted, and the other coordinate interpolated on each class's curve and averaged. The
// arithmetic is float32, step by step, as torch does it on float32 tensors: the interpolation
// divides differences, so it is sensitive to the rounding of every step.

const f = Math.fround;

/** torchmetrics' `interp`: piecewise-linear through (xp, fp), indexed by how many xp are <= x. */
function interp(x: Float32Array, xp: Float32Array, fp: Float32Array): Float32Array {
  const n = xp.length - 1;
  const m = new Float32Array(Math.max(n, 0)), b = new Float32Array(Math.max(n, 0));
  for (let i = 0; i < n; i++) {
    const den = f(xp[i + 1] - xp[i]);
    m[i] = den !== 0 ? f(f(fp[i + 1] - fp[i]) / den) : 0;
    b[i] = f(fp[i] - f(m[i] * xp[i]));
  }
  const sorted = Float32Array.from(xp).sort();
  const out = new Float32Array(x.length);
  for (let k = 0; k < x.length; k++) {
    let lo = 0, hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x[k] >= sorted[mid]) lo = mid + 1;
      else hi = mid;
    }
    const idx = Math.min(Math.max(lo - 1, 0), n - 1);
    out[k] = f(f(m[idx] * x[k]) + b[idx]);
  }
  return out;
}

function concat32(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function concatThresholds(parts: FloatArray[]): FloatArray {
  const wide = parts.some((p) => p instanceof Float64Array);
  const out = wide ? new Float64Array(parts.reduce((n, p) => n + p.length, 0)) : new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Pools the per-class curves: x sorted ascending, y the mean of the classes' interpolated y,
 * thresholds sorted (ascending for precision-recall, descending for ROC).
 */
export function macroCurve(curves: CurvePoints[], thresholdOrder: "ascending" | "descending"): CurvePoints {
  const x = concat32(curves.map((c) => c.x)).sort();
  const sum = new Float32Array(x.length);
  for (const c of curves) {
    const y = interp(x, c.x, c.y);
    for (let k = 0; k < sum.length; k++) sum[k] = f(sum[k] + y[k]);
  }
  const y = sum.map((v) => f(v / curves.length));
  const thresholds = concatThresholds(curves.map((c) => c.thresholds)).sort();
  if (thresholdOrder === "descending") thresholds.reverse();
  return { x, y, thresholds };
}

// Areas under curves and their averaging over classes (torchmetrics' AUROC and average precision).

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
