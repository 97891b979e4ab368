/**
 * What the curve metrics accumulate. Without thresholds (exact curves) every score and target
 * is kept, as torchmetrics keeps them; with thresholds only, per threshold and class, the
 * counts of positives and negatives at or above it.
 */
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { FloatArray } from "../internal/tensors.js";
import type { CurveConfig } from "./curve-config.js";
import type { CurveBatch } from "./curve-inputs.js";
import type { MetricState } from "./state.js";

/** How each column's targets are read: a label per row (binary, multi-class) or a 0/1 per score. */
export type TargetLayout = "label" | "per-score";

export interface BinnedCounts {
  /** Index `t * cols + c`: threshold t, class c. */
  readonly tp: Float64Array;
  readonly fp: Float64Array;
  readonly fn: Float64Array;
  readonly tn: Float64Array;
}

export class CurveState implements MetricState<CurveState> {
  private chunks: CurveBatch[] = [];
  readonly binned: BinnedCounts | null;

  constructor(
    readonly cfg: CurveConfig,
    readonly layout: TargetLayout,
    private readonly format: (preds: Tensor, target: Tensor) => CurveBatch,
    readonly cols = cfg.cols,
  ) {
    const t = cfg.thresholds;
    const z = (): Float64Array => new Float64Array((t?.length ?? 0) * cols);
    this.binned = t === null ? null : { tp: z(), fp: z(), fn: z(), tn: z() };
  }

  update(preds: Tensor, target: Tensor): void {
    const batch = this.format(preds, target);
    if (this.binned === null || this.cfg.thresholds === null) this.chunks.push(batch);
    else addBinned(this.binned, this.cfg.thresholds, batch, this.layout);
  }

  empty(): CurveState {
    return new CurveState(this.cfg, this.layout, this.format, this.cols);
  }

  merge(other: CurveState): void {
    for (const c of other.chunks) this.chunks.push(c);
    if (this.binned && other.binned) {
      for (const k of ["tp", "fp", "fn", "tn"] as const) {
        const a = this.binned[k], b = other.binned[k];
        for (let i = 0; i < a.length; i++) a[i] += b[i];
      }
    }
  }

  /** Every score and target kept so far, in update order. */
  all(): CurveBatch {
    // torchmetrics' `dim_zero_cat` of an empty state
    if (this.chunks.length === 0) throw new ValueError("No samples to concatenate");
    if (this.chunks.length === 1) return this.chunks[0];
    const rows = this.chunks.reduce((n, c) => n + c.rows, 0);
    const wide = this.chunks.some((c) => c.scores instanceof Float64Array);
    const scores: FloatArray = wide ? new Float64Array(rows * this.cols) : new Float32Array(rows * this.cols);
    const perRow = this.layout === "label" ? 1 : this.cols;
    const target = new Int32Array(rows * perRow);
    let r = 0;
    for (const c of this.chunks) {
      scores.set(c.scores, r * this.cols);
      target.set(c.target, r * perRow);
      r += c.rows;
    }
    return { scores, target, rows, cols: this.cols };
  }
}

/** Whether score `i` of column `c` is a positive (1), a negative (0) or ignored (-1). */
export function truthOf(b: CurveBatch, layout: TargetLayout, i: number, c: number): number {
  if (layout === "label") return b.target[i] === (b.cols === 1 ? 1 : c) ? 1 : 0;
  const t = b.target[i * b.cols + c];
  return t === 1 ? 1 : t === 0 ? 0 : -1;
}

/** Adds a batch to the per-threshold counts: a score counts as predicted positive at t when score >= t. */
function addBinned(counts: BinnedCounts, thresholds: FloatArray, b: CurveBatch, layout: TargetLayout): void {
  const nT = thresholds.length;
  const order = Array.from(thresholds.keys()).sort((x, y) => thresholds[x] - thresholds[y]);
  const sorted = order.map((i) => thresholds[i]);
  for (let c = 0; c < b.cols; c++) {
    // hist[k]: scores reaching exactly the k lowest thresholds
    const pos = new Float64Array(nT + 1), neg = new Float64Array(nT + 1);
    for (let i = 0; i < b.rows; i++) {
      const truth = truthOf(b, layout, i, c);
      if (truth < 0) continue;
      const k = countAtMost(sorted, b.scores[i * b.cols + c]);
      if (truth === 1) pos[k]++;
      else neg[k]++;
    }
    let posAbove = 0, negAbove = 0, posTotal = 0, negTotal = 0;
    for (let k = 0; k <= nT; k++) {
      posTotal += pos[k];
      negTotal += neg[k];
    }
    for (let j = nT - 1; j >= 0; j--) {
      posAbove += pos[j + 1];
      negAbove += neg[j + 1];
      const o = order[j] * b.cols + c;
      counts.tp[o] += posAbove;
      counts.fp[o] += negAbove;
      counts.fn[o] += posTotal - posAbove;
      counts.tn[o] += negTotal - negAbove;
    }
  }
}

/** Number of ascending `sorted` values that are <= x (0 for NaN). */
function countAtMost(sorted: readonly number[], x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
