/**
 * Data types, named as PyTorch names them.
 *
 * Storage: float32 → Float32Array, float64 → Float64Array, bool → Uint8Array.
 * int64 (PyTorch's `long`) is stored in a Float64Array holding whole numbers:
 * every integer up to 2^53 is exact, arithmetic stays on the fast float path,
 * and the storage width is the same 8 bytes as PyTorch's.
 */
export type DType = "float32" | "float64" | "int64" | "bool";

export type Storage = Float32Array | Float64Array | Uint8Array;

export const DTYPES: readonly DType[] = ["float32", "float64", "int64", "bool"];

export function isDType(x: unknown): x is DType {
  return typeof x === "string" && (DTYPES as readonly string[]).includes(x);
}

export function isFloating(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

export function allocate(dtype: DType, n: number): Storage {
  switch (dtype) {
    case "float32":
      return new Float32Array(n);
    case "float64":
    case "int64":
      return new Float64Array(n);
    case "bool":
      return new Uint8Array(n);
  }
}

/** Category used for type promotion: bool < integer < floating. */
function category(dtype: DType): number {
  return dtype === "bool" ? 0 : dtype === "int64" ? 1 : 2;
}

const RANK: Record<DType, number> = { bool: 0, int64: 1, float32: 2, float64: 3 };

/** PyTorch's promote_types for two tensors of the same priority. */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * PyTorch's result_type: zero-dimensional tensors and JS numbers only raise the
 * result's category (to the default dtype of that category), never its width.
 */
export function resultType(a: DType, aIsScalar: boolean, b: DType, bIsScalar: boolean): DType {
  if (aIsScalar === bIsScalar) return promoteTypes(a, b);
  const [dimDt, scalarDt] = aIsScalar ? [b, a] : [a, b];
  if (category(scalarDt) > category(dimDt)) return category(scalarDt) === 2 ? defaultFloat() : "int64";
  return dimDt;
}

let defaultDtype: DType = "float32";

/** The dtype of floating tensors created without one (torch.get_default_dtype). */
export function defaultFloat(): DType {
  return defaultDtype;
}

/** torch.set_default_dtype: float32 or float64. */
export function setDefaultDtype(dtype: DType): void {
  if (!isFloating(dtype)) throw new TypeError(`only floating-point types are supported as the default type, got ${dtype}`);
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
