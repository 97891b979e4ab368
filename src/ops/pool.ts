/**
 * 2-D pooling over [n, c, h, w] (or unbatched [c, h, w]) inputs: max (with the indices
 * PyTorch returns: the flat position in each input plane), average (padding counted or
 * not, ceil mode, a divisor override) and adaptive average, each with its gradient.
 * PyTorch's checks and geometry are here; the numbers are the backends' pooling kernels
 * (declared by the entries in ops/table.ts). Both averages reduce to one kernel over a
 * table of windows and divisors that the op lays out.
 */
import { checkKeys } from "../util/options.js";
import type { PoolGeometry } from "../backend/backend.js";
import { markFresh, noComposedBackward, record } from "../autograd/node.js";
import { noGrad } from "../autograd/grad-mode.js";
import { deviceMaxPool, deviceWindowAverage, deviceWindowAverageBackward, type WindowTable } from "./image-device.js";
import { ShapeError, ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { expand, poolOutSize, type IntOrTuple } from "./conv-geometry.js";
import { fused } from "./kernels.js";
import { OPS } from "./table.js";
import { empty, requireFloat, unfilled } from "./util.js";

export interface MaxPool2dOptions {
  /** Default: the kernel size. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  ceilMode?: boolean;
}

export interface AvgPool2dOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceilMode?: boolean;
  /** Count the zero padding in each window's divisor (default true). */
  countIncludePad?: boolean;
  /** Divide every window's sum by this instead. */
  divisorOverride?: number | null;
}

interface Pool extends PoolGeometry {
  /** The output's shape (batched or not, as the input). */
  shape: number[];
}

function geometry(op: string, input: Tensor, kernel: IntOrTuple, o: { stride?: IntOrTuple | null; padding?: IntOrTuple; dilation?: IntOrTuple; ceilMode?: boolean }): Pool {
  // An empty batch is allowed (its output is empty too); an empty channel or spatial dim is not.
  if (input.ndim !== 3 && input.ndim !== 4) throw new ShapeError("non-empty 3D or 4D (batch mode) tensor expected for input");
  if (input.shape.slice(input.ndim - 3).some((s) => s === 0)) {
    throw new ShapeError(`Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[${input.shape.join(", ")}]`);
  }
  requireFloat(input, op);
  const [kh, kw] = expand(op, "kernel_size", kernel, 2);
  const [sh, sw] = expand(op, "stride", o.stride ?? kernel, 2);
  const [ph, pw] = expand(op, "padding", o.padding ?? 0, 2);
  const [dh, dw] = expand(op, "dilation", o.dilation ?? 1, 2);
  if (kh <= 0 || kw <= 0) throw new ValueError(`kernel size should be greater than zero, but got kH: ${kh} kW: ${kw}`);
  if (sh <= 0 || sw <= 0) throw new ValueError(`stride should be greater than zero, but got dH: ${sh} dW: ${sw}`);
  if (dh <= 0 || dw <= 0) throw new ValueError(`dilation should be greater than zero, but got dilationH: ${dh} dilationW: ${dw}`);
  if (ph < 0 || pw < 0 || 2 * ph > dh * (kh - 1) + 1 || 2 * pw > dw * (kw - 1) + 1) {
    const [p, k, d] = 2 * ph > dh * (kh - 1) + 1 || ph < 0 ? [ph, kh, dh] : [pw, kw, dw];
    throw new ValueError(`pad should be at most half of effective kernel size, but got pad=${p}, kernel_size=${k} and dilation=${d}`);
  }
  const h = input.shape[input.ndim - 2], w = input.shape[input.ndim - 1];
  const ceil = o.ceilMode ?? false;
  const oh = poolOutSize(h, kh, ph, sh, dh, ceil), ow = poolOutSize(w, kw, pw, sw, dw, ceil);
  const c = input.shape[input.ndim - 3];
  if (oh < 1 || ow < 1) {
    throw new ShapeError(`Given input size: (${c}x${h}x${w}). Calculated output size: (${c}x${oh}x${ow}). Output size is too small`);
  }
  const shape = [...input.shape.slice(0, input.ndim - 2), oh, ow];
  return { planes: input.numel() / (h * w), h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, shape };
}

/** F.max_pool2d with return_indices: the maxima and, per output, the flat index in its input plane (int64). */
export function maxPool2dWithIndices(input: Tensor, kernelSize: IntOrTuple, opts: MaxPool2dOptions = {}): [Tensor, Tensor] {
  checkKeys("max_pool2d", opts, ["stride", "padding", "dilation", "ceilMode"]);
  const p = geometry("max_pool2d", input, kernelSize, opts);
  const planeShape = [p.planes, p.h * p.w], outPlaneShape = [p.planes, p.oh * p.ow];
  const onDevice = input.device !== "cpu";
  let out: Tensor, indices: Tensor;
  if (onDevice) {
    const [values, at] = noGrad(() => deviceMaxPool(input, p));
    [out, indices] = [values.reshape(p.shape), at.reshape(p.shape)];
  } else {
    out = unfilled(p.shape, input.dtype);
    indices = unfilled(p.shape, "int64");
    fused(OPS.maxPool2d).maxPool2d(input.store, out.store, indices.store, p);
  }
  // Each gradient added at its maximum's position: a scatter-add, whose own gradient
  // (gathering by the same indices) gives PyTorch's second derivatives. On a device it is
  // also the plain backward.
  const composed = (g: Tensor): Tensor[] => [
    empty(planeShape, g.dtype, g.device).scatterAdd(1, indices.reshape(outPlaneShape), g.reshape(outPlaneShape)).reshape(input.shape),
  ];
  const res = record(out, OPS.maxPool2d, [input], {
    composed,
    kernel: onDevice ? composed : (g) => {
      const gx = markFresh(unfilled(input.shape, g.dtype));
      fused(OPS.maxPool2d).maxPool2dBackward(g.store, indices.store, gx.store, p);
      return [gx];
    },
  });
  return [res, indices];
}

/** F.max_pool2d: the maxima of each window. */
export function maxPool2d(input: Tensor, kernelSize: IntOrTuple, opts: MaxPool2dOptions = {}): Tensor {
  return maxPool2dWithIndices(input, kernelSize, opts)[0];
}

/** F.avg_pool2d: each window's mean (see AvgPool2dOptions for the divisor). */
export function avgPool2d(input: Tensor, kernelSize: IntOrTuple, opts: AvgPool2dOptions = {}): Tensor {
  checkKeys("avg_pool2d", opts, ["stride", "padding", "ceilMode", "countIncludePad", "divisorOverride"]);
  const p = geometry("avg_pool2d", input, kernelSize, opts);
  const includePad = opts.countIncludePad ?? true;
  const override = opts.divisorOverride ?? null;
  if (override !== null && (!Number.isInteger(override) || override === 0)) throw new ValueError("divisor must be not zero");
  // Each output's window [y0, y1) × [x0, x1) inside the image, and its divisor.
  const outPlane = p.oh * p.ow;
  const win = new Int32Array(outPlane * 4);
  const div = new Float64Array(outPlane);
  for (let oy = 0; oy < p.oh; oy++) {
    for (let ox = 0; ox < p.ow; ox++) {
      let y0 = oy * p.sh - p.ph, x0 = ox * p.sw - p.pw;
      // The padded window may run past the padding in ceil mode; PyTorch's divisor stops at it.
      let y1 = Math.min(y0 + p.kh, p.h + p.ph), x1 = Math.min(x0 + p.kw, p.w + p.pw);
      const padded = (y1 - y0) * (x1 - x0);
      y0 = Math.max(y0, 0);
      x0 = Math.max(x0, 0);
      y1 = Math.min(y1, p.h);
      x1 = Math.min(x1, p.w);
      const k = oy * p.ow + ox;
      win.set([y0, y1, x0, x1], 4 * k);
      div[k] = override ?? (includePad ? padded : (y1 - y0) * (x1 - x0));
    }
  }
  const key = `${[p.h, p.w, p.kh, p.kw, p.sh, p.sw, p.ph, p.pw, p.oh, p.ow, includePad, override].join(",")}`;
  return windowAverage(input, p.shape, p.planes, { key, h: p.h, w: p.w, win, div }, OPS.avgPool2d, "avg_pool2d");
}

/**
 * The average over a table of windows (avg_pool2d's and adaptive_avg_pool2d's), with its
 * node; the backward is the kernel's adjoint.
 */
function windowAverage(
  input: Tensor, shape: number[], planes: number, t: WindowTable,
  entry: typeof OPS.avgPool2d | typeof OPS.adaptiveAvgPool2d, op: string,
): Tensor {
  const composed = noComposedBackward(op, "its backward is a kernel only for now");
  if (input.device !== "cpu") {
    const res = noGrad(() => deviceWindowAverage(input, planes, t)).reshape(shape);
    return record(res, entry, [input], { composed, kernel: (g) => [noGrad(() => deviceWindowAverageBackward(g, input.shape, planes, t))] });
  }
  const { w, win, div } = t;
  const plane = t.h * w;
  const out = unfilled(shape, input.dtype);
  const kernels = fused(entry);
  kernels.windowAverage(input.store, out.store, planes, w, plane, win, div);
  return record(out, entry, [input], {
    composed,
    kernel: (g) => {
      const gx = markFresh(unfilled(input.shape, g.dtype));
      kernels.windowAverageBackward(g.store, gx.store, planes, w, plane, win, div);
      return [gx];
    },
  });
}

/** An adaptive pool's output size: one int, or [h, w] where null keeps the input's size. */
export type AdaptiveSize = number | readonly [number | null, number | null];

/**
 * F.adaptive_avg_pool2d: output cell i averages input rows floor(i·h/oh) to
 * ceil((i+1)·h/oh). A 1×1 output is the mean over the last two dims, as PyTorch
 * computes it (its node is MeanBackward1).
 */
export function adaptiveAvgPool2d(input: Tensor, outputSize: AdaptiveSize): Tensor {
  if (input.ndim !== 3 && input.ndim !== 4) throw new ShapeError(`adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ${input.ndim}D tensor`);
  for (let d = input.ndim - 3; d < input.ndim; d++) {
    if (input.shape[d] === 0) {
      throw new ShapeError(
        `adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [${input.shape.join(", ")}] with dimension ${d} being empty`,
      );
    }
  }
  requireFloat(input, "adaptive_avg_pool2d");
  const h = input.shape[input.ndim - 2], w = input.shape[input.ndim - 1];
  const size = typeof outputSize === "number" ? [outputSize, outputSize] : Array.isArray(outputSize) && outputSize.length === 2 ? outputSize : null;
  if (!size || !size.every((s) => s === null || (Number.isInteger(s) && s >= 0))) {
    throw new TypeError(`adaptive_avg_pool2d(): argument 'output_size' must be int or tuple of 2 ints (or None), not ${JSON.stringify(outputSize)}`);
  }
  const oh = size[0] ?? h, ow = size[1] ?? w;
  if (oh === 1 && ow === 1) return input.mean([-2, -1], true);
  const shape = [...input.shape.slice(0, input.ndim - 2), oh, ow];
  const start = (i: number, o: number, s: number): number => Math.floor((i * s) / o);
  const end = (i: number, o: number, s: number): number => Math.ceil(((i + 1) * s) / o);
  const win = new Int32Array(oh * ow * 4);
  const div = new Float64Array(oh * ow);
  for (let oy = 0; oy < oh; oy++) {
    const y0 = start(oy, oh, h), y1 = end(oy, oh, h);
    for (let ox = 0; ox < ow; ox++) {
      const x0 = start(ox, ow, w), x1 = end(ox, ow, w), k = oy * ow + ox;
      win.set([y0, y1, x0, x1], 4 * k);
      div[k] = (y1 - y0) * (x1 - x0);
    }
  }
  const key = `adaptive:${[h, w, oh, ow].join(",")}`;
  return windowAverage(input, shape, input.numel() / (h * w), { key, h, w, win, div }, OPS.adaptiveAvgPool2d, "adaptive_avg_pool2d");
}
