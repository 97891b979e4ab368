/**
 * The stat-score core: true/false positives/negatives per class, pooled over everything
 * ("global", one row) or kept per sample ("samplewise", one row per sample). Every metric of
 * the accuracy family is a reduction of these counts; they are exact whole numbers in float64.
 */
import type { BinaryDecisions } from "./binary-decisions.js";

export interface StatCounts {
  readonly tp: Float64Array;
  readonly fp: Float64Array;
  readonly tn: Float64Array;
  readonly fn: Float64Array;
  /** 1 for global counts, the number of samples for samplewise ones. */
  readonly rows: number;
  /** Number of classes or labels (1 for binary). */
  readonly cols: number;
  readonly samplewise: boolean;
}

export function emptyCounts(cols: number, samplewise: boolean): StatCounts {
  const rows = samplewise ? 0 : 1;
  const z = (): Float64Array => new Float64Array(rows * cols);
  return { tp: z(), fp: z(), tn: z(), fn: z(), rows, cols, samplewise };
}

/** Accumulation across updates: global counts add up, samplewise rows are appended. */
export function mergeCounts(a: StatCounts, b: StatCounts): StatCounts {
  if (!a.samplewise) {
    const add = (x: Float64Array, y: Float64Array): Float64Array => x.map((v, i) => v + y[i]);
    return { ...a, tp: add(a.tp, b.tp), fp: add(a.fp, b.fp), tn: add(a.tn, b.tn), fn: add(a.fn, b.fn) };
  }
  const cat = (x: Float64Array, y: Float64Array): Float64Array => {
    const out = new Float64Array(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  return { ...a, tp: cat(a.tp, b.tp), fp: cat(a.fp, b.fp), tn: cat(a.tn, b.tn), fn: cat(a.fn, b.fn), rows: a.rows + b.rows };
}

/** Counts of 0/1 decisions; targets other than 0 and 1 (the ignored ones) count nowhere. */
export function countDecisions(d: BinaryDecisions, samplewise: boolean): StatCounts {
  const rows = samplewise ? d.rows : 1;
  const size = rows * d.cols;
  const tp = new Float64Array(size), fp = new Float64Array(size), tn = new Float64Array(size), fn = new Float64Array(size);
  let i = 0;
  for (let r = 0; r < d.rows; r++) {
    const base = samplewise ? r * d.cols : 0;
    for (let col = 0; col < d.cols; col++) {
      const o = base + col;
      for (let x = 0; x < d.inner; x++, i++) {
        const t = d.target[i];
        const p = d.pred[i];
        if (t === 1) {
          if (p === 1) tp[o]++;
          else fn[o]++;
        } else if (t === 0) {
          if (p === 0) tn[o]++;
          else fp[o]++;
        }
      }
    }
  }
  return { tp, fp, tn, fn, rows, cols: d.cols, samplewise };
}

/** Per-class counts of a multi-class confusion matrix (rows: target, columns: prediction). */
export function countsFromConfmat(confmat: Float64Array, numClasses: number): StatCounts {
  const c = numClasses;
  const tp = new Float64Array(c), fp = new Float64Array(c), tn = new Float64Array(c), fn = new Float64Array(c);
  let total = 0;
  for (let i = 0; i < c * c; i++) total += confmat[i];
  for (let k = 0; k < c; k++) {
    let row = 0, col = 0;
    for (let j = 0; j < c; j++) {
      row += confmat[k * c + j];
      col += confmat[j * c + k];
    }
    tp[k] = confmat[k * c + k];
    fp[k] = col - tp[k];
    fn[k] = row - tp[k];
    tn[k] = total - tp[k] - fp[k] - fn[k];
  }
  return { tp, fp, tn, fn, rows: 1, cols: c, samplewise: false };
}
