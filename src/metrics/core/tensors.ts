/**
 * Reading inputs and building results. Metrics work on the typed arrays directly and
 * return new tensors: float32 for scores (as torchmetrics returns them), int64 for counts.
 */
import { Tensor } from "../../tensor/tensor.js";
import type { DType } from "../../tensor/dtype.js";
import { DTypeError } from "../../errors.js";

export type FloatArray = Float32Array | Float64Array;

export function isFloat(t: Tensor): boolean {
  return t.dtype === "float32" || t.dtype === "float64";
}

export function numel(t: Tensor): number {
  return t.data.length;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Product of the dimensions from `start` on (1 for none). */
export function sizeFrom(shape: readonly number[], start: number): number {
  let n = 1;
  for (let i = start; i < shape.length; i++) n *= shape[i];
  return n;
}

/** A float32 tensor holding `values` (rounded to float32 as torch stores them). */
export function f32(values: ArrayLike<number>, shape: readonly number[] = [values.length]): Tensor {
  return new Tensor(Float32Array.from(values), [...shape], "float32");
}

/** An int64 tensor holding whole-number `values`. */
export function i64(values: ArrayLike<number>, shape: readonly number[] = [values.length]): Tensor {
  return new Tensor(Float64Array.from(values), [...shape], "int64");
}

/** A tensor of the given floating dtype. */
export function floatTensor(values: ArrayLike<number>, shape: readonly number[], dtype: DType): Tensor {
  return dtype === "float64" ? new Tensor(Float64Array.from(values), [...shape], "float64") : f32(values, shape);
}

export function scalarF32(x: number): Tensor {
  return f32([x], []);
}

/** The values of a tensor as floats of its own precision (float64 for anything but float32). */
export function floatValues(t: Tensor): FloatArray {
  if (t.data instanceof Float32Array) return t.data;
  if (t.data instanceof Float64Array) return t.data;
  return Float64Array.from(t.data);
}

/** The precision results derived from `t`'s values are kept in: float64 stays float64, else float32. */
export function floatDtypeOf(t: Tensor): "float32" | "float64" {
  return t.dtype === "float64" ? "float64" : "float32";
}

export function requireTensor(x: unknown, name: string): Tensor {
  if (!(x instanceof Tensor)) {
    throw new DTypeError(`Expected \`${name}\` to be a Tensor, but got ${x === null ? "null" : typeof x}`);
  }
  return x;
}
