/** Reductions over dims, with PyTorch's dtypes, `keepdim`, and gradients. */
import { isGradEnabled, noGrad } from "../autograd/grad-mode.js";
import { record } from "../autograd/node.js";
import type { ReduceOp } from "../backend/backend.js";
import { kernelsOn } from "./kernels.js";
import { DTypeError, IndexError, ValueError } from "../errors.js";
import { defaultFloat, isFloating, scalarTypeName, type DType } from "../tensor/dtype.js";
import { normDim, numelOf, reductionDims } from "../tensor/shape.js";
import { Tensor, type ReduceOptions } from "../tensor/tensor.js";
import { cast } from "./cast.js";
import * as ew from "./elementwise.js";
import { OPS } from "./table.js";
import { parseArgs, type DimArgs, type Dims } from "./args.js";
import { empty } from "./util.js";

export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

/** Applies a kernel over one dim: x viewed as [outer, size, inner]. */
function reduceDim(op: ReduceOp, x: Tensor, dim: number, outDtype: DType): Tensor {
  const d = normDim(dim, x.ndim);
  if (x.ndim === 0) {
    const out = empty([], outDtype, x.device);
    kernelsOn(x.device).reduce(op, x.store, out.store, 1, 1, 1);
    return out;
  }
  const out = empty(x.shape.filter((_, i) => i !== d), outDtype, x.device);
  kernelsOn(x.device).reduce(op, x.store, out.store, numelOf(x.shape.slice(0, d)), x.shape[d], numelOf(x.shape.slice(d + 1)));
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
  let data = x.store;
  const k = kernelsOn(x.device);
  if (dims.length === 0) {
    // No dims: a copy in the output dtype (a cast where it differs).
    data = (x.dtype === outDtype ? ew.clone(x.detach()) : cast(x.detach(), outDtype)).store;
  }
  // Runs from the last one, so the earlier dims keep their positions.
  let i = dims.length - 1;
  while (i >= 0) {
    let j = i;
    while (j > 0 && dims[j - 1] === dims[j] - 1) j--;
    const lo = dims[j], hi = dims[i];
    const out = empty(shape.slice(0, lo).concat(shape.slice(hi + 1)), outDtype, x.device).store;
    k.reduce(op, data, out, numelOf(shape.slice(0, lo)), numelOf(shape.slice(lo, hi + 1)), numelOf(shape.slice(hi + 1)));
    data = out;
    shape = shape.slice(0, lo).concat(shape.slice(hi + 1));
    i = j - 1;
  }
  return new Tensor(data, keepdim ? keptShape(x.shape, dims) : shape, outDtype, x.device);
}

function sumDtype(x: Tensor, requested?: DType): DType {
  if (requested) return requested;
  return isFloating(x.dtype) ? x.dtype : "int64";
}

/** The gradient of a reduction brought back to the input's shape (expanded). */
function unreduce(g: Tensor, shape: readonly number[], dims: readonly number[], keepdim: boolean): Tensor {
  return (keepdim ? g : g.reshape(keptShape(shape, dims))).expand(shape);
}

