/** Indexing: select, narrow, Python-style slices, integer and boolean indices, gather / scatter. */
import { noGrad } from "../autograd/grad-mode.js";
import { record } from "../autograd/node.js";
import { DeviceError, DTypeError, IndexError, ShapeError } from "../errors.js";
import { cppTypeName, isFloating, isIntegral } from "../tensor/dtype.js";
import { broadcastShapes, fmtShape, normDim, numelOf, shapeEq } from "../tensor/shape.js";
import { markCopiedView, Tensor } from "../tensor/tensor.js";
import { cast } from "./cast.js";
import { cat } from "./shape.js";
import { parseArgs } from "./args.js";
import { OPS, SHAPE_ARGS } from "./table.js";
import { empty, unfilled, viewTensor } from "./util.js";
import { deviceBackend, hostReads, kernelsOn } from "./kernels.js";
import { mixedDevices } from "../tensor/device.js";
import { add, lt, where } from "./elementwise.js";
import type { Device, Store } from "../tensor/device.js";

/** One dim of a slice: null keeps it, a number selects (and drops) it, [start, end, step] slices it. */
export type SliceSpec = null | number | readonly [number | null, (number | null)?, number?];

/** The same storage in another shape, recorded as `name` (a view whose gradient is reshaped back). */
function shareView(x: Tensor, shape: readonly number[], name: string): Tensor {
  const out = viewTensor(x, shape);
  return record(out, OPS.view, [x], (g) => [g.reshape([...x.shape])], name);
}

/** Copies the entries at positions pos(0), …, pos(len - 1) along `d` (the dim becomes len). */
function copyAlong(x: Tensor, d: number, len: number, pos: (k: number) => number): Tensor {
  return takeRaw(x, d, positions(x.device, len, pos), len);
}

/**
 * int32 positions the op computed from geometry (not from a tensor's numbers), where
 * `device`'s kernels take them: the array itself on the CPU, uploaded on a device.
 */
function positionsOn(device: Device, idx: Int32Array): Store {
  return device === "cpu" ? idx : deviceBackend(device).upload(idx, "int32");
}

/** pos(0), …, pos(len − 1) as int32 indices on `device`. */
function positions(device: Device, len: number, pos: (k: number) => number): Store {
  const idx = new Int32Array(len);
  for (let k = 0; k < len; k++) idx[k] = pos(k);
  return positionsOn(device, idx);
}

/** x with its entries along `d` in reverse order (a copy, no graph): one step of flip. */
export function reversedAlong(x: Tensor, d: number): Tensor {
  const size = x.shape[d];
  return copyAlong(x, d, size, (k) => size - 1 - k);
}

/** Copies every `step`-th entry of [start, start + len·step) along `dim`. */
function stridedRaw(x: Tensor, d: number, start: number, len: number, step: number): Tensor {
  return copyAlong(x, d, len, (k) => start + k * step);
}

/** The gradient of a strided slice: g placed back among zeros (differentiable: its gradient is the slice). */
export function sliceBackward(g: Tensor, inShape: readonly number[], d: number, start: number, step: number): Tensor {
  const out = empty(inShape, g.dtype, g.device);
  const len = g.shape[d];
  const outer = numelOf(inShape.slice(0, d));
  const inner = numelOf(inShape.slice(d + 1));
  const size = inShape[d];
  if (g.device !== "cpu") {
    // The positions are distinct, so adding into zeros places each entry.
    kernelsOn(g.device).indexAdd(g.store, outer, size, inner, positions(g.device, len, (k) => start + k * step), out.store);
  } else {
    // On the CPU a copy of each run, which keeps a −0 (an add into zeros would give +0).
    const k = kernelsOn("cpu");
    for (let p = 0; p < outer; p++) {
      for (let j = 0; j < len; j++) k.copyRange(g.store, (p * len + j) * inner, out.store, (p * size + start + j * step) * inner, inner);
    }
  }
  return record(out, OPS.slice, [g], (gg) => [strided(gg, d, start, len, step)], "SliceBackwardBackward0");
}

