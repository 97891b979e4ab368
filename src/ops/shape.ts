/**
 * Shape ops. Reshapes (view, squeeze, unsqueeze, flatten) share storage with their
 * input; permutes, expands and joins copy. Each records PyTorch's node name.
 */
import { noGrad } from "../autograd/grad-mode.js";
import { record } from "../autograd/node.js";
import { kernelsOn } from "./kernels.js";
import { ShapeError, ValueError } from "../errors.js";
import { promoteTypes, scalarTypeName } from "../tensor/dtype.js";
import { distinctDims, fmtShape, inferShape, normDim, numelOf, shapeEq } from "../tensor/shape.js";
import { markCopiedView, Tensor } from "../tensor/tensor.js";
import { mixedDevices } from "../tensor/device.js";
import { cast } from "./cast.js";
import { reversedAlong, selectAt, strided } from "./indexing.js";
import { parseArgs, type Dims, type OneDim } from "./args.js";
import { OPS, SHAPE_ARGS } from "./table.js";
import { empty, sumTo, unfilled, viewTensor } from "./util.js";

/** Accepts `f(2, 3)` and `f([2, 3])` alike, as PyTorch accepts both. */
export function shapeArg(args: number[] | [readonly number[]]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as readonly number[])] : (args as number[]);
}

export function onesLikeRaw(x: Tensor): Tensor {
  const out = unfilled(x.shape, x.dtype, x.device);
  kernelsOn(x.device).fill(out.store, 1);
  return out;
}

/** A new tensor over the same storage in another shape, with the node PyTorch names. */
function viewOf(x: Tensor, shape: readonly number[], name: string): Tensor {
  const out = viewTensor(x, shape);
  return record(out, OPS.view, [x], (g) => [reshape(g, x.shape)], name);
}

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return viewOf(x, inferShape(shape, x.numel(), x.shape), "ViewBackward0");
}

export type SqueezeArgs = [dim?: Dims] | [options: { dim?: Dims }];
export type UnsqueezeArgs = [dim: number] | [options: { dim: number }];
export type FlattenArgs = [startDim?: number, endDim?: number] | [startDim: number, options: { endDim?: number }] | [options: { startDim?: number; endDim?: number }];
export type TransposeArgs = [dim0: number, dim1: number] | [dim0: number, options: { dim1: number }] | [options: { dim0: number; dim1: number }];
export type FlipArgs = [dims: Dims] | [options: { dims: Dims }];
type SplitSize = number | readonly number[];
export type SplitArgs = [splitSize: SplitSize, dim?: number] | [splitSize: SplitSize, options: { dim?: number }] | [options: { splitSize: SplitSize; dim?: number }];
export type ChunkArgs = [chunks: number, dim?: number] | [chunks: number, options: { dim?: number }] | [options: { chunks: number; dim?: number }];

/** Removes size-1 dims: all of them, or those among `dim` (others are left alone). */
export function squeeze(x: Tensor, ...args: SqueezeArgs): Tensor {
  const dim = parseArgs("squeeze", SHAPE_ARGS.squeeze, args).dim;
  const dims = dim === undefined ? null : distinctDims((typeof dim === "number" ? [dim] : dim).map((d) => normDim(d, x.ndim)));
  const shape = x.shape.filter((s, i) => s !== 1 || (dims !== null && !dims.includes(i)));
  const name = dim === undefined ? "SqueezeBackward0" : typeof dim === "number" ? "SqueezeBackward1" : "SqueezeBackward2";
  return viewOf(x, shape, name);
}

export function unsqueeze(x: Tensor, ...args: UnsqueezeArgs): Tensor {
  const d = normDim(parseArgs("unsqueeze", SHAPE_ARGS.unsqueeze, args).dim as number, x.ndim + 1);
  const shape = [...x.shape];
  shape.splice(d, 0, 1);
  return viewOf(x, shape, "UnsqueezeBackward0");
}

