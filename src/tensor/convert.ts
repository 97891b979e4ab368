/** Turning JS values (nested arrays, typed arrays) into storage, and storage into JS values. */
import { DTypeError, ShapeError } from "../errors.js";
import { allocate, defaultFloat, INT32_MAX, INT32_MIN, type DType, type Storage } from "./dtype.js";
import { HalfStorage, roundToHalf } from "./half.js";

export type Scalar = number | boolean;
export type NestedArray = Scalar | readonly NestedArray[];
export type TypedArrayInput = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | Uint32Array | BigInt64Array;

/** The shape of a nested array, checking that it is rectangular. */
export function nestedShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0] as NestedArray;
  }
  return shape;
}

/** Flattens a nested array in row-major order, checking every row's length. */
export function flattenNested(data: NestedArray, shape: readonly number[]): Scalar[] {
  const out: Scalar[] = [];
  const walk = (x: NestedArray, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(x)) throw new ShapeError(`too many dimensions: expected ${shape.length}`);
      if (typeof x !== "number" && typeof x !== "boolean") {
        throw new DTypeError(`could not convert ${JSON.stringify(x)} to a tensor element: expected a number or boolean`);
      }
      out.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) {
      const got = Array.isArray(x) ? x.length : "a scalar";
      throw new ShapeError(`expected sequence of length ${shape[depth]} at dim ${depth} (got ${got})`);
    }
    for (const e of x) walk(e as NestedArray, depth + 1);
  };
  walk(data, 0);
  return out;
}

/**
 * The dtype of a tensor made from JS values without a dtype. JS has one number type,
 * so `1` and `1.0` cannot be told apart: numbers give the default float dtype
 * (pass `{dtype: "int64"}` for integers), and all-boolean data gives bool.
 */
export function inferFromElements(values: readonly Scalar[]): DType {
  for (const v of values) if (typeof v !== "boolean") return defaultFloat();
  return values.length === 0 ? defaultFloat() : "bool";
}

export function inferFromTypedArray(data: TypedArrayInput): DType {
  if (data instanceof HalfStorage) return "float16";
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Int32Array) return "int32"; // as torch.from_numpy gives for numpy's int32
  return "int64"; // every other integer typed array holds whole numbers
}

/**
 * Copies values into storage of `dtype`, as `torch.tensor(values, dtype=…)` does: integer
 * dtypes truncate toward zero and refuse NaN, int32 refuses values outside its range.
 */
export function toStorage(values: ArrayLike<number | boolean | bigint>, dtype: DType): Storage {
  const out = allocate(dtype, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const num = Number(v);
    if ((dtype === "int64" || dtype === "int32") && !Number.isInteger(num)) {
      if (Number.isNaN(num)) throw new DTypeError("cannot convert float NaN to integer");
      out[i] = Math.trunc(num); // torch truncates toward zero when casting to an integer
    } else if (dtype === "bool") out[i] = num !== 0 ? 1 : 0;
    else out[i] = num;
    if (dtype === "int32" && (num < INT32_MIN || num > INT32_MAX)) {
      throw new DTypeError(`value cannot be converted to type int32 without overflow: ${String(v)} is outside [${INT32_MIN}, ${INT32_MAX}]`);
    }
  }
  // float16: each value through float32 to binary16, as PyTorch narrows a double.
  if (dtype === "float16") roundToHalf(out as Float32Array);
  return out;
}

/**
 * `data` (of dtype `from`) cast into `out` (of dtype `to`, as long as data, overwritten in
 * full) as `tensor.to(dtype)` casts: a float truncates toward zero; an integer narrowed to
 * int32 keeps its low 32 bits (two's complement, as C++ and PyTorch do); a float outside
 * int32's range, ±inf or NaN becomes −2^31, which is what PyTorch gives on x86 CPUs (the
 * C++ cast is undefined there, and the processor's conversion returns its "integer
 * indefinite" value).
 */
export function castInto(data: Storage, from: DType, out: Storage, to: DType): void {
  const n = data.length;
  if (to === "int32") {
    if (from === "float16" || from === "float32" || from === "float64") {
      for (let i = 0; i < n; i++) {
        const v = data[i];
        out[i] = v > INT32_MIN - 1 && v < INT32_MAX + 1 ? v : INT32_MIN; // the store truncates toward zero
      }
    } else out.set(data); // whole numbers: the Int32Array keeps their low 32 bits
    return;
  }
  // As toStorage converts: integers truncate toward zero and refuse NaN, bool is "non-zero".
  for (let i = 0; i < n; i++) {
    const num = data[i];
    if ((to === "int64") && !Number.isInteger(num)) {
      if (Number.isNaN(num)) throw new DTypeError("cannot convert float NaN to integer");
      out[i] = Math.trunc(num);
    } else if (to === "bool") out[i] = num !== 0 ? 1 : 0;
    else out[i] = num;
  }
  // float16: each value through float32 to binary16, as PyTorch narrows a double.
  if (to === "float16") roundToHalf(out as Float32Array);
}

/** Storage to nested JS arrays, as `tolist()`. */
export function toNested(data: Storage, shape: readonly number[], dtype: DType): NestedArray {
  const conv = dtype === "bool" ? (v: number) => v !== 0 : (v: number) => v;
  if (shape.length === 0) return conv(data[0]);
  const build = (depth: number, offset: number, stride: number): NestedArray => {
    const n = shape[depth];
    const inner = stride / n;
    const res: NestedArray[] = [];
    for (let i = 0; i < n; i++) {
      res.push(depth === shape.length - 1 ? conv(data[offset + i]) : build(depth + 1, offset + i * inner, inner));
    }
    return res;
  };
  const total = shape.reduce((a, b) => a * b, 1);
  return build(0, 0, total);
}
