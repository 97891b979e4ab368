/**
 * In-place updates, for optimizers, initialisers and running statistics. They record
 * no graph and refuse a leaf that requires grad while grad mode is on, as PyTorch does.
 */
import { backend } from "../backend/index.js";
import { DTypeError, ShapeError } from "../errors.js";
import { isFloating, resultTypeOf, scalarTypeName, type DType } from "../tensor/dtype.js";
import { broadcastShapes, fmtShape, shapeEq } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { cast } from "./cast.js";
import { operand } from "./util.js";

/** PyTorch's canCast: no floats into integers, nothing but bool into bool. */
function checkCast(from: DType, to: DType): void {
  if ((isFloating(from) && !isFloating(to)) || (from !== "bool" && to === "bool")) {
    throw new DTypeError(`result type ${scalarTypeName(from)} can't be cast to the desired output type ${scalarTypeName(to)}`);
  }
}

function binaryInto(op: "add" | "sub" | "mul" | "div", x: Tensor, other: TensorLike, alpha = 1): Tensor {
  x.checkInplace();
  const { t: o0, kind } = operand(other);
  const o = alpha === 1 ? o0 : o0.detach().mul(alpha);
  let dt = resultTypeOf([{ dtype: x.dtype, kind: x.ndim === 0 ? "zerodim" : "dim" }, { dtype: o.dtype, kind }]);
  if (op === "div" && !isFloating(dt)) dt = "float32";
  checkCast(dt, x.dtype);
  const shape = shapeEq(x.shape, o.shape) ? x.shape : broadcastShapes(x.shape, o.shape);
  if (!shapeEq(shape, x.shape)) {
    throw new ShapeError(`output with shape ${fmtShape(x.shape)} doesn't match the broadcast shape ${fmtShape(shape)}`);
  }
  // The other operand in the computation dtype first (float32(0.9) for a float32 tensor, as PyTorch).
  const oc = o.dtype === dt ? o : cast(o.detach(), dt);
  backend().binary(op, x.data, x.shape, oc.data, oc.shape, x.data, x.shape);
  return x;
}

export function add_<T extends Tensor>(x: T, other: TensorLike, opts?: { alpha?: number }): T {
  binaryInto("add", x, other, opts?.alpha);
  return x;
}
export function sub_<T extends Tensor>(x: T, other: TensorLike, opts?: { alpha?: number }): T {
  binaryInto("sub", x, other, opts?.alpha);
  return x;
}
export function mul_<T extends Tensor>(x: T, other: TensorLike): T {
  binaryInto("mul", x, other);
  return x;
}
export function div_<T extends Tensor>(x: T, other: TensorLike): T {
  binaryInto("div", x, other);
  return x;
}
export function clamp_<T extends Tensor>(x: T, min?: number | null, max?: number | null): T {
  x.checkInplace();
  backend().unaryParam("clamp", x.data, x.data, min ?? -Infinity, max ?? Infinity);
  return x;
}
export function fill_<T extends Tensor>(x: T, value: number): T {
  x.checkInplace();
  x.data.fill(value);
  return x;
}
export function copy_<T extends Tensor>(x: T, src: Tensor): T {
  x.checkInplace();
  const s = shapeEq(src.shape, x.shape) ? src.detach() : src.detach().expand(x.shape);
  // Values convert as a cast would (int64 truncates, bool tests for non-zero).
  x.data.set((s.dtype === x.dtype ? s : cast(s, x.dtype)).data);
  return x;
}
