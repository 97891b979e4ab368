/**
 * The reference pooling kernels: max pooling with PyTorch's indices, and the average of
 * windows that avg_pool2d and adaptive_avg_pool2d both reduce to (each output cell's
 * window inside the image and its divisor, laid out by the op).
 */
import type { Storage } from "../../tensor/dtype.js";
import type { PoolGeometry } from "../backend.js";

export function maxPool2d(x: Storage, out: Storage, indices: Storage, p: PoolGeometry): void {
  if (x instanceof Float32Array && out instanceof Float32Array && indices instanceof Float64Array && isPlain2x2(p)) {
    maxPool2x2F32(x, out, indices, p);
    return;
  }
  const plane = p.h * p.w, outPlane = p.oh * p.ow;
  for (let q = 0; q < p.planes; q++) {
    const base = q * plane;
    for (let oy = 0; oy < p.oh; oy++) {
      for (let ox = 0; ox < p.ow; ox++) {
        let best = -Infinity, at = -1;
        for (let i = 0; i < p.kh; i++) {
          const iy = oy * p.sh - p.ph + i * p.dh;
          if (iy < 0 || iy >= p.h) continue;
          for (let j = 0; j < p.kw; j++) {
            const ix = ox * p.sw - p.pw + j * p.dw;
            if (ix < 0 || ix >= p.w) continue;
            const v = x[base + iy * p.w + ix];
            // The first maximum wins, but every NaN replaces what came before (the last
            // NaN's index is kept), as PyTorch's kernel compares.
            if (v > best || Number.isNaN(v) || at < 0) {
              best = v;
              at = iy * p.w + ix;
            }
          }
        }
        const o = q * outPlane + oy * p.ow + ox;
        out[o] = best;
        indices[o] = at;
      }
    }
  }
}

/** 2×2 windows, undilated, every window inside the image (no padding, none past the edge in ceil mode). */
function isPlain2x2(p: PoolGeometry): boolean {
  return p.kh === 2 && p.kw === 2 && p.dh === 1 && p.dw === 1 && p.ph === 0 && p.pw === 0
    && (p.oh - 1) * p.sh + 2 <= p.h && (p.ow - 1) * p.sw + 2 <= p.w;
}

/**
 * The 2×2 pooling of nearly every CNN (TinyVGG's MaxPool2d(2)), with the general loop's
 * comparisons in its order (row by row, the first maximum kept, every NaN taken) but no
 * bounds tests and one typed-array class each: the general loop was 8% of a TinyVGG step.
 */
function maxPool2x2F32(x: Float32Array, out: Float32Array, indices: Float64Array, p: PoolGeometry): void {
  const plane = p.h * p.w, w = p.w;
  let o = 0;
  for (let q = 0; q < p.planes; q++) {
    const base = q * plane;
    for (let oy = 0; oy < p.oh; oy++) {
      const top = oy * p.sh * w;
      for (let ox = 0; ox < p.ow; ox++, o++) {
        const i0 = top + ox * p.sw;
        let best = x[base + i0], at = i0;
        let v = x[base + i0 + 1];
        if (v > best || v !== v) { best = v; at = i0 + 1; }
        v = x[base + i0 + w];
        if (v > best || v !== v) { best = v; at = i0 + w; }
        v = x[base + i0 + w + 1];
        if (v > best || v !== v) { best = v; at = i0 + w + 1; }
        out[o] = best;
        indices[o] = at;
      }
    }
  }
}

/**
 * gx (zeroed here) gets each output's gradient added at its maximum's position. A window
 * wholly in the padding (possible with dilation) has index −1 and a −∞ that depends on no
 * input: it adds nothing (it was added at the previous plane's last position).
 */
export function maxPool2dBackward(g: Storage, indices: Storage, gx: Storage, p: PoolGeometry): void {
  const plane = p.h * p.w, outPlane = p.oh * p.ow;
  gx.fill(0);
  for (let q = 0; q < p.planes; q++) {
    for (let k = 0; k < outPlane; k++) {
      const at = indices[q * outPlane + k];
      if (at >= 0 && at < plane) gx[q * plane + at] += g[q * outPlane + k];
    }
  }
}

/** out[q, k] = Σ of x over window k of plane q (rows y0..y1, columns x0..x1 in `windows`) / divisors[k]. */
export function windowAverage(x: Storage, out: Storage, planes: number, w: number, plane: number, windows: Int32Array, divisors: Float64Array): void {
  const outPlane = divisors.length;
  for (let q = 0; q < planes; q++) {
    for (let k = 0; k < outPlane; k++) {
      let s = 0;
      for (let y = windows[4 * k]; y < windows[4 * k + 1]; y++) {
        for (let xx = windows[4 * k + 2]; xx < windows[4 * k + 3]; xx++) s += x[q * plane + y * w + xx];
      }
      out[q * outPlane + k] = s / divisors[k];
    }
  }
}

/** The adjoint: gx (zeroed here) gets g[q, k] / divisors[k] added over window k. */
export function windowAverageBackward(g: Storage, gx: Storage, planes: number, w: number, plane: number, windows: Int32Array, divisors: Float64Array): void {
  const outPlane = divisors.length;
  gx.fill(0);
  for (let q = 0; q < planes; q++) {
    for (let k = 0; k < outPlane; k++) {
      const v = g[q * outPlane + k] / divisors[k];
      for (let y = windows[4 * k]; y < windows[4 * k + 1]; y++) {
        for (let xx = windows[4 * k + 2]; xx < windows[4 * k + 3]; xx++) gx[q * plane + y * w + xx] += v;
      }
    }
  }
}
