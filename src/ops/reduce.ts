/** Reductions over dims, with PyTorch's dtypes, `keepdim`, and gradients. */
import { record } from "../autograd/node.js";
import { backend, type ReduceOp } from "../backend/index.js";
import { DTypeError, IndexError, ValueError } from "../errors.js";
import { isFloating, type DType } from "../tensor/dtype.js";
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
  const shape = x.ndim === 0 ? [] : x.shape.filter((_, i) => i !== d);
  if (x.ndim === 0) {
    const out = empty([], outDtype);
    backend().reduce(op, x.data, out.data, 1, 1, 1);
    return out;
  }
  const outer = numelOf(x.shape.slice(0, d));
  const inner = numelOf(x.shape.slice(d + 1));
  const size = x.shape[d];
  const out = empty(shape, outDtype);
  backend().reduce(op, x.data, out.data, outer, size, inner);
  return out;
}

/** The kept-dim shape: reduced dims become 1. */
function keptShape(shape: readonly number[], dims: readonly number[]): number[] {
  return shape.map((s, i) => (dims.includes(i) ? 1 : s));
}

/** Reduces over several dims (one kernel call per dim, innermost first). */
function reduceDims(op: ReduceOp, x: Tensor, dims: readonly number[], keepdim: boolean, outDtype: DType): Tensor {
  let cur = x;
  if (dims.length === 0) {
    cur = empty(x.shape, outDtype);
    backend().unary("copy", x.data, cur.data);
  }
  // Reduce from the last dim so the earlier dims' indices stay valid.
  for (let i = dims.length - 1; i >= 0; i--) cur = reduceDim(op, cur, dims[i], outDtype);
  if (keepdim) return cur.detach().reshape(keptShape(x.shape, dims));
  return cur;
}

function sumDtype(x: Tensor, requested?: DType): DType {
  if (requested) return requested;
  return isFloating(x.dtype) ? x.dtype : "int64";
}

export function sum(x: Tensor, opts: ReduceOptions & { dtype?: DType } = {}): Tensor {
  const dims = reductionDims(opts.dim, x.ndim);
  const keepdim = opts.keepdim ?? false;
  const src = opts.dtype && opts.dtype !== x.dtype ? cast(x, opts.dtype) : x;
  const out = reduceDims("sum", src, dims, keepdim, sumDtype(src, opts.dtype));
  return record(out, "SumBackward" + (opts.dim === undefined ? "0" : "1"), [src], (g) => [
    (keepdim ? g : g.reshape(keptShape(src.shape, dims))).expand(src.shape),
  ]);
}