export function flatten(x: Tensor, ...args: FlattenArgs): Tensor {
  const { startDim = 0, endDim = -1 } = parseArgs("flatten", SHAPE_ARGS.flatten, args);
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normDim(startDim, x.ndim), e = normDim(endDim, x.ndim);
  if (s > e) throw new ShapeError("flatten() has invalid args: start_dim cannot come after end_dim");
  if (s === e) return x; // PyTorch returns the input itself
  const shape = [...x.shape.slice(0, s), numelOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** The permuted copy; `name` is the node PyTorch records (permute, transpose, t, .T, .mT). */
function permuteAs(x: Tensor, perm: readonly number[], name: string): Tensor {
  if (perm.every((p, i) => p === i)) return viewOf(x, x.shape, name);
  const out = empty(perm.map((p) => x.shape[p]), x.dtype, x.device);
  kernelsOn(x.device).permute(x.store, x.shape, perm, out.store);
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return markCopiedView(record(out, OPS.permute, [x], (g) => [permute(g, inverse)], name));
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.ndim) {
    throw new ShapeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.ndim} is not equal to len(dims) = ${dims.length}`,
    );
  }
  const perm = dims.map((d) => normDim(d, x.ndim));
  if (new Set(perm).size !== perm.length) throw new ShapeError("permute(): duplicate dims are not allowed.");
  return permuteAs(x, perm, "PermuteBackward0");
}

function swapped(x: Tensor, dim0: number, dim1: number): number[] {
  const a = normDim(dim0, x.ndim), b = normDim(dim1, x.ndim);
  const perm = x.shape.map((_, i) => i);
  [perm[a], perm[b]] = [perm[b], perm[a]];
  return perm;
}

export function transpose(x: Tensor, ...args: TransposeArgs): Tensor {
  const { dim0, dim1 } = parseArgs("transpose", SHAPE_ARGS.transpose, args) as { dim0: number; dim1: number };
  if (x.ndim === 0) {
    normDim(dim0, 0);
    normDim(dim1, 0);
    return viewOf(x, x.shape, "TransposeBackward0");
  }
  return permuteAs(x, swapped(x, dim0, dim1), "TransposeBackward0");
}

export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new ShapeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  return x.ndim < 2 ? viewOf(x, x.shape, "TBackward0") : permuteAs(x, [1, 0], "TBackward0");
}

/** `.T`: all dims reversed (the transpose of a matrix). */
export function reversedDims(x: Tensor): Tensor {
  return permuteAs(x, x.shape.map((_, i) => x.ndim - 1 - i), "PermuteBackward0");
}

/** `.mT`: the last two dims swapped (a batch of transposed matrices). */
export function matrixTranspose(x: Tensor): Tensor {
  if (x.ndim < 2) throw new ShapeError(`tensor.mT is only supported on matrices or batches of matrices. Got ${x.ndim}-D tensor.`);
  return permuteAs(x, swapped(x, -2, -1), "TransposeBackward0");
}

export function expand(x: Tensor, shape: readonly number[]): Tensor {
  if (shape.length < x.ndim) {
    throw new ShapeError(
      `expand(torch.${scalarTypeName(x.dtype)}Tensor{${fmtShape(x.shape)}}, size=${fmtShape(shape)}): the number of sizes provided (${shape.length}) must be greater or equal to the number of dimensions in the tensor (${x.ndim})`,
    );
  }
  const off = shape.length - x.ndim;
  const target = shape.map((s, i) => {
    const cur = i < off ? 1 : x.shape[i - off];
    const want = s === -1 && i >= off ? cur : s;
    if (cur !== want && cur !== 1) {
      throw new ShapeError(
        `The expanded size of the tensor (${want}) must match the existing size (${cur}) at non-singleton dimension ${i}.  Target sizes: ${fmtShape(shape)}.  Tensor sizes: ${fmtShape(x.shape)}`,
      );
    }
    return want;
  });
  if (shapeEq(target, x.shape)) return viewOf(x, x.shape, "ExpandBackward0");
  const out = empty(target, x.dtype, x.device);
  const zero = empty([], x.dtype, x.device); // expand = x + 0 broadcast, through the binary kernel
  kernelsOn(x.device).binary(x.dtype === "bool" ? "logicalOr" : "add", x.store, x.shape, zero.store, [], out.store, target);
  return markCopiedView(record(out, OPS.expand, [x], (g) => [sumTo(g, x.shape)]));
}

export function repeat(x: Tensor, reps: readonly number[]): Tensor {
  if (reps.length < x.ndim) {
    throw new ShapeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
  }
  const off = reps.length - x.ndim;
  const src = [...new Array<number>(off).fill(1), ...x.shape];
  // Interleave: [1, s0, 1, s1, ...] expanded to [r0, s0, r1, s1, ...], then merged pairwise.
  const inter: number[] = [];
  const exp: number[] = [];
  src.forEach((s, i) => {
    inter.push(1, s);
    exp.push(reps[i], s);
  });
  const outShape = src.map((s, i) => s * reps[i]);
  const out = noGrad(() => reshape(expand(reshape(x, inter), exp), outShape));
  const repDims = src.map((_, i) => 2 * i);
  return record(out, OPS.repeat, [x], (g) => [reshape(g.reshape(exp).sum({ dim: repDims }), x.shape)]);
}

export function flip(x: Tensor, ...args: FlipArgs): Tensor {
  const dims = parseArgs("flip", SHAPE_ARGS.flip, args).dims as Dims;
  const ds = distinctDims((typeof dims === "number" ? [dims] : dims).map((d) => normDim(d, x.ndim)));
  // One reversed gather per flipped dim (on the CPU too: a gather per dim copies runs, not elements).
  let cur = x.detach();
  // A 0-d tensor has nothing to reverse (dim 0 or -1 only names it, as in PyTorch).
  if (x.ndim > 0) for (const d of ds) cur = reversedAlong(cur, d);
  if (cur.store === x.store) {
    // No dim flipped: still a copy, as PyTorch's flip.
    cur = unfilled(x.shape, x.dtype, x.device);
    kernelsOn(x.device).copyRange(x.store, 0, cur.store, 0, x.numel());
  }
  return record(cur, OPS.flip, [x], (g) => [flip(g, ds)]);
}

/** Checks the tensors of a cat and returns the result's dtype. */
function checkCat(tensors: readonly Tensor[], d: number): ReturnType<typeof promoteTypes> {
  const first = tensors[0];
  let dtype = first.dtype;
  tensors.forEach((t, i) => {
    if (t.ndim === 0) throw new ShapeError(`zero-dimensional tensor (at position ${i}) cannot be concatenated`);
    if (t.ndim !== first.ndim) throw new ShapeError(`Tensors must have same number of dimensions: got ${first.ndim} and ${t.ndim}`);
    for (let j = 0; j < t.ndim; j++) {
      if (j !== d && t.shape[j] !== first.shape[j]) {
        throw new ShapeError(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${first.shape[j]} but got size ${t.shape[j]} for tensor number ${i} in the list.`,
        );
      }
    }
    dtype = promoteTypes(dtype, t.dtype);
  });
  return dtype;
}

