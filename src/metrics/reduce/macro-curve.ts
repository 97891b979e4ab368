/**
 * torchmetrics' macro-averaged multi-class curves: the points of every class pooled and
 * sorted, and the other coordinate interpolated on each class's curve and averaged. The
 * arithmetic is float32, step by step, as torch does it on float32 tensors: the interpolation
 * divides differences, so it is sensitive to the rounding of every step.
 */
import type { FloatArray } from "../internal/tensors.js";
import type { CurvePoints } from "./curve-points.js";

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
