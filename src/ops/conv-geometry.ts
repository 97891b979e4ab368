/**
 * The geometry shared by convolutions and pooling: PyTorch's int-or-tuple arguments,
 * output sizes, and im2col / col2im, which turn a convolution into one matrix product
 * per group (the backend's GEMM) and back.
 *
 * Everything is 2-D; a 1-D op is the 2-D one with a height of 1 and a kernel height of 1.
 */
import type { Storage } from "../tensor/dtype.js";

/** An int, or one int per spatial dim (PyTorch's `_pair` / `_single`). */
export type IntOrTuple = number | readonly number[];

/**
 * `v` as `dims` positive (or, with `allowZero`, non-negative) integers; a TypeError
 * naming the op and argument otherwise, as PyTorch's argument parser raises.
 */
export function expand(op: string, name: string, v: IntOrTuple, dims: number): number[] {
  const list = typeof v === "number" ? new Array<number>(dims).fill(v) : Array.isArray(v) ? [...v] : null;
  if (!list || list.length !== dims || !list.every((x) => Number.isInteger(x))) {
    const want = dims === 1 ? "int or tuple of 1 int" : `int or tuple of ${dims} ints`;
    throw new TypeError(`${op}(): argument '${name}' must be ${want}, not ${JSON.stringify(v)}`);
  }
  return list;
}

/** A convolution's layout: input [n, c, h, w], weight [o, c / groups, kh, kw]. */
export interface ConvGeometry {
  n: number; c: number; h: number; w: number;
  o: number; groups: number; kh: number; kw: number;
  sh: number; sw: number;
  /** Padding before (top, left); the padding after may differ ("same" with an even kernel). */
  pt: number; pl: number;
  dh: number; dw: number;
  oh: number; ow: number;
}

/** Rows of one group's column matrix: (c / groups) · kh · kw. */
export const colRows = (g: ConvGeometry): number => (g.c / g.groups) * g.kh * g.kw;

/**
 * One group's columns for every sample: cols[n, (ci·kh + i)·kw + j, oy·ow + ox] =
 * x[n, group·cg + ci, oy·sh − pt + i·dh, ox·sw − pl + j·dw], 0 in the padding.
 * Every element of `cols` is written (it may come from the pool unfilled).
 */
export function im2col(x: Storage, g: ConvGeometry, group: number, cols: Storage): void {
  const cg = g.c / g.groups, rows = colRows(g), L = g.oh * g.ow, plane = g.h * g.w;
  for (let b = 0; b < g.n; b++) {
    for (let ci = 0; ci < cg; ci++) {
      const src = (b * g.c + group * cg + ci) * plane;
      for (let i = 0; i < g.kh; i++) {
        for (let j = 0; j < g.kw; j++) {
          const row = (ci * g.kh + i) * g.kw + j;
          let dst = (b * rows + row) * L;
          // The output columns whose input column lies inside the image: [ox0, ox1).
          const off = j * g.dw - g.pl;
          const ox0 = Math.min(g.ow, Math.max(0, Math.ceil(-off / g.sw)));
          const ox1 = Math.max(ox0, Math.min(g.ow, Math.floor((g.w - 1 - off) / g.sw) + 1));
          for (let oy = 0; oy < g.oh; oy++, dst += g.ow) {
            const iy = oy * g.sh - g.pt + i * g.dh;
            if (iy < 0 || iy >= g.h) {
              for (let ox = 0; ox < g.ow; ox++) cols[dst + ox] = 0;
              continue;
            }
            const line = src + iy * g.w + off;
            for (let ox = 0; ox < ox0; ox++) cols[dst + ox] = 0;
            for (let ox = ox0; ox < ox1; ox++) cols[dst + ox] = x[line + ox * g.sw];
            for (let ox = ox1; ox < g.ow; ox++) cols[dst + ox] = 0;
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: adds each column entry back into the input position it came from. */
export function col2imAdd(cols: Storage, g: ConvGeometry, group: number, gx: Storage): void {
  const cg = g.c / g.groups, rows = colRows(g), L = g.oh * g.ow, plane = g.h * g.w;
  for (let b = 0; b < g.n; b++) {
    for (let ci = 0; ci < cg; ci++) {
      const dstPlane = (b * g.c + group * cg + ci) * plane;
      for (let i = 0; i < g.kh; i++) {
        for (let j = 0; j < g.kw; j++) {
          const row = (ci * g.kh + i) * g.kw + j;
          let src = (b * rows + row) * L;
          const off = j * g.dw - g.pl;
          const ox0 = Math.min(g.ow, Math.max(0, Math.ceil(-off / g.sw)));
          const ox1 = Math.max(ox0, Math.min(g.ow, Math.floor((g.w - 1 - off) / g.sw) + 1));
          for (let oy = 0; oy < g.oh; oy++, src += g.ow) {
            const iy = oy * g.sh - g.pt + i * g.dh;
            if (iy < 0 || iy >= g.h) continue;
            const line = dstPlane + iy * g.w + off;
            for (let ox = ox0; ox < ox1; ox++) gx[line + ox * g.sw] += cols[src + ox];
          }
        }
      }
    }
  }
}

/**
 * A pooling window's output size along one dim, as PyTorch's pooling_output_shape: with
 * `ceil`, a last window that would start in the right padding is dropped.
 */
export function poolOutSize(size: number, k: number, pad: number, stride: number, dil: number, ceil: boolean): number {
  const span = size + 2 * pad - dil * (k - 1) - 1;
  let out = Math.floor((span + (ceil ? stride - 1 : 0)) / stride) + 1;
  if (ceil && (out - 1) * stride >= size + pad) out--;
  return out;
}
