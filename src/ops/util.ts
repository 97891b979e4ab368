/** Small pieces every op uses: making outputs, scalar operands, reducing broadcast gradients. */
import { DTypeError } from "../errors.js";
import { allocate, inferDType, scalarStorage, isFloating, scalarTypeName, type DType, type OperandKind } from "../tensor/dtype.js";
import { numelOf, shapeEq } from "../tensor/shape.js";
import { historyStamp, syncReadError, Tensor, type TensorLike } from "../tensor/tensor.js";
import type { Device } from "../tensor/device.js";
import { deviceDType } from "./device.js";
import { deviceBackend } from "./kernels.js";
import { markHalf } from "./half-kernels.js";

/** A zero-filled tensor. */
export function empty(shape: readonly number[], dtype: DType, device: Device = "cpu"): Tensor {
  if (device !== "cpu") return onDeviceAlloc(shape, dtype, device);
  return new Tensor(allocate(dtype, numelOf(shape)), shape, dtype);
}

/**
 * A tensor whose values are stale (recycled storage is not cleared): only for an output
 * that a kernel then writes in full. Backend kernels write every element of `out`.
 */
export function unfilled(shape: readonly number[], dtype: DType, device: Device = "cpu"): Tensor {
  if (device !== "cpu") return onDeviceAlloc(shape, dtype, device);
  return new Tensor(allocate(dtype, numelOf(shape), false), shape, dtype);
}

/** Zeros on a device (its backend allocates; the element type is the dtype's on that device). */
function onDeviceAlloc(shape: readonly number[], dtype: DType, device: Exclude<Device, "cpu">): Tensor {
  const s = deviceBackend(device).alloc(deviceDType(dtype, device), numelOf(shape));
  return new Tensor(dtype === "float16" ? markHalf(s) : s, shape, dtype, device);
}

/** A JS number or boolean as a 0-dim tensor of the dtype PyTorch infers for it. */
export function scalarTensor(x: number | boolean, dtype: DType = inferDType(x)): Tensor {
  return new Tensor(scalarStorage(dtype, Number(x)), [], dtype);
}

export interface Operand {
  t: Tensor;
  /** A JS number or boolean (PyTorch's wrapped number). */
  scalar: boolean;
  /** The operand's class in type promotion. */
  kind: OperandKind;
}

/**
 * Tensor operands pass through; JS values become 0-dim tensors marked as wrapped numbers.
 * A fractional number is held in float64, as Python holds a float: it counts as the
 * default dtype in promotion, and is rounded only when cast to the op's dtype (so a
 * float64 tensor + 0.1 adds 0.1 itself, a float32 tensor + 0.1 adds float32(0.1)).
 */
export function operand(x: TensorLike): Operand {
  if (x instanceof Tensor) return { t: x, scalar: false, kind: x.ndim === 0 ? "zerodim" : "dim" };
  if (typeof x !== "number" && typeof x !== "boolean") {
    throw new DTypeError(`expected a Tensor or a number as operand, but got ${typeof x}`);
  }
  const dtype = typeof x === "boolean" ? "bool" : Number.isInteger(x) ? "int64" : "float64";
  return { t: scalarTensor(x, dtype), scalar: true, kind: "wrapped" };
}

/** Sums a broadcast gradient back down to `shape` (the input's shape before broadcasting). */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (shapeEq(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  const s = dims.length > 0 ? g.sum({ dim: dims, keepdim: true }) : g;
  return s.reshape([...shape]);
}

/**
 * Kindling's message when an integer or bool tensor reaches an op that needs floats and
 * PyTorch has no kernel message to copy (else requireFloatKernel).
 */
export function requireFloat(t: Tensor, what: string): void {
  if (!isFloating(t.dtype)) {
    throw new DTypeError(`${what}: expected a floating point tensor (float16, float32 or float64), but got ${t.dtype}`);
  }
}

/**
 * A tensor over x's storage in another shape (a view): it remembers the first tensor of
 * that storage, so that in-place changes through either keep both histories right
 * (tensor.ts `_view`, ops/inplace.ts).
 */
export function viewTensor(x: Tensor, shape: readonly number[]): Tensor {
  const out = new Tensor(x.store, shape, x.dtype, x.device);
  const base = x._view?.base ?? x;
  out._view = { base, stamp: historyStamp(base) };
  return out;
}

/**
 * PyTorch's refusal of an op with no integer or bool kernel, naming the kernel:
 * `"softmax_lastdim_kernel_impl" not implemented for 'Long'` (requireFloat is Kindling's own message).
 */
export function requireFloatKernel(input: Tensor, kernel: string): void {
  if (!isFloating(input.dtype)) throw new DTypeError(`"${kernel}" not implemented for '${scalarTypeName(input.dtype)}'`);
}

/**
 * PyTorch's refusal of a half op ("… not implemented for 'Half'"), for the ops PyTorch's
 * CPU refuses in float16 and those Kindling has not made half-aware (their float32 code
 * would give float32 answers in half storage: a silent wrong answer).
 */
export function refuseHalf(dtype: DType, what: string): void {
  if (dtype === "float16") throw new DTypeError(`"${what}" not implemented for 'Half'`);
}

/**
 * Refuses a synchronous read of a non-CPU tensor's numbers (an op that needs a JS value at
 * once reads it through the CPU's HostReads, ops/kernels.ts), with the message `t.data` gives.
 */
export function requireHost(t: Tensor): void {
  if (t.device !== "cpu") throw syncReadError(t, "its values");
}
