/** Small pieces every op uses: making outputs, scalar operands, reducing broadcast gradients. */
import { DTypeError } from "../errors.js";
import { allocate, inferDType, isFloating, type DType } from "../tensor/dtype.js";
import { numelOf, shapeEq } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";

export function empty(shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(allocate(dtype, numelOf(shape)), shape, dtype);
}

/** A JS number or boolean as a 0-dim tensor of the dtype PyTorch infers for it. */
export function scalarTensor(x: number | boolean, dtype: DType = inferDType(x)): Tensor {
  const t = empty([], dtype);
  t.data[0] = Number(x);
  return t;
}

/** Tensor operands pass through; JS values become 0-dim tensors marked as wrapped scalars. */
export function operand(x: TensorLike): { t: Tensor; scalar: boolean } {
  if (x instanceof Tensor) return { t: x, scalar: x.ndim === 0 };
  if (typeof x !== "number" && typeof x !== "boolean") {
    throw new DTypeError(`expected a Tensor or a number as operand, but got ${typeof x}`);
  }
  return { t: scalarTensor(x), scalar: true };
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

/** PyTorch's message when an integer or bool tensor reaches an op that needs floats. */
export function requireFloat(t: Tensor, what: string): void {
  if (!isFloating(t.dtype)) {
    throw new DTypeError(`${what}: expected a floating point tensor (float32 or float64), but got ${t.dtype}`);
  }
}