/** A strided slice along `d` (a copy), recorded as `name` (SliceBackward0, SplitBackward0, ...). */
export function strided(x: Tensor, d: number, start: number, len: number, step: number, name = "SliceBackward0"): Tensor {
  const out = stridedRaw(x, d, start, len, step);
  return markCopiedView(record(out, OPS.slice, [x], (g) => [sliceBackward(g, x.shape, d, start, step)], name));
}

export type NarrowArgs = [dim: number, start: number, length: number] | [options: { dim: number; start: number; length: number }];
export type SelectArgs = [dim: number, index: number] | [dim: number, options: { index: number }] | [options: { dim: number; index: number }];
/** (dim, index) as gather and index_select take them. */
export type DimIndexArgs = [dim: number, index: Tensor] | [dim: number, options: { index: Tensor }] | [options: { dim: number; index: Tensor }];
export type ScatterArgs<S> = [dim: number, index: Tensor, src: S] | [dim: number, index: Tensor, options: { src: S }] | [options: { dim: number; index: Tensor; src: S }];

export function narrow(x: Tensor, ...args: NarrowArgs): Tensor {
  const { dim, start, length } = parseArgs("narrow", SHAPE_ARGS.narrow, args) as { dim: number; start: number; length: number };
  const d = normDim(dim, x.ndim);
  const size = x.shape[d];
  const s = start < 0 ? start + size : start;
  if (s < 0 || s > size || length < 0 || s + length > size) {
    throw new IndexError(`start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  }
  if (s === 0 && length === size) return shareView(x, x.shape, "SliceBackward0");
  return strided(x, d, s, length, 1);
}

/** Entry `index` along `dim`, that dim removed (x[i], x[:, i]). */
export function select(x: Tensor, ...args: SelectArgs): Tensor {
  const { dim, index } = parseArgs("select", SHAPE_ARGS.select, args) as { dim: number; index: number };
  if (x.ndim === 0) throw new IndexError("select() cannot be applied to a 0-dim tensor.");
  const d = normDim(dim, x.ndim);
  const size = x.shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new IndexError(`select(): index ${index} out of range for tensor of size ${fmtShape(x.shape)} at dimension ${d}`);
  }
  return selectAt(x, d, index < 0 ? index + size : index, "SelectBackward0");
}

/** Entry `i` (already checked) along `d`, that dim removed; recorded as `name` (select, unbind). */
export function selectAt(x: Tensor, d: number, i: number, name: string): Tensor {
  const piece = stridedRaw(x, d, i, 1, 1);
  const out = new Tensor(piece.store, x.shape.filter((_, k) => k !== d), x.dtype, piece.device);
  return markCopiedView(record(out, OPS.slice, [x], (g) => [sliceBackward(g.unsqueeze(d), x.shape, d, i, 1)], name));
}

/** Python's slice semantics: negative indices count from the end, out-of-range bounds clamp. */
export function slice(x: Tensor, specs: readonly SliceSpec[]): Tensor {
  if (specs.length > x.ndim) throw new IndexError(`too many indices for tensor of dimension ${x.ndim}`);
  let cur = x;
  let d = 0;
  for (const spec of specs) {
    if (spec === null) {
      d++;
      continue;
    }
    if (typeof spec === "number") {
      cur = select(cur, d, spec);
      continue;
    }
    const size = cur.shape[d];
    const step = spec[2] ?? 1;
    if (step <= 0) throw new IndexError("step must be greater than zero");
    const clampIdx = (v: number | null | undefined, dflt: number): number => {
      if (v === null || v === undefined) return dflt;
      const w = v < 0 ? v + size : v;
      return Math.min(Math.max(w, 0), size);
    };
    const start = clampIdx(spec[0], 0);
    const end = clampIdx(spec[1], size);
    const len = Math.max(0, Math.ceil((end - start) / step));
    if (!(start === 0 && len === size && step === 1)) cur = strided(cur, d, start, len, step);
    d++;
  }
  return cur;
}

/** Entries idx[k] along `d` (the dim becomes `count`, idx's length), as a copy: idx holds positions in range. */
function takeRaw(x: Tensor, d: number, idx: Store, count: number): Tensor {
  const shape = [...x.shape];
  shape[d] = count;
  const out = empty(shape, x.dtype, x.device);
  kernelsOn(x.device).indexSelect(x.store, numelOf(x.shape.slice(0, d)), x.shape[d], numelOf(x.shape.slice(d + 1)), idx, out.store);
  return out;
}

/** The gradient of a take: g's entries added back at idx (index_add). Differentiable: its gradient is the take. */
function putBack(g: Tensor, inShape: readonly number[], d: number, idx: Store): Tensor {
  const gx = empty(inShape, g.dtype, g.device);
  const outer = numelOf(inShape.slice(0, d));
  const inner = numelOf(inShape.slice(d + 1));
  kernelsOn(g.device).indexAdd(g.store, outer, inShape[d], inner, idx, gx.store);
  return record(gx, OPS.slice, [g], (gg) => [takeRaw(gg, d, idx, g.shape[d])], "IndexAddBackward0");
}

/**
 * Integer indices on `device` as int32 positions, negative ones wrapped. Indices from the
 * CPU are checked there (PyTorch's IndexError at once); indices already on a device are
 * checked by its gather kernel (an index out of range fails the next read with "index out
 * of range in self").
 */
function indicesOn(index: Tensor, size: number, d: number, device: Device): Store {
  const notIntegral = (): IndexError => new IndexError("tensors used as indices must be long, int, byte or bool tensors");
  if (index.device === "cpu") {
    if (!isIntegral(index.dtype)) throw notIntegral();
    return positionsOn(device, hostReads().wrapIndices(index.store, size, d));
  }
  if (index.device !== device) throw mixedDevices(device, index.device);
  if (!isIntegral(index.dtype)) throw notIntegral();
  return noGrad(() => cast(where(lt(index, 0), add(index, size), index), "int32")).store;
}

/** Entries idx[k] along `d` (`count` of them) in the result's `shape`, recorded with index_add's gradient. */
function take(x: Tensor, d: number, idx: Store, count: number, shape: readonly number[], name?: string): Tensor {
  const picked = takeRaw(x, d, idx, count);
  const out = new Tensor(picked.store, shape, x.dtype, x.device);
  return record(out, OPS.indexSelect, [x], (g) => [putBack(g.reshape(picked.shape), x.shape, d, idx)], name);
}

/** Entries along `dim` picked by a 1-D integer index (torch.index_select). */
export function indexSelect(x: Tensor, ...args: DimIndexArgs): Tensor {
  const { dim, index } = parseArgs("index_select", SHAPE_ARGS.indexSelect, args) as { dim: number; index: Tensor };
  const d = normDim(dim, x.ndim);
  if (index.ndim > 1) throw new IndexError("index_select(): Index is supposed to be a vector");
  if (!isIntegral(index.dtype)) throw new DTypeError("index_select(): Expected dtype int32 or int64 for index");
  // Unlike x[idx], index_select takes no negative positions (PyTorch raises): never wrap them.
  if (index.device === "cpu" && index.numel() > 0 && noGrad(() => lt(index, 0).any().item())) throw new IndexError("index out of range in self");
  const shape = [...x.shape];
  shape[d] = index.numel();
  return take(x, d, indicesOn(index, x.shape[d], d, x.device), index.numel(), shape);
}

/**
 * `x[indices]` along `dim`: an integer tensor (any shape) or array picks entries,
 * a boolean mask over the leading dims keeps the entries where it is true.
 */
export function index(x: Tensor, indices: Tensor | readonly number[], dim = 0): Tensor {
  const ix = indices instanceof Tensor ? indices : new Tensor(Float64Array.from(indices), [indices.length], "int64");
  if (ix.dtype === "bool") {
    if (dim !== 0) throw new IndexError("a boolean mask indexes from the first dimension");
    return maskRows(x, ix, "IndexBackward0");
  }
  if (x.ndim === 0) throw new IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
  const d = normDim(dim, x.ndim);
  const shape = [...x.shape.slice(0, d), ...ix.shape, ...x.shape.slice(d + 1)];
  return take(x, d, indicesOn(ix, x.shape[d], d, x.device), ix.numel(), shape, "IndexBackward0");
}

/** `x[mask]` with a mask over the leading dims: the kept entries, stacked along one dim. */
function maskRows(x: Tensor, mask: Tensor, name: string): Tensor {
  if (mask.device !== "cpu") {
    if (mask.device !== x.device) throw mixedDevices(x.device, mask.device);
    // The result's size is the mask's count of true values, which only a read-back knows.
    throw new DeviceError(
      `indexing with a boolean mask on ${mask.device} gives a result whose size depends on the mask's values, which come back ` +
      "asynchronously: use await x.indexAsync(mask), await kd.maskedSelectAsync(x, mask) or await x.maskedSelectAsync(mask) " +
      "(or index with a mask on the CPU)",
    );
  }
  for (let i = 0; i < mask.ndim; i++) {
    if (i >= x.ndim || mask.shape[i] !== x.shape[i]) {
      throw new IndexError(
        `The shape of the mask ${fmtShape(mask.shape)} at index ${i} does not match the shape of the indexed tensor ${fmtShape(x.shape)} at index ${i}`,
      );
    }
  }
  const kept = hostReads().nonzero(mask.store);
  const idx = positionsOn(x.device, kept);
  const rest = x.shape.slice(mask.ndim);
  const lead = new Tensor(x.store, [mask.numel(), ...rest], x.dtype, x.device);
  const out = takeRaw(lead, 0, idx, kept.length);
  return record(out, OPS.indexSelect, [x], (g) => [putBack(g, lead.shape, 0, idx).reshape([...x.shape])], name);
}