function catRaw(tensors: readonly Tensor[], d: number): Tensor {
  const first = tensors[0];
  const dtype = checkCat(tensors, d);
  const shape = [...first.shape];
  shape[d] = tensors.reduce((acc, t) => acc + t.shape[d], 0);
  const device = first.device;
  for (const t of tensors) if (t.device !== device) throw mixedDevices(device, t.device);
  const out = empty(shape, dtype, device);
  const outer = numelOf(first.shape.slice(0, d));
  const inner = numelOf(first.shape.slice(d + 1));
  const rowOut = shape[d] * inner;
  let offset = 0;
  for (const t of tensors) {
    const rowIn = t.shape[d] * inner;
    const src = (t.dtype === dtype ? t : cast(t, dtype)).store;
    const k = kernelsOn(device);
    for (let p = 0; p < outer; p++) k.copyRange(src, p * rowIn, out.store, p * rowOut + offset, rowIn);
    offset += rowIn;
  }
  return out;
}

/** Joins tensors along an existing dim; dtypes promote as torch.cat. */
export function cat(tensors: readonly Tensor[], ...args: OneDim): Tensor {
  const { dim = 0 } = parseArgs("cat", SHAPE_ARGS.cat, args);
  if (tensors.length === 0) throw new ValueError("torch.cat(): expected a non-empty list of Tensors");
  // PyTorch's legacy rule: a 1-D empty tensor (zeros(0), a running list's start) is skipped
  // beside tensors of more dims, but its dtype still takes part in the result's (an int64
  // list after a float64 start is float64). Among 1-D tensors it is an ordinary operand.
  const legacyEmpty = (t: Tensor): boolean => t.ndim === 1 && t.shape[0] === 0;
  if (tensors.some(legacyEmpty) && tensors.some((t) => t.ndim !== 1)) {
    const r = cat(tensors.filter((t) => !legacyEmpty(t)), dim);
    const dt = tensors.reduce((d, t) => promoteTypes(d, t.dtype), r.dtype);
    return dt === r.dtype ? r : cast(r, dt);
  }
  if (tensors[0].ndim === 0) throw new ShapeError("zero-dimensional tensor (at position 0) cannot be concatenated");
  const d = normDim(dim, tensors[0].ndim);
  const out = catRaw(tensors, d);
  const sizes = tensors.map((t) => t.shape[d]);
  return record(out, OPS.cat, tensors, (g) => split(g, sizes, d));
}