export function mean(x: Tensor, opts: ReduceOptions = {}): Tensor {
  if (!isFloating(x.dtype)) {
    throw new DTypeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${x.dtype === "int64" ? "Long" : "Bool"}`,
    );
  }
  const dims = reductionDims(opts.dim, x.ndim);
  let count = 1;
  for (const d of dims) count *= x.shape[d];
  return ew.div(sum(x, opts), count);
}

export function prod(x: Tensor, opts: { dim?: number; keepdim?: boolean } = {}): Tensor {
  const dims = reductionDims(opts.dim, x.ndim);
  const keepdim = opts.keepdim ?? false;
  const out = reduceDims("prod", x, dims, keepdim, sumDtype(x));
  return record(out, "ProdBackward0", [x], (g) => {
    // d prod / d x_i = prod / x_i; zeros are rare in classification, handled by where().
    const kept = keepdim ? out : out.reshape(keptShape(x.shape, dims));
    const gk = keepdim ? g : g.reshape(keptShape(x.shape, dims));
    return [ew.mul(gk, ew.where(ew.eq(x, 0), 0, ew.div(kept, x)))];
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
  const indices = reduceDim(op === "max" ? "argmax" : "argmin", x, d, "int64");
  const values = reduceDim(op, x, d, x.dtype);
  const shape = keptShape(x.shape, [d]);
  const idxK = keepdim ? indices.reshape(shape) : indices;
  const valK = keepdim ? values.reshape(shape) : values;
  const rec = record(valK, op === "max" ? "MaxBackward0" : "MinBackward0", [x], (g) => {
    const gk = keepdim ? g : g.reshape(shape);
    const ik = keepdim ? idxK : idxK.reshape(shape);
    return [ew.mul(ew.eq(arangeAlong(x.shape, d), ik), gk)];
  });
  return { values: rec, indices: idxK };
}

/** A tensor of `shape` holding each element's index along `dim` (to compare with argmax). */
function arangeAlong(shape: readonly number[], dim: number): Tensor {
  const out = empty(shape, "int64");
  const inner = numelOf(shape.slice(dim + 1));
  const size = shape[dim];
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
    const o = out.reshape(shape);
    const mask = ew.eq(x, o);
    return [ew.mul(ew.div(mask, sum(mask, { dim: dims, keepdim: true })), g.reshape(shape))];
  });
}
export const amax = (x: Tensor, opts?: ReduceOptions): Tensor => amaxAmin("max", x, opts);
export const amin = (x: Tensor, opts?: ReduceOptions): Tensor => amaxAmin("min", x, opts);

function argExtreme(op: "argmax" | "argmin", x: Tensor, opts: { dim?: number; keepdim?: boolean } = {}): Tensor {
  if (opts.dim === undefined) {
    const flat = x.reshape([-1]);
    const r = reduceDim(op, flat, 0, "int64");
    return opts.keepdim ? r.reshape(x.shape.map(() => 1)) : r;
  }
  const d = normDim(opts.dim, x.ndim);
  const r = reduceDim(op, x, d, "int64");
  return opts.keepdim ? r.reshape(keptShape(x.shape, [d])) : r;
}
export const argmax = (x: Tensor, opts?: { dim?: number; keepdim?: boolean }): Tensor => argExtreme("argmax", x, opts);
export const argmin = (x: Tensor, opts?: { dim?: number; keepdim?: boolean }): Tensor => argExtreme("argmin", x, opts);

/** Variance with Bessel's correction by default (unbiased, as torch.var). */
export function variance(x: Tensor, opts: ReduceOptions & { correction?: number; unbiased?: boolean } = {}): Tensor {
  const dims = reductionDims(opts.dim, x.ndim);
  const correction = opts.correction ?? (opts.unbiased === false ? 0 : 1);
  let n = 1;
  for (const d of dims) n *= x.shape[d];
  const mu = mean(x, { dim: dims, keepdim: true });
  const dev = ew.sub(x, mu);
  return ew.div(sum(ew.mul(dev, dev), { dim: dims, keepdim: opts.keepdim }), Math.max(0, n - correction));
}

export function std(x: Tensor, opts: ReduceOptions & { correction?: number; unbiased?: boolean } = {}): Tensor {
  return ew.sqrt(variance(x, opts));
}

/** log Σ exp(x), stable: the max is subtracted first. */
export function logsumexp(x: Tensor, opts: { dim: number | readonly number[]; keepdim?: boolean }): Tensor {
  const dims = reductionDims(opts.dim, x.ndim);
  const m = amax(x, { dim: dims, keepdim: true }).detach();
  // Infinite maxima would give inf - inf: shift by 0 there instead.
  const shift = ew.where(ew.isfinite(m), m, 0);
  const s = ew.add(ew.log(sum(ew.exp(ew.sub(x, shift)), { dim: dims, keepdim: true })), shift);
  return opts.keepdim ? s : s.squeeze(dims);
}

function boolReduce(op: "all" | "any", x: Tensor, opts: { dim?: number; keepdim?: boolean } = {}): Tensor {
  const dims = reductionDims(opts.dim, x.ndim);
  return reduceDims(op, x, dims, opts.keepdim ?? false, "bool");
}
export const all = (x: Tensor, opts?: { dim?: number; keepdim?: boolean }): Tensor => boolReduce("all", x, opts);
export const any = (x: Tensor, opts?: { dim?: number; keepdim?: boolean }): Tensor => boolReduce("any", x, opts);

/** The p-norm (2 by default) over dims. */
export function norm(x: Tensor, opts: ReduceOptions & { p?: number } = {}): Tensor {
  const p = opts.p ?? 2;
  const r = { dim: opts.dim, keepdim: opts.keepdim };
  if (p === Infinity) return amax(ew.abs(x), r);
  if (p === 1) return sum(ew.abs(x), r);
  if (p === 2) return ew.sqrt(sum(ew.mul(x, x), r));
  return ew.pow(sum(ew.pow(ew.abs(x), p), r), 1 / p);
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
  return record(out, "CumsumBackward0", [x], (g) => [g.flip([d]).cumsum(d).flip([d])]);
}
