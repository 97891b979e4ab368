/**
 * The reference convolution: im2col, then one matrix product per sample and group (the
 * reference GEMM), and back through col2im for the input's gradient. Samples go in
 * chunks, so the column scratch stays bounded (a 60,000-image batch would otherwise need
 * gigabytes of columns) without changing a bit: every sample's products are independent,
 * and the weight gradient is summed over samples in order, in float64, rounded once.
 */
import type { Storage } from "../../tensor/dtype.js";
import { recycle, takeFloat32, takeFloat64 } from "../../tensor/pool.js";
import type { ConvBackwardArgs, ConvGeometry } from "../backend.js";
import { matmul } from "./matmul.js";

/** Rows of one group's column matrix: (c / groups) · kh · kw. */
export const colRows = (g: ConvGeometry): number => (g.c / g.groups) * g.kh * g.kw;

/** Floats of column scratch a chunk may use (16 MB of float32). */
const COLUMN_BUDGET = 1 << 22;

/** Samples per chunk: as many as fit the column budget, at least one. */
export function samplesPerChunk(g: ConvGeometry): number {
  return Math.max(1, Math.min(g.n, Math.floor(COLUMN_BUDGET / Math.max(1, colRows(g) * g.oh * g.ow))));
}

/** Scratch of x's array type, from the pool (unfilled). */
function scratch(like: Storage, n: number): Storage {
  return like instanceof Float32Array ? takeFloat32(n, false) : takeFloat64(n, false);
}

/** The output columns [ox0, ox1) whose input column j·dw − pl + ox·sw lies inside the image. */
function insideColumns(g: ConvGeometry, j: number): [number, number, number] {
  const off = j * g.dw - g.pl;
  const ox0 = Math.min(g.ow, Math.max(0, Math.ceil(-off / g.sw)));
  const ox1 = Math.max(ox0, Math.min(g.ow, Math.floor((g.w - 1 - off) / g.sw) + 1));
  return [off, ox0, ox1];
}

/**
 * The walk shared by im2col and col2im over every (sample, channel, kernel row, kernel
 * column, output row) line of one group's columns, for samples [b0, b1): cols[b − b0,
 * (ci·kh + i)·kw + j, oy·ow + ox] pairs with x[b, group·cg + ci, oy·sh − pt + i·dh,
 * ox·sw − pl + j·dw]. `adjoint` false: the columns are written from x, 0 in the padding
 * (every element of that range, so `cols` may come from the pool unfilled). True: each
 * column entry is added into the position it came from (x is then the input's gradient).
 */
function walk(x: Storage, cols: Storage, g: ConvGeometry, group: number, b0: number, b1: number, adjoint: boolean): void {
  const cg = g.c / g.groups, rows = colRows(g), L = g.oh * g.ow, plane = g.h * g.w;
  for (let b = b0; b < b1; b++) {
    for (let ci = 0; ci < cg; ci++) {
      const image = (b * g.c + group * cg + ci) * plane;
      for (let i = 0; i < g.kh; i++) {
        for (let j = 0; j < g.kw; j++) {
          let col = ((b - b0) * rows + (ci * g.kh + i) * g.kw + j) * L;
          const [off, ox0, ox1] = insideColumns(g, j);
          for (let oy = 0; oy < g.oh; oy++, col += g.ow) {
            const iy = oy * g.sh - g.pt + i * g.dh;
            const inside = iy >= 0 && iy < g.h;
            const line = image + iy * g.w + off;
            if (adjoint) {
              if (inside) for (let ox = ox0; ox < ox1; ox++) x[line + ox * g.sw] += cols[col + ox];
            } else if (!inside) {
              cols.fill(0, col, col + g.ow);
            } else {
              cols.fill(0, col, col + ox0);
              for (let ox = ox0; ox < ox1; ox++) cols[col + ox] = x[line + ox * g.sw];
              cols.fill(0, col + ox1, col + g.ow);
            }
          }
        }
      }
    }
  }
}

/** One group's columns for samples [b0, b1) (see walk). */
export function im2col(x: Storage, g: ConvGeometry, group: number, b0: number, b1: number, cols: Storage): void {
  walk(x, cols, g, group, b0, b1, false);
}

/** The adjoint of im2col for samples [b0, b1): adds each column entry into the input position it came from. */
export function col2imAdd(cols: Storage, g: ConvGeometry, group: number, b0: number, b1: number, gx: Storage): void {
  walk(gx, cols, g, group, b0, b1, true);
}

/** out[b, oc, :] += bias[oc] over every sample. */
export function addChannelBias(out: Storage, bias: Storage, g: ConvGeometry): void {
  const L = g.oh * g.ow;
  for (let b = 0; b < g.n; b++) {
    for (let oc = 0; oc < g.o; oc++) {
      const v = bias[oc], at = (b * g.o + oc) * L;
      for (let l = 0; l < L; l++) out[at + l] += v;
    }
  }
}

