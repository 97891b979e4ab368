/** Reductions over dims, with PyTorch's dtypes, `keepdim`, and gradients. */
import { isGradEnabled, noGrad } from "../autograd/grad-mode.js";
import { record } from "../autograd/node.js";
import { backend, type ReduceOp } from "../backend/index.js";
import { DTypeError, IndexError, ValueError } from "../errors.js";
import { defaultFloat, isFloating, scalarTypeName, type DType } from "../tensor/dtype.js";
import { normDim, numelOf, reductionDims } from "../tensor/shape.js";
import { Tensor, type ReduceOptions } from "../tensor/tensor.js";
import { cast } from "./cast.js";
import * as ew from "./elementwise.js";
import { empty } from "./util.js";

export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

/** Applies a kernel over one dim: x viewed as [outer, size, inner]. */
function reduceDim(op: ReduceOp, x: Tensor, dim: number, outDtype: DType): Tensor {
  const d = normDim(dim, x.ndim);
  if (x.ndim === 0) {
    const out = empty([], outDtype);
    backend().reduce(op, x.data, out.data, 1, 1, 1);
    return out;
  }
  const out = empty(x.shape.filter((_, i) => i !== d), outDtype);
  backend().reduce(op, x.data, out.data, numelOf(x.shape.slice(0, d)), x.shape[d], numelOf(x.shape.slice(d + 1)));
  return out;
}

/** The kept-dim shape: reduced dims become 1. */
function keptShape(shape: readonly number[], dims: readonly number[]): number[] {
  return shape.map((s, i) => (dims.includes(i) ? 1 : s));
}

/**
 * Reduces over several dims (sorted, distinct). Each run of adjacent dims is one
 * kernel call over [outer, size, inner], so reducing everything is a single pass.
 */
function reduceDims(op: ReduceOp, x: Tensor, dims: readonly number[], keepdim: boolean, outDtype: DType): Tensor {
  let shape = [...x.shape];
  let data = x.data;
  if (dims.length === 0) {
    const out = empty(x.shape, outDtype);
    backend().unary("copy", x.data, out.data);
    data = out.data;
  }
  // Runs from the last one, so the earlier dims keep their positions.
  let i = dims.length - 1;
  while (i >= 0) {
    let j = i;
    while (j > 0 && dims[j - 1] === dims[j] - 1) j--;
    const lo = dims[j], hi = dims[i];
    const out = allocFor(shape.slice(0, lo).concat(shape.slice(hi + 1)), outDtype);
    backend().reduce(op, data, out, numelOf(shape.slice(0, lo)), numelOf(shape.slice(lo, hi + 1)), numelOf(shape.slice(hi + 1)));
    data = out;
    shape = shape.slice(0, lo).concat(shape.slice(hi + 1));
    i = j - 1;
  }
  return new Tensor(data, keepdim ? keptShape(x.shape, dims) : shape, outDtype);
}

function allocFor(shape: readonly number[], dtype: DType): Tensor["data"] {
  return empty(shape, dtype).data;
}

function sumDtype(x: Tensor, requested?: DType): DType {
  if (requested) return requested;
  return isFloating(x.dtype) ? x.dtype : "int64";
}

/** The gradient of a reduction brought back to the input's shape (expanded). */
function unreduce(g: Tensor, shape: readonly number[], dims: readonly number[], keepdim: boolean): Tensor {
  return (keepdim ? g : g.reshape(keptShape(shape, dims))).expand(shape);
}

export function sum(x: Tensor, opts: ReduceOptions & { dtype?: DType } = {}): Tensor {
  const dims = reductionDims(opts.dim, x.ndim);
  const keepdim = opts.keepdim ?? false;
  const src = opts.dtype && opts.dtype !== x.dtype ? cast(x, opts.dtype) : x;
  const out = reduceDims("sum", src, dims, keepdim, sumDtype(src, opts.dtype));
  const name = opts.dim === undefined ? "SumBackward0" : "SumBackward1";
  return record(out, name, [src], (g) => [unreduce(g, src.shape, dims, keepdim)], false);
}

function requireFloatMean(x: Tensor, what: string): void {
  if (!isFloating(x.dtype)) {
    throw new DTypeError(
      `${what}(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(x.dtype)}`,
    );
  }
}

function countOf(shape: readonly number[], dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= shape[d];
  return n;
}