export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  if (mask.dtype !== "bool") throw new DTypeError(`masked_select: expected BoolTensor for mask`);
  if (mask.device !== "cpu") return maskRows(x, mask, "MaskedSelectBackward0"); // refuses: see maskRows
  // The input and the mask broadcast together (either may have more dims), as PyTorch's.
  const shape = shapeEq(x.shape, mask.shape) ? x.shape : broadcastShapes(x.shape, mask.shape);
  const xs = shapeEq(x.shape, shape) ? x : x.expand(shape);
  const m = noGrad(() => mask.expand(shape).reshape([-1]));
  return maskRows(xs.reshape([-1]), m, "MaskedSelectBackward0");
}

/**
 * A boolean mask on x's device, read back so that the result's size is known. Other
 * indices pass through (a mask on another device than x's meets the two-device error).
 */
async function hostMask<T extends Tensor | readonly number[]>(x: Tensor, indices: T): Promise<T | Tensor> {
  const onDevice = indices instanceof Tensor && indices.dtype === "bool" && indices.device !== "cpu" && indices.device === x.device;
  return onDevice ? await indices.cpuAsync() : indices;
}

/**
 * `x[indices]` where the indices may be a boolean mask on a GPU: the mask is read back
 * (the result's size is its count of true values), then indexed as a CPU mask; the
 * result and its gradient stay on x's device. Any other index works as `index`.
 */
