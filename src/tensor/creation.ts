/** Creating tensors: from JS data, filled, ranges, identity. Shapes are arrays; options are objects. */
import { settleHalf } from "./half.js";
import { DTypeError, ValueError } from "../errors.js";
import { cast } from "../ops/cast.js";
import { allocate, defaultFloat, floatRounding, INT32_MAX, INT32_MIN, isFloating, isIntegral, type DType } from "./dtype.js";
import {
  flattenNested, inferFromElements, inferFromTypedArray, nestedShape, toStorage,
  type NestedArray, type TypedArrayInput,
} from "./convert.js";
import { checkShape, fmtShape, numelOf } from "./shape.js";
import { Tensor } from "./tensor.js";
import { parseDevice, type Device } from "./device.js";
import { toDevice } from "../ops/device.js";

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
  /** "cpu" (the default) or "webgpu" (after `await kd.webgpu.init()`): made on the CPU, then uploaded. */
  device?: Device | `${Device}:0`;
}

function finish(made: Tensor, opts: TensorOptions): Tensor {
  const device = opts.device === undefined ? "cpu" : parseDevice(opts.device);
  if (device === null) throw new ValueError(`unknown device '${String(opts.device)}': the devices are "cpu" and "webgpu"`);
  const t = device === "cpu" ? made : toDevice(made, device);
  if (opts.requiresGrad) {
    // The factory functions' wording, which differs from requires_grad_()'s.
    if (!isFloating(t.dtype)) throw new DTypeError("Only Tensors of floating point and complex dtype can require gradients");
    t.requiresGrad_(true);
  }
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

export function full(shape: readonly number[], value: number | boolean, opts: TensorOptions = {}): Tensor {
  const dtype = opts.dtype ?? (typeof value === "boolean" ? "bool" : defaultFloat());
  const s = checkShape(shape);
  const data = allocate(dtype, numelOf(s));
  // As torch.full: an integer dtype truncates the value, and int32 refuses one out of its range.
  if (dtype === "int32" && (Number(value) < INT32_MIN || Number(value) > INT32_MAX)) {
    throw new ValueError(`value cannot be converted to type int without overflow: ${Number(value)} is outside int32's range [${INT32_MIN}, ${INT32_MAX}]`);
  }
  data.fill(toStorage([value], dtype)[0]);
  return finish(new Tensor(data, s, dtype), opts);
}

export function zeros(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  // torch.zeros has a message of its own for negative sizes.
  if (shape.some((s) => s < 0)) throw new ValueError("zeros: Dimension size must be non-negative.");
  return full(shape, 0, opts);
}
export const ones = (shape: readonly number[], opts: TensorOptions = {}): Tensor => full(shape, 1, opts);
export const empty = (shape: readonly number[], opts: TensorOptions = {}): Tensor => full(shape, 0, opts);
export const zerosLike = (x: Tensor, opts: TensorOptions = {}): Tensor => zeros(x.shape, { dtype: x.dtype, device: x.device, ...opts });
export const onesLike = (x: Tensor, opts: TensorOptions = {}): Tensor => ones(x.shape, { dtype: x.dtype, device: x.device, ...opts });
export const fullLike = (x: Tensor, value: number, opts: TensorOptions = {}): Tensor => full(x.shape, value, { dtype: x.dtype, device: x.device, ...opts });

/**
 * torch.arange(end), arange(start, end) or arange(start, end, step), options last.
 * As in PyTorch, whole-number arguments give int64 and any fractional one gives the
 * default float dtype.
 */
export function arange(end: number, opts?: TensorOptions): Tensor;
export function arange(start: number, end: number, opts?: TensorOptions): Tensor;
export function arange(start: number, end: number | undefined, step?: number, opts?: TensorOptions): Tensor;
export function arange(a: number, b?: number | TensorOptions, c?: number | TensorOptions, d: TensorOptions = {}): Tensor {
  const opts = [b, c].find((v): v is TensorOptions => typeof v === "object") ?? d;
  const end = typeof b === "number" ? b : undefined;
  const step = typeof c === "number" ? c : 1;
  const [start, stop] = end === undefined ? [0, a] : [a, end];
  if (step === 0) throw new ValueError("step must be nonzero");
  if (!Number.isFinite(start) || !Number.isFinite(stop)) throw new ValueError(`unsupported range: ${start} -> ${stop}`);
  if ((stop - start) / step < 0) throw new ValueError("upper bound and lower bound inconsistent with step sign");
  const dtype = opts.dtype ?? ([start, stop, step].every(Number.isInteger) ? "int64" : defaultFloat());
  const n = Math.ceil((stop - start) / step);
  const data = allocate(dtype, n);
  // start + i·step in double, then stored in the dtype (PyTorch's CPU accumulate type).
  if (isIntegral(dtype)) {
    // PyTorch counts the elements from the values as given, then computes them from the start
    // and step cast to the dtype (arange(0, 2, 0.3, dtype=int32) is seven zeros; int64 refuses).
    const [s0, st] = [Math.trunc(start), Math.trunc(step)];
    if (st === 0 && dtype === "int64") throw new ValueError("step must be nonzero");
    for (let i = 0; i < n; i++) data[i] = s0 + i * st;
  } else for (let i = 0; i < n; i++) data[i] = start + i * step;
  settleHalf(data);
  return finish(new Tensor(data, [n], dtype), opts);
}

/**
 * torch.linspace: `steps` points from start to end inclusive, computed as PyTorch's CPU
 * kernel does: from both ends, in the output's precision, each point rounded once
 * (the compiled kernel fuses the multiply-add).
 */
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new ValueError("number of steps must be non-negative");
  const dtype = opts.dtype ?? defaultFloat();
  if (!isFloating(dtype) && !isIntegral(dtype)) throw new DTypeError(`linspace: unsupported dtype ${dtype}`);
  const data = allocate(dtype, steps);
  const r = floatRounding(dtype);
  const s = r(start), e = r(end);
  const step = steps > 1 ? r(r(e - s) / (steps - 1)) : 0;
  // One step is the start alone; otherwise the first half counts from the start, the rest back from the end.
  const half = steps === 1 ? 1 : Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    const v = i < half ? s + step * i : e - step * (steps - 1 - i);
    data[i] = isIntegral(dtype) ? Math.trunc(v) : v;
  }
  settleHalf(data);
  return finish(new Tensor(data, [steps], dtype), opts);
}

/** torch.eye(n), eye(n, m); options last. */
export function eye(n: number, m?: number | TensorOptions, opts: TensorOptions = {}): Tensor {
  const cols = typeof m === "number" ? m : n;
  const o = typeof m === "object" ? m : opts;
  if (!(n >= 0)) throw new ValueError(`n must be greater or equal to 0, got ${n}`);
  if (!(cols >= 0)) throw new ValueError(`m must be greater or equal to 0, got ${cols}`);
  // Made on the CPU, then moved (as every factory here): eye on webgpu too.
  const dtype = o.dtype ?? defaultFloat();
  const data = allocate(dtype, n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) data[i * cols + i] = 1;
  return finish(new Tensor(data, [n, cols], dtype), o);
}

/** A 0-dim tensor holding one value (torch.scalar_tensor). */
export function scalarTensor(value: number, opts: TensorOptions = {}): Tensor {
  return full([], value, opts);
}
