/** Creating tensors: from JS data, filled, ranges, identity. Shapes are arrays; options are objects. */
import { DTypeError, ValueError } from "../errors.js";
import { cast } from "../ops/cast.js";
import { allocate, defaultFloat, isFloating, type DType } from "./dtype.js";
import {
  flattenNested, inferFromElements, inferFromTypedArray, nestedShape, toStorage,
  type NestedArray, type TypedArrayInput,
} from "./convert.js";
import { fmtShape, numelOf } from "./shape.js";
import { Tensor } from "./tensor.js";

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
  /** Accepted for PyTorch-style code; "cpu" is the only device. */
  device?: "cpu";
}

function finish(t: Tensor, opts: TensorOptions): Tensor {
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}

/**
 * torch.tensor: from nested arrays, a typed array (1-D) or another tensor (copied).
 * Numbers give the default float dtype unless `dtype` says otherwise (see `DType`).
 */
export function tensor(data: NestedArray | TypedArrayInput | Tensor, opts: TensorOptions = {}): Tensor {
  if (data instanceof Tensor) return finish(cast(data.detach(), opts.dtype ?? data.dtype).detach().clone(), opts);
  if (ArrayBuffer.isView(data)) {
    const dtype = opts.dtype ?? inferFromTypedArray(data);
    return finish(new Tensor(toStorage(data, dtype), [data.length], dtype), opts);
  }
  const shape = nestedShape(data);
  const flat = flattenNested(data, shape);
  const dtype = opts.dtype ?? inferFromElements(flat);
  return finish(new Tensor(toStorage(flat, dtype), shape, dtype), opts);
}

/** A tensor over a typed array's values, in the given shape (the array is copied). */
export function fromArray(data: TypedArrayInput | readonly number[], shape: readonly number[], opts: TensorOptions = {}): Tensor {
  if (numelOf(shape) !== data.length) {
    throw new ValueError(`fromArray: shape ${fmtShape(shape)} needs ${numelOf(shape)} values but got ${data.length}`);
  }
  const dtype = opts.dtype ?? (ArrayBuffer.isView(data) ? inferFromTypedArray(data) : defaultFloat());
  return finish(new Tensor(toStorage(data, dtype), [...shape], dtype), opts);
}

function checkShape(shape: readonly number[]): number[] {
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) {
      throw new ValueError(`Trying to create tensor with negative dimension ${s}: ${fmtShape(shape)}`);
    }
  }
  return [...shape];
}

export function full(shape: readonly number[], value: number | boolean, opts: TensorOptions = {}): Tensor {
  const dtype = opts.dtype ?? (typeof value === "boolean" ? "bool" : defaultFloat());
  const s = checkShape(shape);
  const data = allocate(dtype, numelOf(s));
  data.fill(Number(value));
  return finish(new Tensor(data, s, dtype), opts);
}

export const zeros = (shape: readonly number[], opts: TensorOptions = {}): Tensor => full(shape, 0, opts);
export const ones = (shape: readonly number[], opts: TensorOptions = {}): Tensor => full(shape, 1, opts);
export const empty = (shape: readonly number[], opts: TensorOptions = {}): Tensor => full(shape, 0, opts);
export const zerosLike = (x: Tensor, opts: TensorOptions = {}): Tensor => zeros(x.shape, { dtype: x.dtype, ...opts });
export const onesLike = (x: Tensor, opts: TensorOptions = {}): Tensor => ones(x.shape, { dtype: x.dtype, ...opts });
export const fullLike = (x: Tensor, value: number, opts: TensorOptions = {}): Tensor => full(x.shape, value, { dtype: x.dtype, ...opts });

/**
 * torch.arange(end) or arange(start, end, step). As in PyTorch, whole-number arguments
 * give int64 and any fractional one gives the default float dtype.
 */
export function arange(startOrEnd: number, end?: number, step = 1, opts: TensorOptions = {}): Tensor {
  const [start, stop] = end === undefined ? [0, startOrEnd] : [startOrEnd, end];
  if (step === 0) throw new ValueError("step must be nonzero");
  if ((stop - start) / step < 0) {
    throw new ValueError("upper bound and larger bound inconsistent with step sign");
  }
  const dtype = opts.dtype ?? ([start, stop, step].every(Number.isInteger) ? "int64" : defaultFloat());
  const n = Math.ceil((stop - start) / step);
  const data = allocate(dtype, n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return finish(new Tensor(data, [n], dtype), opts);
}

/** torch.linspace: `steps` points from start to end inclusive, computed as PyTorch does (from both ends). */
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new ValueError("number of steps must be non-negative");
  const dtype = opts.dtype ?? defaultFloat();
  if (!isFloating(dtype) && dtype !== "int64") throw new DTypeError(`linspace: unsupported dtype ${dtype}`);
  const data = allocate(dtype, steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) data[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
  return finish(new Tensor(data, [steps], dtype), opts);
}

export function eye(n: number, m = n, opts: TensorOptions = {}): Tensor {
  const t = zeros([n, m], opts);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

/** A 0-dim tensor holding one value (torch.scalar_tensor). */
export function scalarTensor(value: number, opts: TensorOptions = {}): Tensor {
  return full([], value, opts);
}