export async function indexAsync(x: Tensor, indices: Tensor | readonly number[], dim = 0): Promise<Tensor> {
  return index(x, await hostMask(x, indices), dim);
}

/** torch.masked_select with a mask that may be on a GPU (read back first, as `indexAsync`). */
export async function maskedSelectAsync(x: Tensor, mask: Tensor): Promise<Tensor> {
  return maskedSelect(x, await hostMask(x, mask));
}

export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  if (mask.dtype !== "bool") {
    throw new DTypeError(`masked_fill_ only supports boolean masks, but got mask with dtype ${cppTypeName(mask.dtype)}`);
  }
  const keep = mask.logicalNot();
  // The result keeps x's dtype, the value cast to it (an int tensor filled with 2.5 gets 2).
  const out = noGrad(() => {
    const r = x.where(keep, value);
    return r.dtype === x.dtype ? r : cast(r, x.dtype);
  });
  return record(out, OPS.maskedFill, [x], (g) => [g.where(keep, 0)]);
}

function checkIndex(x: Tensor, index: Tensor, d: number, fn: string): void {
  if (index.device !== x.device) throw mixedDevices(x.device, index.device);
  // PyTorch 2.x takes int32 indices here too (its message still names int64 alone).
  if (!isIntegral(index.dtype)) throw new DTypeError(`${fn}(): Expected dtype int64 for index`);
  if (index.ndim !== x.ndim) throw new ShapeError(`Index tensor must have the same number of dimensions as input tensor`);
  for (let k = 0; k < x.ndim; k++) {
    if (k !== d && index.shape[k] > x.shape[k]) {
      throw new ShapeError(
        `Size does not match at dimension ${k} expected index ${fmtShape(index.shape)} to be no larger than self ${fmtShape(x.shape)} apart from dimension ${d}`,
      );
    }
  }
}