export function mean(x: Tensor, opts: ReduceOptions = {}): Tensor {
  requireFloatMean(x, "mean");
  const dims = reductionDims(opts.dim, x.ndim);
  const keepdim = opts.keepdim ?? false;
  const count = countOf(x.shape, dims);
  const out = reduceDims("sum", x, dims, keepdim, x.dtype);
  // Σ / n in the tensor's dtype, as PyTorch's mean kernel.
  backend().binary("div", out.data, out.shape, new Float64Array([count]), [], out.data, out.shape);
  const name = opts.dim === undefined ? "MeanBackward0" : "MeanBackward1";
  return record(out, name, [x], (g) => [ew.div(unreduce(g, x.shape, dims, keepdim), count)], false);
}

/** The product of every other element of each slice (prefix · suffix), exact with zeros. */
function productOfOthers(x: Tensor, outer: number, size: number, inner: number): Tensor {
  const res = empty(x.shape, x.dtype);
  const xs = x.data, r = res.data;
  for (let p = 0; p < outer; p++) {
    for (let q = 0; q < inner; q++) {
      const base = p * size * inner + q;
      let acc = 1;
      for (let k = 0; k < size; k++) {
        r[base + k * inner] = acc;
        acc *= xs[base + k * inner];
      }
      acc = 1;
      for (let k = size - 1; k >= 0; k--) {
        r[base + k * inner] *= acc;
        acc *= xs[base + k * inner];
      }
    }
  }
  return res;
}

/** torch.prod over everything or over one dim; the gradient is right with zeros too. */
export function prod(x: Tensor, opts: { dim?: number; keepdim?: boolean } = {}): Tensor {
  const all = opts.dim === undefined;
  const d = all ? 0 : normDim(opts.dim as number, x.ndim);
  const dims = all ? reductionDims(undefined, x.ndim) : x.ndim === 0 ? [] : [d];
  const keepdim = opts.keepdim ?? false;
  const out = reduceDims("prod", x, dims, keepdim, sumDtype(x));
  return record(out, all ? "ProdBackward0" : "ProdBackward1", [x], (g) => {
    const [outer, size, inner] = all || x.ndim === 0
      ? [1, x.numel(), 1]
      : [numelOf(x.shape.slice(0, d)), x.shape[d], numelOf(x.shape.slice(d + 1))];
    return [ew.mul(unreduce(g, x.shape, dims, keepdim), productOfOthers(x.detach(), outer, size, inner))];
  });
}

