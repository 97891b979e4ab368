/** The safetensors dtype codes Kindling reads and writes, and how their bytes map to storage. */
import type { DType } from "../../tensor/dtype.js";

export type SafetensorsDType = "F32" | "F64" | "I64" | "I32" | "BOOL" | "F16" | "BF16";

export interface DTypeCodec {
  readonly code: SafetensorsDType;
  /** The Kindling dtype it loads as (BF16: float32 unless the caller asks for float64; F16: float16). */
  readonly dtype: DType;
  /** A 16-bit float Kindling has no dtype for (BF16): widened on load, written only on request. */
  readonly half: boolean;
  /** Bytes per element in the file. */
  readonly size: number;
  /**
   * Rank in the file's data order. safetensors writes larger dtypes first (then by name),
   * I64 before F64, F32 before I32 and BF16 before F16 (their order in safetensors' Dtype
   * enum, reversed),
   * so every tensor starts aligned to its element size; we follow it so a
   * state dict written by Kindling has the same bytes as one written by PyTorch.
   */
  readonly order: number;
}

const CODECS: readonly DTypeCodec[] = [
  { code: "I64", dtype: "int64", size: 8, order: 0, half: false },
  { code: "F64", dtype: "float64", size: 8, order: 1, half: false },
  { code: "F32", dtype: "float32", size: 4, order: 2, half: false },
  { code: "I32", dtype: "int32", size: 4, order: 3, half: false },
  { code: "BF16", dtype: "float32", size: 2, order: 4, half: true },
  { code: "F16", dtype: "float16", size: 2, order: 5, half: false },
  { code: "BOOL", dtype: "bool", size: 1, order: 6, half: false },
];

/** The codec a Kindling dtype is written with (float16 as F16; BF16 only when asked for by name). */
export function codecOfDType(dtype: DType): DTypeCodec {
  const c = CODECS.find((x) => x.dtype === dtype && !x.half);
  if (!c) throw new Error(`unreachable: no safetensors code for dtype ${dtype}`);
  return c;
}

/** The codec of a header's dtype string, or undefined for one Kindling cannot hold. */
export function codecOfCode(code: string): DTypeCodec | undefined {
  return CODECS.find((x) => x.code === code);
}

export const SUPPORTED_CODES: readonly string[] = ["F32", "F64", "F16", "BF16", "I64", "I32", "BOOL"];

/** Whether typed arrays on this machine are little-endian, as the file is (fast copies then). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