/** gb[oc] = Σ over samples and positions of gOut[b, oc, :], in float64, rounded once. */
export function channelSums(gOut: Storage, g: ConvGeometry, gb: Storage): void {
  // One loop per array class, as activation.ts's: a loop that sees both stays polymorphic.
  if (gOut instanceof Float32Array) channelSumsF32(gOut, g, gb);
  else channelSumsAny(gOut, g, gb);
}

function channelSumsF32(gOut: Float32Array, g: ConvGeometry, gb: Storage): void {
  const L = g.oh * g.ow;
  for (let oc = 0; oc < g.o; oc++) {
    let s = 0;
    for (let b = 0; b < g.n; b++) for (let l = 0, at = (b * g.o + oc) * L; l < L; l++) s += gOut[at + l];
    gb[oc] = s;
  }
}

function channelSumsAny(gOut: Storage, g: ConvGeometry, gb: Storage): void {
  const L = g.oh * g.ow;
  for (let oc = 0; oc < g.o; oc++) {
    let s = 0;
    for (let b = 0; b < g.n; b++) for (let l = 0, at = (b * g.o + oc) * L; l < L; l++) s += gOut[at + l];
    gb[oc] = s;
  }
}

export function conv2d(x: Storage, w: Storage, bias: Storage | null, out: Storage, g: ConvGeometry): void {
  const rows = colRows(g), L = g.oh * g.ow, og = g.o / g.groups, chunk = samplesPerChunk(g);
  const cols = scratch(x, chunk * rows * L);
  const prod = scratch(x, chunk * og * L);
  for (let gi = 0; gi < g.groups; gi++) {
    const wg = w.subarray(gi * og * rows, (gi + 1) * og * rows);
    for (let b0 = 0; b0 < g.n; b0 += chunk) {
      const b1 = Math.min(g.n, b0 + chunk), nb = b1 - b0;
      im2col(x, g, gi, b0, b1, cols);
      matmul(wg, cols, prod, nb, og, rows, L, false, false, 0, rows * L);
      // Each sample's [og, L] block goes to its place among the o output channels.
      for (let b = 0; b < nb; b++) out.set(prod.subarray(b * og * L, (b + 1) * og * L), ((b0 + b) * g.o + gi * og) * L);
    }
  }
  recycle(cols);
  recycle(prod);
  if (bias) addChannelBias(out, bias, g);
}

export function conv2dBackward(args: ConvBackwardArgs): void {
  const { gOut, x, w, g, gx, gw, gb } = args;
  const rows = colRows(g), L = g.oh * g.ow, og = g.o / g.groups, chunk = samplesPerChunk(g);
  if (gb) channelSums(gOut, g, gb);
  if (!gx && !gw) return;
  const gOutG = scratch(x, chunk * og * L);
  const cols = scratch(x, chunk * rows * L);
  const perSample = gw ? scratch(x, chunk * og * rows) : null;
  const gwSum = gw ? new Float64Array(og * rows) : null;
  if (gx) gx.fill(0);
  for (let gi = 0; gi < g.groups; gi++) {
    const wg = w.subarray(gi * og * rows, (gi + 1) * og * rows);
    gwSum?.fill(0);
    for (let b0 = 0; b0 < g.n; b0 += chunk) {
      const b1 = Math.min(g.n, b0 + chunk), nb = b1 - b0;
      for (let b = 0; b < nb; b++) {
        const at = ((b0 + b) * g.o + gi * og) * L;
        gOutG.set(gOut.subarray(at, at + og * L), b * og * L);
      }
      if (gw && perSample && gwSum) {
        // Per sample gOut[og, L] · colsᵀ[L, rows], summed over samples in order.
        im2col(x, g, gi, b0, b1, cols);
        matmul(gOutG, cols, perSample, nb, og, L, rows, false, true, og * L, rows * L);
        for (let b = 0; b < nb; b++) for (let k = 0, at = b * og * rows; k < og * rows; k++) gwSum[k] += perSample[at + k];
      }
      if (gx) {
        // The columns' gradient wgᵀ · gOut, added back into the image positions.
        matmul(wg, gOutG, cols, nb, rows, og, L, true, false, 0, og * L);
        col2imAdd(cols, g, gi, b0, b1, gx);
      }
    }
    if (gw && gwSum) for (let k = 0; k < og * rows; k++) gw[gi * og * rows + k] = gwSum[k];
  }
  recycle(gOutG);
  recycle(cols);
  if (perSample) recycle(perSample);
}