/** Joins equally shaped tensors along a new dim. */
export function stack(tensors: readonly Tensor[], ...args: OneDim): Tensor {
  const { dim = 0 } = parseArgs("stack", SHAPE_ARGS.cat, args);
  if (tensors.length === 0) throw new ValueError("stack expects a non-empty TensorList");
  const first = tensors[0];
  tensors.forEach((t, i) => {
    if (!shapeEq(t.shape, first.shape)) {
      throw new ShapeError(`stack expects each tensor to be equal size, but got ${fmtShape(first.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
    }
  });
  const d = normDim(dim, first.ndim + 1);
  const shape = [...first.shape];
  shape.splice(d, 0, 1);
  const out = catRaw(tensors.map((t) => new Tensor(t.store, shape, t.dtype, t.device)), d);
  return record(out, OPS.cat, tensors, (g) => unbind(g, d), "StackBackward0");
}

/** Pieces along `dim`: of `splitSize` each (the last may be smaller) or of the given sizes. */
export function split(x: Tensor, ...args: SplitArgs): Tensor[] {
  const { splitSize, dim = 0 } = parseArgs("split", SHAPE_ARGS.split, args) as { splitSize: SplitSize; dim?: number };
  const d = normDim(dim, x.ndim);
  const total = x.shape[d];
  let sizes: number[];
  let name = "SplitBackward0";
  if (typeof splitSize === "number") {
    if (splitSize < 0) throw new ValueError(`split expects split_size be non-negative, but got split_size=${splitSize}`);
    if (splitSize === 0 && total !== 0) {
      throw new ValueError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${total}`);
    }
    sizes = [];
    for (let s = 0; s < total; s += splitSize) sizes.push(Math.min(splitSize, total - s));
    if (sizes.length === 0) sizes.push(0);
  } else {
    name = "SplitWithSizesBackward0";
    sizes = [...splitSize];
    const sum = sizes.reduce((a, b) => a + b, 0);
    if (sum !== total) {
      throw new ShapeError(`split_with_sizes expects split_sizes to sum exactly to ${total} (input tensor's size at dimension ${d}), but got split_sizes=${fmtShape(sizes)}`);
    }
  }
  let start = 0;
  return sizes.map((len) => {
    const piece = strided(x, d, start, len, 1, name);
    start += len;
    return piece;
  });
}

export function chunk(x: Tensor, ...args: ChunkArgs): Tensor[] {
  const { chunks, dim = 0 } = parseArgs("chunk", SHAPE_ARGS.chunk, args) as { chunks: number; dim?: number };
  if (!(chunks > 0)) throw new ValueError("chunk expects `chunks` to be greater than 0, got: " + chunks);
  if (x.ndim === 0) throw new ShapeError("chunk expects at least a 1-dimensional tensor");
  const d = normDim(dim, x.ndim);
  const size = x.shape[d];
  // Pieces of ceil(size / chunks), so there may be fewer than `chunks` (6 in 4 gives 2, 2, 2);
  // an empty dim still gives `chunks` empty pieces, as PyTorch's.
  if (size === 0) return split(x, new Array<number>(chunks).fill(0), d);
  return split(x, Math.ceil(size / chunks), d);
}

/** Every entry along `dim`, that dim removed (torch.unbind). */
export function unbind(x: Tensor, ...args: OneDim): Tensor[] {
  const { dim = 0 } = parseArgs("unbind", SHAPE_ARGS.unbind, args);
  const d = normDim(dim, x.ndim);
  return Array.from({ length: x.shape[d] }, (_, i) => selectAt(x, d, i, "UnbindBackward0"));
}
