/**
 * The one-vs-rest curves of a curve state, column by column (the binary task has one column,
 * multi-class one per class, multi-label one per label), plus the weights of each column.
 */
import type { CurveBatch } from "../core/curve-inputs.js";
import { truthOf, type BinnedCounts, type CurveState, type TargetLayout } from "../core/curve-states.js";
import type { FloatArray } from "../internal/tensors.js";
import { binnedPrCurve, binnedRoc, exactPrCurve, exactRoc, type CurvePoints } from "./curve-points.js";

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