export function gather(x: Tensor, ...args: DimIndexArgs): Tensor {
  const { dim, index } = parseArgs("gather", SHAPE_ARGS.gather, args) as { dim: number; index: Tensor };
  const d = normDim(dim, x.ndim);
  checkIndex(x, index, d, "gather");
  const out = empty(index.shape, x.dtype, x.device);
  // A 0-dim tensor is one element along dim 0.
  kernelsOn(x.device).gather(x.store, atLeast1d(x.shape), d, index.store, atLeast1d(index.shape), out.store);
  return record(out, OPS.gather, [x], (g) => [scatterAdd(empty(x.shape, g.dtype, g.device), d, index, g)]);
}

function atLeast1d(shape: readonly number[]): readonly number[] {
  return shape.length === 0 ? [1] : shape;
}

/**
 * x with the source (or a number) written ("src") or added ("add") at the places the index
 * names along `d`: a new tensor, the input untouched.
 */
function scattered(mode: "src" | "add", x: Tensor, d: number, index: Tensor, s: Tensor | null, value: number): Tensor {
  if (mode === "add" && x.dtype === "bool" && s) {
    // A bool sum is a logical or (as PyTorch's bool add): counted in int32, then tested for
    // non-zero, so the bool storage never holds a count.
    return cast(scattered("add", cast(x, "int32"), d, index, cast(s, "int32"), 0), "bool");
  }
  const out = unfilled(x.shape, x.dtype, x.device);
  const k = kernelsOn(x.device);
  k.copyRange(x.store, 0, out.store, 0, x.numel());
  // A number goes in as x's dtype holds it (int tensors truncate, bool is "non-zero").
  const v = x.dtype === "bool" ? (value !== 0 ? 1 : 0) : isFloating(x.dtype) ? value : Math.trunc(value);
  k.scatter(mode, out.store, atLeast1d(x.shape), d, index.store, atLeast1d(index.shape), s ? s.store : v, s ? atLeast1d(s.shape) : []);
  return out;
}