/** Gradient of an all-element max/min: spread evenly over the elements equal to the result. */
function extremeAll(op: "max" | "min", x: Tensor): Tensor {
  if (x.numel() === 0) {
    throw new ValueError(`${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  const out = reduceDims(op, x, reductionDims(undefined, x.ndim), false, x.dtype);
  return record(out, op === "max" ? "MaxBackward1" : "MinBackward1", [x], (g) => {
    const mask = ew.eq(x, out);
    return [ew.mul(ew.div(mask, sum(mask)), g)];
  });
}
export const maxAll = (x: Tensor): Tensor => extremeAll("max", x);
export const minAll = (x: Tensor): Tensor => extremeAll("min", x);

/** max / min over one dim: values and the index of the first extreme, as a named tuple. */
function extremeDim(op: "max" | "min", x: Tensor, dim: number, keepdim = false): ValuesIndices {
  const d = normDim(dim, x.ndim);
  if (x.ndim > 0 && x.shape[d] === 0) {
    throw new IndexError(`${op}(): Expected reduction dim ${d} to have non-zero size.`);
  }
  const shape = keptShape(x.shape, [d]);
  const indices = reduceDim(op === "max" ? "argmax" : "argmin", x, d, "int64");
  const values = reduceDim(op, x, d, x.dtype);
  const idxK = keepdim ? indices.reshape(shape) : indices;
  const valK = keepdim ? new Tensor(values.data, shape, values.dtype) : values;
  const rec = record(valK, op === "max" ? "MaxBackward0" : "MinBackward0", [x], (g) => {
    const gk = keepdim ? g : g.reshape(shape);
    return [ew.mul(ew.eq(arangeAlong(x.shape, d), indices.reshape(shape)), gk)];
  });
  return { values: rec, indices: idxK };
}

/** A tensor of `shape` holding each element's index along `dim` (to compare with argmax). */
function arangeAlong(shape: readonly number[], dim: number): Tensor {
  const out = empty(shape, "int64");
  const inner = numelOf(shape.slice(dim + 1));
  const size = shape.length === 0 ? 1 : shape[dim];
  for (let i = 0; i < out.data.length; i++) out.data[i] = Math.floor(i / inner) % size;
  return out;
}

export const maxDim = (x: Tensor, dim: number, keepdim?: boolean): ValuesIndices => extremeDim("max", x, dim, keepdim);
export const minDim = (x: Tensor, dim: number, keepdim?: boolean): ValuesIndices => extremeDim("min", x, dim, keepdim);

function amaxAmin(op: "max" | "min", x: Tensor, opts: ReduceOptions = {}): Tensor {
  const dims = reductionDims(opts.dim, x.ndim);
  const keepdim = opts.keepdim ?? false;
  const out = reduceDims(op, x, dims, keepdim, x.dtype);
  return record(out, op === "max" ? "AmaxBackward0" : "AminBackward0", [x], (g) => {
    const shape = keptShape(x.shape, dims);
    const mask = ew.eq(x, out.reshape(shape));
    return [ew.mul(ew.div(mask, sum(mask, { dim: dims, keepdim: true })), g.reshape(shape))];
  });
}
export const amax = (x: Tensor, opts?: ReduceOptions): Tensor => amaxAmin("max", x, opts);
export const amin = (x: Tensor, opts?: ReduceOptions): Tensor => amaxAmin("min", x, opts);

function argExtreme(op: "argmax" | "argmin", x: Tensor, opts: { dim?: number; keepdim?: boolean } = {}): Tensor {
  if (opts.dim === undefined) {
    const r = reduceDim(op, x.detach().reshape([-1]), 0, "int64");
    return opts.keepdim ? r.reshape(x.shape.map(() => 1)) : r;
  }
  const d = normDim(opts.dim, x.ndim);
  const r = reduceDim(op, x, d, "int64");
  return opts.keepdim ? r.reshape(keptShape(x.shape, [d])) : r;
}
export const argmax = (x: Tensor, opts?: { dim?: number; keepdim?: boolean }): Tensor => argExtreme("argmax", x, opts);
export const argmin = (x: Tensor, opts?: { dim?: number; keepdim?: boolean }): Tensor => argExtreme("argmin", x, opts);

type VarOptions = ReduceOptions & { correction?: number; unbiased?: boolean };

/** Σ (x - mean)² / (n - correction) without recording, with x - mean kept for the gradient. */
function varianceRaw(x: Tensor, opts: VarOptions): { out: Tensor; dev: Tensor; dims: number[]; divisor: number } {
  if (!isFloating(x.dtype)) throw new DTypeError("std and var only support floating point and complex dtypes");
  const dims = reductionDims(opts.dim, x.ndim);
  const correction = opts.correction ?? (opts.unbiased === false ? 0 : 1);
  const divisor = Math.max(0, countOf(x.shape, dims) - correction);
  return noGrad(() => {
    const dev = ew.sub(x, mean(x, { dim: dims, keepdim: true }));
    const out = ew.div(sum(ew.mul(dev, dev), { dim: dims, keepdim: opts.keepdim }), divisor);
    return { out, dev, dims, divisor };
  });
}

/**
 * x - mean, as saved by the forward; recomputed with a graph when the backward pass is
 * itself recorded (createGraph), so that second derivatives see its dependence on x.
 */
function deviation(x: Tensor, saved: Tensor, dims: readonly number[]): Tensor {
  return isGradEnabled() ? ew.sub(x, mean(x, { dim: dims, keepdim: true })) : saved;
}

/** Variance with Bessel's correction by default (unbiased, as torch.var). */
export function variance(x: Tensor, opts: VarOptions = {}): Tensor {
  const { out, dev, dims, divisor } = varianceRaw(x, opts);
  // d var / dx = 2 (x - mean) / (n - correction)
  return record(out, "VarBackward0", [x], (g) => [
    ew.mul(unreduce(g, x.shape, dims, opts.keepdim ?? false), ew.mul(deviation(x, dev, dims), 2 / divisor)),
  ]);
}

export function std(x: Tensor, opts: VarOptions = {}): Tensor {
  const { out: v, dev, dims, divisor } = varianceRaw(x, opts);
  const out = noGrad(() => ew.sqrt(v));
  // d std / dx = (x - mean) / ((n - correction) · std), and 0 where std = 0 (as PyTorch).
  return record(out, "StdBackward0", [x], (g) => {
    const keepdim = opts.keepdim ?? false;
    const s = unreduce(out, x.shape, dims, keepdim);
    const scale = ew.div(unreduce(g, x.shape, dims, keepdim), ew.mul(s, divisor));
    return [ew.where(ew.eq(s, 0), 0, ew.mul(scale, deviation(x, dev, dims)))];
  });
}

/** log Σ exp(x), stable: the max is subtracted first. */
export function logsumexp(x: Tensor, opts: { dim: number | readonly number[]; keepdim?: boolean }): Tensor {
  const dims = reductionDims(opts.dim, x.ndim);
  const keepdim = opts.keepdim ?? false;
  const input = isFloating(x.dtype) ? x : cast(x, defaultFloat());
  const out = noGrad(() => {
    const m = amax(input, { dim: dims, keepdim: true });
    // Infinite maxima would give inf - inf: shift by 0 there instead.
    const shift = ew.where(ew.isfinite(m), m, 0);
    const s = ew.add(ew.log(sum(ew.exp(ew.sub(input, shift)), { dim: dims, keepdim: true })), shift);
    return keepdim ? s : s.squeeze(dims);
  });
  // d/dx logsumexp = softmax = exp(x - out)
  return record(out, "LogsumexpBackward0", [input], (g) => [
    ew.mul(unreduce(g, input.shape, dims, keepdim), ew.exp(ew.sub(input, unreduce(out, input.shape, dims, keepdim)))),
  ]);
}

function boolReduce(op: "all" | "any", x: Tensor, opts: { dim?: number; keepdim?: boolean } = {}): Tensor {
  const dims = reductionDims(opts.dim, x.ndim);
  return reduceDims(op, x, dims, opts.keepdim ?? false, "bool");
}
export const all = (x: Tensor, opts?: { dim?: number; keepdim?: boolean }): Tensor => boolReduce("all", x, opts);
export const any = (x: Tensor, opts?: { dim?: number; keepdim?: boolean }): Tensor => boolReduce("any", x, opts);

/** The p-norm (2 by default) over dims (torch.linalg.vector_norm). */
export function norm(x: Tensor, opts: ReduceOptions & { p?: number } = {}): Tensor {
  const p = opts.p ?? 2;
  const dims = reductionDims(opts.dim, x.ndim);
  const keepdim = opts.keepdim ?? false;
  const r = { dim: dims, keepdim };
  const out = noGrad(() => {
    if (p === Infinity) return amax(ew.abs(x), r);
    if (p === 1) return sum(ew.abs(x), r);
    if (p === 2) return ew.sqrt(sum(ew.mul(x, x), r));
    return ew.pow(sum(ew.pow(ew.abs(x), p), r), 1 / p);
  });
  return record(out, "LinalgVectorNormBackward0", [x], (g) => {
    const gk = unreduce(g, x.shape, dims, keepdim);
    const nk = unreduce(out, x.shape, dims, keepdim);
    if (p === Infinity) {
      const mask = ew.eq(ew.abs(x), nk);
      return [ew.mul(ew.mul(gk, ew.sign(x)), ew.div(mask, unreduce(sum(mask, r), x.shape, dims, keepdim)))];
    }
    if (p === 1) return [ew.mul(gk, ew.sign(x))];
    // x |x|^(p-2) / ‖x‖^(p-1), taken as 0 where the norm is 0 (as PyTorch does).
    const num = p === 2 ? x : ew.mul(x, ew.pow(ew.abs(x), p - 2));
    const den = p === 2 ? nk : ew.pow(nk, p - 1);
    return [ew.where(ew.eq(nk, 0), 0, ew.mul(gk, ew.div(num, den)))];
  });
}

export function cumsum(x: Tensor, dim: number): Tensor {
  const d = normDim(dim, x.ndim);
  const out = empty(x.shape, isFloating(x.dtype) ? x.dtype : "int64");
  const inner = numelOf(x.shape.slice(d + 1));
  const size = x.ndim === 0 ? 1 : x.shape[d];
  const outer = x.numel() / Math.max(1, size * inner);
  for (let p = 0; p < outer; p++) {
    for (let q = 0; q < inner; q++) {
      let acc = 0;
      for (let k = 0; k < size; k++) {
        const i = (p * size + k) * inner + q;
        acc += x.data[i];
        out.data[i] = acc;
      }
    }
  }
  return record(out, "CumsumBackward0", [x], (g) => [g.flip([d]).cumsum(d).flip([d])], false);
}
