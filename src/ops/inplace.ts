/**
 * In-place updates, for optimizers, initialisers and running statistics. They record
 * no graph and refuse a leaf that requires grad while grad mode is on, as PyTorch does.
 */
import { backend } from "../backend/index.js";
import { ShapeError } from "../errors.js";
import { broadcastShapes, fmtShape, shapeEq } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { operand } from "./util.js";

function binaryInto(op: "add" | "sub" | "mul" | "div", x: Tensor, other: TensorLike, alpha = 1): Tensor {
  x.checkInplace();
  const { t: o0 } = operand(other);
  const o = alpha === 1 ? o0 : o0.mul(alpha);
  const shape = shapeEq(x.shape, o.shape) ? x.shape : broadcastShapes(x.shape, o.shape);
  if (!shapeEq(shape, x.shape)) {
    throw new ShapeError(`output with shape ${fmtShape(x.shape)} doesn't match the broadcast shape ${fmtShape(shape)}`);
  }
  backend().binary(op, x.data, x.shape, o.data, o.shape, x.data, x.shape);
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
  const s = shapeEq(src.shape, x.shape) ? src : src.expand(x.shape);
  x.data.set(s.data);
  return x;
}