function checkSrc(x: Tensor, index: Tensor, src: Tensor, d: number): void {
  if (src.device !== x.device) throw mixedDevices(x.device, src.device);
  // PyTorch refuses a source of another dtype (a cast would silently truncate floats into integers).
  if (src.dtype !== x.dtype) throw new DTypeError("scatter(): Expected self.dtype to be equal to src.dtype");
  for (let k = 0; k < index.ndim; k++) {
    if (index.shape[k] > (src.shape[k] ?? 0)) {
      throw new ShapeError(
        `Expected index ${fmtShape(index.shape)} to be no larger than self ${fmtShape(x.shape)} apart from dimension ${d} and to be no larger size than src ${fmtShape(src.shape)}`,
      );
    }
  }
}

/** The gradient of `src` in a scatter: g at the scattered places, zeros where src was not used. */
/**
 * The source's gradient: what reached the places it was written to, gathered back. The
 * index may be smaller than the source in any dim; the source's elements past it were not
 * written and get zeros (padded with differentiable concatenations).
 */
function srcGrad(g: Tensor, d: number, index: Tensor, src: Tensor): Tensor {
  let picked = gather(g, d, index);
  for (let k = 0; k < src.ndim; k++) {
    const missing = src.shape[k] - picked.shape[k];
    if (missing > 0) picked = cat([picked, empty(picked.shape.map((n, j) => (j === k ? missing : n)), g.dtype, g.device)], k);
  }
  return picked;
}

export function scatter(x: Tensor, ...args: ScatterArgs<Tensor | number>): Tensor {
  const { dim, index, src } = parseArgs("scatter", SHAPE_ARGS.scatter, args) as { dim: number; index: Tensor; src: Tensor | number };
  const d = normDim(dim, x.ndim);
  checkIndex(x, index, d, "scatter");
  const s = typeof src === "number" ? null : src;
  if (s) checkSrc(x, index, s, d);
  const out = scattered("src", x, d, index, s, typeof src === "number" ? src : 0);
  const inputs = s ? [x, s] : [x];
  // The overwritten places get no gradient (g scattered with zeros, itself an op); the
  // source gets the gradient of where it went.
  return record(out, OPS.scatter, inputs, (g) => {
    const gx = x.requiresGrad ? scatter(g, d, index, 0) : null;
    return s ? [gx, s.requiresGrad ? srcGrad(g, d, index, s) : null] : [gx];
  }, s ? "ScatterBackward0" : "ScatterBackward1");
}

export function scatterAdd(x: Tensor, ...args: ScatterArgs<Tensor>): Tensor {
  const { dim, index, src } = parseArgs("scatter_add", SHAPE_ARGS.scatterAdd, args) as { dim: number; index: Tensor; src: Tensor };
  const d = normDim(dim, x.ndim);
  checkIndex(x, index, d, "scatter_add");
  const s = src;
  checkSrc(x, index, s, d);
  const out = scattered("add", x, d, index, s, 0);
  return record(out, OPS.scatter, [x, s], (g) => [g, s.requiresGrad ? srcGrad(g, d, index, s) : null], "ScatterAddBackward0");
}

/**
 * Checks on a device that every index lies in [0, size), with nothing read back: a gather
 * from `size` elements whose kernel flags a bad index, so that the next read raises
 * PyTorch's "index i is out of bounds for dimension 0 with size n" (PyTorch's CUDA kernels
 * raise a device-side assert there). For callers that otherwise compare indices with
 * 0 … size − 1, where an index out of range would give a silent row of zeros.
 */
export function checkIndicesOnDevice(indices: Tensor, size: number): void {
  if (indices.device === "cpu" || indices.numel() === 0) return;
  // Nothing is in range of an empty dimension (and a gather needs something to gather from).
  if (size === 0) throw new IndexError(`index is out of bounds for dimension 0 with size 0`);
  const flat = indices.reshape([indices.numel()]);
  const from = empty([size], "int32", indices.device);
  deviceBackend(indices.device).gather(from.store, from.shape, 0, flat.store, flat.shape, empty(flat.shape, "int32", indices.device).store);
}
