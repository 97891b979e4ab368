/**
 * Data types, named as PyTorch names them.
 *
 * Storage: float32 → Float32Array, float64 → Float64Array, int32 (PyTorch's `int`) →
 * Int32Array, bool → Uint8Array. An Int32Array wraps every value written to it modulo
 * 2^32, exactly as PyTorch's int32 arithmetic wraps, so the integer kernels are the float
 * ones writing into it (only a product needs `Math.imul` to keep its low bits).
 * int64 (PyTorch's `long`) is stored in a Float64Array holding whole numbers:
 * every integer up to 2^53 is exact, arithmetic stays on the fast float path,
 * and the storage width is the same 8 bytes as PyTorch's. float16 (PyTorch's `half`) is
 * a Float32Array holding binary16 values (tensor/half.ts: HalfStorage).
 */
import { takeFloat32, takeFloat32Output, takeFloat64, takeInt32, takeUint8 } from "./pool.js";
import { HalfStorage, roundHalf } from "./half.js";

export type DType = "float16" | "float32" | "float64" | "int32" | "int64" | "bool";

/**
 * The dtypes as values, spelled as PyTorch's (`torch.int32` → `kd.int32`): each is its
 * name, so `{ dtype: kd.int32 }` and `{ dtype: "int32" }` are the same option.
 */
export const float16 = "float16" as const;
/** torch.half: float16's other name. */
export const half = "float16" as const;
export const float32 = "float32" as const;
export const float64 = "float64" as const;
export const int32 = "int32" as const;
export const int64 = "int64" as const;
export const bool = "bool" as const;

/** The dtypes, for checking names that arrive at run time. */
export const DTYPE_NAMES: readonly DType[] = ["float32", "float64", "int32", "int64", "bool", "float16"];

export type Storage = Float32Array | Float64Array | Int32Array | Uint8Array;

export function isFloating(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64" || dtype === "float16";
}

/** PyTorch's is_integral: int32 and int64, and bool when `includeBool`. */
export function isIntegral(dtype: DType, includeBool = false): boolean {
  return dtype === "int32" || dtype === "int64" || (includeBool && dtype === "bool");
}

/** The smallest and largest int32 (torch.iinfo(torch.int32)). */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/**
 * Storage for n elements (recycled by the engine where it can; see pool.ts): zero-filled,
 * or with `filled` false, stale values for a kernel that writes every element.
 */
/** A one-element storage of `dtype` holding v as its array stores it (a wrapped JS number). */
export function scalarStorage(dtype: DType, v: number): Storage {
  const s = allocate(dtype, 1);
  s[0] = v;
  return s;
}

export function allocate(dtype: DType, n: number, filled = true): Storage {
  switch (dtype) {
    case "float16":
      // Not pooled: a recycled half array must never come back as float32 storage.
      return new HalfStorage(n);
    case "float32":
      // An output a kernel writes in full may live in the backend's memory (pool.ts).
      return filled ? takeFloat32(n, true) : takeFloat32Output(n);
    case "float64":
    case "int64":
      return takeFloat64(n, filled);
    case "int32":
      return takeInt32(n, filled);
    case "bool":
      return takeUint8(n, filled);
  }
}

const identity = (x: number): number => x;

/**
 * The rounding a value of `dtype` gets after each arithmetic step: Math.fround for
 * float32 (PyTorch computes in float32 and stores each result), binary16 for float16
 * (through float32, as C++ narrows a double), none otherwise.
 */
export function floatRounding(dtype: DType): (x: number) => number {
  return dtype === "float32" ? Math.fround : dtype === "float16" ? roundHalf : identity;
}

// Every pair of Kindling's dtypes promotes to the wider of the two in this order
// (PyTorch's table agrees: int32 with int64 is int64, any integer with a float is the float,
// float16 with float32 is float32).
const RANK: Record<DType, number> = { bool: 0, int32: 1, int64: 2, float16: 3, float32: 4, float64: 5 };

/** PyTorch's promote_types for two tensors of the same priority. */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * How an operand takes part in type promotion, as in PyTorch's ResultTypeState:
 * tensors with dims lead, zero-dim tensors come next, JS numbers ("wrapped numbers")
 * last, and a lower class only raises the result's category, never its width.
 */
export type OperandKind = "dim" | "zerodim" | "wrapped";

function isFloatOrUndef(d: DType | null): boolean {
  return d !== null && isFloating(d);
}

/** PyTorch's combine_categories(higher, lower). */
function combine(higher: DType | null, lower: DType | null): DType | null {
  if (higher === null) return lower;
  if (isFloating(higher)) return higher;
  if ((higher === "bool" || isFloatOrUndef(lower)) && lower !== null) return promoteTypes(higher, lower);
  return higher;
}

/** PyTorch's result_type over several operands. */
export function resultTypeOf(operands: readonly { dtype: DType; kind: OperandKind }[]): DType {
  // One variable per class rather than a record indexed by the kind: this runs for every
  // element-wise call, and a keyed store into a fresh object stayed slow in V8 until warm.
  let dim: DType | null = null, zerodim: DType | null = null, wrapped: DType | null = null;
  for (const { dtype, kind } of operands) {
    if (kind === "dim") dim = dim === null ? dtype : promoteTypes(dim, dtype);
    else if (kind === "zerodim") zerodim = zerodim === null ? dtype : promoteTypes(zerodim, dtype);
    else {
      // A wrapped float counts as the default dtype (a JS number is not a float64 tensor).
      const d = isFloating(dtype) ? defaultFloat() : dtype;
      wrapped = wrapped === null ? d : promoteTypes(wrapped, d);
    }
  }
  return combine(dim, combine(zerodim, wrapped)) ?? defaultFloat();
}

let defaultDtype: DType = "float32";

/** The dtype of floating tensors created without one (torch.get_default_dtype). */
export function defaultFloat(): DType {
  return defaultDtype;
}

/** torch.set_default_dtype: float32 or float64 (float16 is refused: Kindling's default-dtype paths are not half-aware). */
export function setDefaultDtype(dtype: DType): void {
  if (!isFloating(dtype)) throw new TypeError(`only floating-point types are supported as the default type, got ${dtype}`);
  if (dtype === "float16") throw new TypeError("setDefaultDtype: float16 as the default dtype is not implemented for 'Half' in Kindling (use float32 and t.half())");
  defaultDtype = dtype;
}

/** The dtype PyTorch infers for a JS value: boolean → bool, integer → int64, else float. */
export function inferDType(x: number | boolean): DType {
  if (typeof x === "boolean") return "bool";
  return Number.isInteger(x) ? "int64" : defaultFloat();
}

/** PyTorch's short dtype names for printing (torch.float32 → "torch.float32"). */
export function torchName(dtype: DType): string {
  return `torch.${dtype}`;
}

const SCALAR_TYPE_NAMES: Record<DType, string> = { float16: "Half", float32: "Float", float64: "Double", int32: "Int", int64: "Long", bool: "Bool" };
const CPP_TYPE_NAMES: Record<DType, string> = { float16: "c10::Half", float32: "float", float64: "double", int32: "int", int64: "long int", bool: "bool" };

/** PyTorch's ScalarType names, as its messages spell them ("Got: Long", "Found dtype Long"). */
export function scalarTypeName(dtype: DType): string {
  return SCALAR_TYPE_NAMES[dtype];
}

/** The C++ type names some PyTorch messages use ("float != double", `std::numeric_limits` bounds: "long int"). */
export function cppTypeName(dtype: DType): string {
  return CPP_TYPE_NAMES[dtype];
}