/** `x.sum()`, `x.sum(1)`, `x.sum([0, 1], true)`, `x.sum({ dim: 1, keepdim: true, dtype })`. */
export function sum(x: Tensor, ...args: DimArgs<Dims, { dtype?: DType }>): Tensor {
  const opts = parseArgs("sum", OPS.sum.args, args);
  const dims = reductionDims(opts.dim, x.ndim);
  const keepdim = opts.keepdim ?? false;
  const src = opts.dtype && opts.dtype !== x.dtype ? cast(x, opts.dtype) : x;
  const out = reduceDims("sum", src, dims, keepdim, sumDtype(src, opts.dtype));
  const name = opts.dim === undefined ? "SumBackward0" : "SumBackward1";
  return record(out, OPS.sum, [src], (g) => [unreduce(g, src.shape, dims, keepdim)], name);
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

export function mean(x0: Tensor, ...args: DimArgs<Dims, { dtype?: DType }>): Tensor {
  const opts = parseArgs("mean", OPS.mean.args, args);
  const x = opts.dtype && opts.dtype !== x0.dtype ? cast(x0, opts.dtype) : x0;
  requireFloatMean(x, "mean");
  const dims = reductionDims(opts.dim, x.ndim);
  const keepdim = opts.keepdim ?? false;
  const count = countOf(x.shape, dims);
  if (x.dtype === "float16") {
    // PyTorch's half mean: the float32 sum divided in float32, rounded to half once.
    const out = noGrad(() => cast(mean(cast(x.detach(), "float32"), { dim: dims, keepdim }), "float16"));
    return record(out, OPS.mean, [x], (g) => [ew.div(unreduce(g, x.shape, dims, keepdim), count)], opts.dim === undefined ? "MeanBackward0" : "MeanBackward1");
  }
  const out = reduceDims("sum", x, dims, keepdim, x.dtype);
  // Σ / n in the tensor's dtype, as PyTorch's mean kernel (the CPU holds the count exactly,
  // in float64, past float32's 2^24; a device has no float64 and takes it in x's dtype).
  const n = empty([], x.device === "cpu" ? "float64" : x.dtype, x.device);
  const k = kernelsOn(x.device);
  k.fill(n.store, count);
  k.binary("div", out.store, out.shape, n.store, [], out.store, out.shape);
  const name = opts.dim === undefined ? "MeanBackward0" : "MeanBackward1";
  return record(out, OPS.mean, [x], (g) => [ew.div(unreduce(g, x.shape, dims, keepdim), count)], name);
}

/** The product of every other element of each slice (prefix · suffix), exact with zeros. */
function productOfOthers(x: Tensor, outer: number, size: number, inner: number): Tensor {
  const res = empty(x.shape, x.dtype, x.device);
  kernelsOn(x.device).productOfOthers(x.store, res.store, outer, size, inner);
  return res;
}

/** torch.prod over everything or over one dim; the gradient is right with zeros too. */
export function prod(x: Tensor, ...args: DimArgs<number>): Tensor {
  const opts = parseArgs("prod", OPS.prod.args, args);
  const all = opts.dim === undefined;
  const d = all ? 0 : normDim(opts.dim as number, x.ndim);
  const dims = all ? reductionDims(undefined, x.ndim) : x.ndim === 0 ? [] : [d];
  const keepdim = opts.keepdim ?? false;
  const out = reduceDims("prod", x, dims, keepdim, sumDtype(x));
  const [outer, size, inner] = all || x.ndim === 0
    ? [1, x.numel(), 1]
    : [numelOf(x.shape.slice(0, d)), x.shape[d], numelOf(x.shape.slice(d + 1))];
  return record(out, OPS.prod, [x], {
    kernel: (g) => [ew.mul(unreduce(g, x.shape, dims, keepdim), productOfOthers(x.detach(), outer, size, inner))],
    composed: (g) => [ew.mul(unreduce(g, x.shape, dims, keepdim), composedProductOfOthers(x, outer, size, inner))],
  }, all ? "ProdBackward0" : "ProdBackward1");
}

/**
 * productOfOthers from differentiable ops (createGraph): x viewed as [outer, 1, size,
 * inner] and repeated along a new axis of `size` with a one on the diagonal, so that the
 * product over the old axis leaves out element i in row i. Quadratic in `size`, which only
 * a recorded backward pays.
 */
function composedProductOfOthers(x: Tensor, outer: number, size: number, inner: number): Tensor {
  const rows = x.reshape([outer, 1, size, inner]).expand([outer, size, size, inner]);
  const eye = new Uint8Array(size * size);
  for (let i = 0; i < size; i++) eye[i * size + i] = 1;
  const diagonal = new Tensor(eye, [1, size, size, 1], "bool");
  const mask = x.device === "cpu" ? diagonal : diagonal.to(x.device);
  return prod(ew.where(mask, 1, rows), 2).reshape([...x.shape]);
}

/** Gradient of an all-element max/min: spread evenly over the elements equal to the result. */
function extremeAll(op: "max" | "min", x: Tensor): Tensor {
  if (x.numel() === 0) {
    throw new ValueError(`${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  const out = reduceDims(op, x, reductionDims(undefined, x.ndim), false, x.dtype);
  return record(out, OPS.maxAll, [x], (g) => {
    // g / count where x equals the result, in g's dtype (a bool mask divides in float32); a
    // NaN result equals nothing, so then the NaN elements share it, as PyTorch's.
    const mask = ew.logicalOr(ew.eq(x, out), ew.logicalAnd(ew.isnan(x), ew.isnan(out)));
    return [ew.mul(ew.div(g, sum(mask)), mask)];
  }, op === "max" ? "MaxBackward1" : "MinBackward1");
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
  const valK = keepdim ? new Tensor(values.store, shape, values.dtype, values.device) : values;
  const rec = record(valK, OPS.maxDim, [x], (g) => {
    const gk = keepdim ? g : g.reshape(shape);
    const positions = arangeAlong(x.shape, d);
    return [ew.mul(ew.eq(x.device === "cpu" ? positions : positions.to(x.device), indices.reshape(shape)), gk)];
  }, op === "max" ? "MaxBackward0" : "MinBackward0");
  return { values: rec, indices: idxK };
}

/** A tensor of `shape` holding each element's index along `dim` (to compare with argmax). */
function arangeAlong(shape: readonly number[], dim: number): Tensor {
  const positions = new Float64Array(numelOf(shape));
  const inner = numelOf(shape.slice(dim + 1));
  const size = shape.length === 0 ? 1 : shape[dim];
  for (let i = 0; i < positions.length; i++) positions[i] = Math.floor(i / inner) % size;
  return new Tensor(positions, shape, "int64");
}

export const maxDim = (x: Tensor, dim: number, keepdim?: boolean): ValuesIndices => extremeDim("max", x, dim, keepdim);
export const minDim = (x: Tensor, dim: number, keepdim?: boolean): ValuesIndices => extremeDim("min", x, dim, keepdim);

/**
 * PyTorch's refusal of a max / min / argmax / argmin over nothing (they have no identity):
 * every element of an empty tensor, or an empty dim. `dims` null: every element.
 */
function requireExtent(op: string, x: Tensor, dims: readonly number[] | null): void {
  if (x.numel() !== 0) return;
  if (dims === null) {
    // PyTorch's own wording: the arg- forms end without the hint, and raise an IndexError.
    if (op.startsWith("arg")) throw new IndexError(`${op}(): Expected reduction dim to be specified for input.numel() == 0.`);
    throw new ValueError(`${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  for (const d of dims) if (x.shape[d] === 0) throw new IndexError(`${op}(): Expected reduction dim ${d} to have non-zero size.`);
}

function amaxAmin(op: "max" | "min", x: Tensor, opts: ReduceOptions = {}): Tensor {
  const dims = reductionDims(opts.dim, x.ndim);
  const everything = opts.dim === undefined || (typeof opts.dim !== "number" && opts.dim.length === 0);
  requireExtent(op === "max" ? "amax" : "amin", x, everything ? null : dims);
  const keepdim = opts.keepdim ?? false;
  const out = reduceDims(op, x, dims, keepdim, x.dtype);
  return record(out, OPS.amax, [x], (g) => {
    const shape = keptShape(x.shape, dims);
    const mask = ew.eq(x, out.reshape(shape));
    return [ew.mul(ew.div(mask, sum(mask, { dim: dims, keepdim: true })), g.reshape(shape))];
  }, op === "max" ? "AmaxBackward0" : "AminBackward0");
}
export const amax = (x: Tensor, ...args: DimArgs<Dims>): Tensor => amaxAmin("max", x, parseArgs("amax", OPS.amax.args, args));
export const amin = (x: Tensor, ...args: DimArgs<Dims>): Tensor => amaxAmin("min", x, parseArgs("amin", OPS.amax.args, args));

function argExtreme(op: "argmax" | "argmin", x: Tensor, opts: { dim?: number; keepdim?: boolean } = {}): Tensor {
  requireExtent(op, x, opts.dim === undefined ? null : [normDim(opts.dim, x.ndim)]);
  if (opts.dim === undefined) {
    const r = reduceDim(op, x.detach().reshape([-1]), 0, "int64");
    return opts.keepdim ? r.reshape(x.shape.map(() => 1)) : r;
  }
  const d = normDim(opts.dim, x.ndim);
  const r = reduceDim(op, x, d, "int64");
  return opts.keepdim ? r.reshape(keptShape(x.shape, [d])) : r;
}
/** `x.argmax()`, `x.argmax(1)`, `x.argmax(1, true)`, `x.argmax({ dim: 1, keepdim: true })`. */
export const argmax = (x: Tensor, ...args: DimArgs<number>): Tensor => argExtreme("argmax", x, parseArgs("argmax", OPS.argmax.args, args));
export const argmin = (x: Tensor, ...args: DimArgs<number>): Tensor => argExtreme("argmin", x, parseArgs("argmin", OPS.argmax.args, args));

type VarOptions = ReduceOptions & { correction?: number; unbiased?: boolean };

/** var / std: `(dim?, unbiased?, keepdim?, opts?)` as PyTorch's overloads, `correction` as an option. */
export type VarArgs =
  | [options?: VarOptions]
  | [dim: Dims | undefined, options?: Omit<VarOptions, "dim">]
  | [dim: Dims | undefined, unbiased: boolean | undefined, options?: Omit<VarOptions, "dim" | "unbiased">]
  | [dim: Dims | undefined, unbiased: boolean | undefined, keepdim: boolean | undefined, options?: { correction?: number }];

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
export function variance(x: Tensor, ...args: VarArgs): Tensor {
  const opts = parseArgs("var", OPS.var.args, args);
  const { out, dev, dims, divisor } = varianceRaw(x, opts);
  // d var / dx = 2 (x - mean) / (n - correction)
  return record(out, OPS.var, [x], (g) => [
    ew.mul(unreduce(g, x.shape, dims, opts.keepdim ?? false), ew.mul(deviation(x, dev, dims), 2 / divisor)),
  ]);
}

export function std(x: Tensor, ...args: VarArgs): Tensor {
  const opts = parseArgs("std", OPS.std.args, args);
  const { out: v, dev, dims, divisor } = varianceRaw(x, opts);
  const out = noGrad(() => ew.sqrt(v));
  // d std / dx = (x - mean) / ((n - correction) · std), and 0 where std = 0 (as PyTorch).
  return record(out, OPS.std, [x], (g) => {
    const keepdim = opts.keepdim ?? false;
    const s = unreduce(out, x.shape, dims, keepdim);
    const scale = ew.div(unreduce(g, x.shape, dims, keepdim), ew.mul(s, divisor));
    return [ew.where(ew.eq(s, 0), 0, ew.mul(scale, deviation(x, dev, dims)))];
  });
}

/** log Σ exp(x), stable: the max is subtracted first. */
/** `x.logsumexp(1)`, `x.logsumexp([0, 1], true)`, `x.logsumexp({ dim: 1 })`: `dim` is required, as in PyTorch. */
export function logsumexp(x: Tensor, ...args: DimArgs<Dims>): Tensor {
  const opts = parseArgs("logsumexp", OPS.logsumexp.args, args) as { dim: Dims; keepdim?: boolean };
  const dims = reductionDims(opts.dim, x.ndim);
  const keepdim = opts.keepdim ?? false;
  const input = isFloating(x.dtype) ? x : cast(x, defaultFloat());
  const out = noGrad(() => {
    // The max without amax's refusal of an empty dim: logsumexp over nothing is -inf.
    const m = reduceDims("max", input, dims, true, input.dtype);
    // Infinite maxima would give inf - inf: shift by 0 there instead.
    const shift = ew.where(ew.isfinite(m), m, 0);
    const s = ew.add(ew.log(sum(ew.exp(ew.sub(input, shift)), { dim: dims, keepdim: true })), shift);
    return keepdim ? s : s.squeeze(dims);
  });
  // d/dx logsumexp = softmax = exp(x - out)
  return record(out, OPS.logsumexp, [input], (g) => [
    ew.mul(unreduce(g, input.shape, dims, keepdim), ew.exp(ew.sub(input, unreduce(out, input.shape, dims, keepdim)))),
  ]);
}

function boolReduce(op: "all" | "any", x: Tensor, opts: ReduceOptions): Tensor {
  // An explicit empty list reduces no dim here (each element on its own, as bool), where
  // sum / mean / amax keep the legacy meaning of every dim: PyTorch differs op by op.
  const none = opts.dim !== undefined && typeof opts.dim !== "number" && opts.dim.length === 0;
  const dims = none ? [] : reductionDims(opts.dim, x.ndim);
  return reduceDims(op, x, dims, opts.keepdim ?? false, "bool");
}
export const all = (x: Tensor, ...args: DimArgs<Dims>): Tensor => boolReduce("all", x, parseArgs("all", OPS.boolReduce.args, args));
export const any = (x: Tensor, ...args: DimArgs<Dims>): Tensor => boolReduce("any", x, parseArgs("any", OPS.boolReduce.args, args));

/** `(p?, dim?, keepdim?, opts?)`, as Tensor.norm. */
export type NormArgs =
  | [options?: ReduceOptions & { p?: number }]
  | [p: number | undefined, options?: ReduceOptions]
  | [p: number | undefined, dim: Dims | undefined, options?: { keepdim?: boolean }]
  | [p: number | undefined, dim: Dims | undefined, keepdim: boolean | undefined];

/**
 * The p-norm (2 by default) over dims (torch.linalg.vector_norm). p = ±inf is the largest
 * / smallest |x|, and p = 0 counts the nonzero entries.
 */
export function norm(x: Tensor, ...args: NormArgs): Tensor {
  const opts = parseArgs("norm", OPS.norm.args, args);
  if (!isFloating(x.dtype)) {
    throw new DTypeError(`linalg.vector_norm: Expected a floating point or complex tensor as input. Got ${scalarTypeName(x.dtype)}`);
  }
  const p = opts.p ?? 2;
  const dims = reductionDims(opts.dim, x.ndim);
  const keepdim = opts.keepdim ?? false;
  const r = { dim: dims, keepdim };
  if (Math.abs(p) === Infinity) requireNonEmpty(x, opts.dim, p);
  const out = noGrad(() => {
    if (p === Infinity) return amax(ew.abs(x), r);
    if (p === -Infinity) return amin(ew.abs(x), r);
    // Σ|x|^0 would count the zeros too (and 1^(1/0) is NaN in JS): count x != 0 instead,
    // NaN included, in x's dtype.
    if (p === 0) return sum(ew.ne(x, 0), { ...r, dtype: x.dtype });
    if (p === 1) return sum(ew.abs(x), r);
    if (p === 2) return ew.sqrt(sum(ew.mul(x, x), r));
    return ew.pow(sum(ew.pow(ew.abs(x), p), r), 1 / p);
  });
  return record(out, OPS.norm, [x], (g) => {
    // The count is piecewise constant: PyTorch sends no gradient at all (x.grad stays None).
    if (p === 0) return [null];
    const gk = unreduce(g, x.shape, dims, keepdim);
    const nk = unreduce(out, x.shape, dims, keepdim);
    if (Math.abs(p) === Infinity) {
      // As amax / amin of |x|: split evenly over the entries that reach the norm. NaN entries
      // count among them (the norm is then NaN, which equals nothing), so the count is never 0.
      const mask = ew.logicalOr(ew.eq(ew.abs(x), nk), ew.isnan(x));
      return [ew.mul(ew.mul(gk, ew.sign(x)), ew.div(mask, unreduce(sum(mask, r), x.shape, dims, keepdim)))];
    }
    if (p === 1) return [ew.mul(gk, ew.sign(x))];
    // d‖x‖/dx = sign(x) |x|^(p-1) / ‖x‖^(p-1), with PyTorch's choices where that is 0/0 or ∞·0.
    if (p === 2) return [ew.where(ew.eq(nk, 0), 0, ew.mul(gk, ew.div(x, nk)))];
    const slope = ew.mul(ew.sign(x), ew.pow(ew.abs(x), p - 1));
    if (p < 1) {
      // |x|^(p-1) is infinite at x = 0, where the gradient is taken as 0; ‖x‖^(1-p) is 0
      // where the norm is, so that needs no mask.
      return [ew.mul(ew.where(ew.eq(x, 0), 0, slope), ew.mul(gk, ew.pow(nk, 1 - p)))];
    }
    // p > 1: |x|^(p-1) is 0 at x = 0; the gradient is taken as 0 where the norm is 0.
    return [ew.where(ew.eq(nk, 0), 0, ew.mul(slope, ew.div(gk, ew.pow(nk, p - 1))))];
  });
}

/** PyTorch refuses ±inf norms over an empty dim: max / min have no identity. */
function requireNonEmpty(x: Tensor, dim: Dims | undefined, p: number): void {
  const name = p > 0 ? "inf" : "-inf";
  if (dim === undefined || (typeof dim !== "number" && dim.length === 0)) {
    if (x.numel() === 0) {
      throw new ValueError(`linalg.vector_norm cannot compute the ${name} norm on an empty tensor because the operation does not have an identity`);
    }
    return;
  }
  for (const d of reductionDims(dim, x.ndim)) {
    if (x.shape[d] === 0) {
      throw new ValueError(
        `linalg.vector_norm cannot compute the ${name} norm on the dimension ${d}because this dimension is empty and the operation does not have an identity`,
      );
    }
  }
}

/** `x.cumsum(1)` or `x.cumsum({ dim: 1 })`. */
export function cumsum(x: Tensor, ...args: [dim: number] | [options: { dim: number }]): Tensor {
  const d = normDim(parseArgs("cumsum", OPS.cumsum.args, args).dim as number, x.ndim);
  const out = empty(x.shape, isFloating(x.dtype) ? x.dtype : "int64", x.device);
  const inner = numelOf(x.shape.slice(d + 1));
  const size = x.ndim === 0 ? 1 : x.shape[d];
  const outer = x.numel() / Math.max(1, size * inner);
  // On a device: one invocation per line, in the same order (int64 sums are int32 there, wrapping).
  kernelsOn(x.device).cumsum(x.store, out.store, outer, size, inner);
  return record(out, OPS.cumsum, [x], (g) => [g.flip([d]).cumsum(d).flip([d])]);
}
