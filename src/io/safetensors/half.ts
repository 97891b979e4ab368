/**
 * IEEE half (F16) and bfloat16 (BF16) bits ↔ numbers. F16 loads as Kindling's float16
 * (binary16 values in float32 storage) unless `halfAs` widens it; BF16, which Kindling has
 * no dtype for, is widened on load; both are narrowed on save on request.
 * Narrowing rounds to float32 first, then to nearest-even in the half format: PyTorch's
 * `.half()` / `.bfloat16()` of a float64 tensor rounds the same two steps, so the bits match.
 */
import { libm } from "../../backend/libm.js";

interface HalfFormat {
  /** Stored mantissa bits. */
  readonly mant: number;
  readonly bias: number;
  /** All-ones exponent field (inf / nan). */
  readonly expMax: number;
}

export const F16: HalfFormat = { mant: 10, bias: 15, expMax: 31 };
export const BF16: HalfFormat = { mant: 7, bias: 127, expMax: 255 };

export function halfToNumber(bits: number, f: HalfFormat): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> f.mant) & f.expMax;
  const m = bits & ((1 << f.mant) - 1);
  if (e === f.expMax) return m === 0 ? sign * Infinity : NaN;
  if (e === 0) return sign * m * 2 ** (1 - f.bias - f.mant);
  return sign * (1 + m / 2 ** f.mant) * 2 ** (e - f.bias);
}

/** v rounded to a whole number, ties to even (v is small and exact here). */
function roundHalfEven(v: number): number {
  const fl = Math.floor(v);
  const d = v - fl;
  return d > 0.5 || (d === 0.5 && fl % 2 === 1) ? fl + 1 : fl;
}

/** The largest finite value of the format. */
export function halfMax(f: HalfFormat): number {
  return (2 - 2 ** -f.mant) * 2 ** (f.expMax - 1 - f.bias);
}

/** The half bits of x, or null when a finite x rounds beyond the format's range (the caller names the tensor). */
export function numberToHalf(x: number, f: HalfFormat): number | null {
  if (Number.isNaN(x)) return (f.expMax << f.mant) | (1 << (f.mant - 1));
  const v = Math.fround(x);
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === Infinity) return sign | (f.expMax << f.mant);
  const minNormal = 2 ** (1 - f.bias);
  if (a < minNormal) {
    // Subnormal: a whole number of the smallest step; rounding up to 2^mant gives the smallest normal's bits.
    return sign | roundHalfEven(a / 2 ** (1 - f.bias - f.mant));
  }
  let e = Math.floor(libm.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  let m = roundHalfEven((a / 2 ** e - 1) * 2 ** f.mant);
  if (m === 2 ** f.mant) {
    m = 0;
    e++;
  }
  if (e + f.bias >= f.expMax) return null;
  return sign | ((e + f.bias) << f.mant) | m;
}
