/**
 * float16 (IEEE binary16, PyTorch's `torch.half`) on the CPU.
 *
 * JS has no 16-bit float array, so a float16 tensor's storage is `HalfStorage`: a
 * Float32Array subclass whose every value is exactly a binary16 value. Every kernel that
 * takes float32 storage then takes it unchanged (it *is* a Float32Array, also to the wasm
 * backend), computes in float32 as PyTorch's CPU kernels compute half ops ("opmath"
 * float), and the engine rounds the result to binary16 once, after the kernel
 * (ops/half-kernels.ts wraps every kernel for that; ops computed in JS call `roundToHalf`).
 * The class is what tells a half result from a float32 one: nothing else differs.
 */

/** Float32 storage holding binary16 values: float16 tensors' storage on the CPU. */
export class HalfStorage extends Float32Array {
  // subarray / slice / map keep the class (species), so a view of half storage is half storage.
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * The binary16 value nearest the float32 with bits `bits`, as float32 bits (ties to even;
 * ±inf from 65520 up; NaN kept). Normal halves round on the bits: adding 0xfff plus the
 * lowest kept bit and clearing the 13 dropped ones rounds to nearest even, a carry moving
 * into the exponent. Below 2^−14 the spacing is that of the subnormals, 2^−24, and the
 * value is rounded in double arithmetic by adding and subtracting 2^28 (the hardware's
 * ties-to-even at that spacing).
 */
function roundBits(bits: number): number {
  const sign = bits & 0x80000000;
  const a = bits & 0x7fffffff;
  if (a > 0x7f800000) return bits; // NaN
  if (a >= 0x477ff000) return (sign | 0x7f800000) >>> 0; // 65520 and above, inf
  if (a >= 0x38800000) return (((a + 0xfff + ((a >>> 13) & 1)) & 0xffffe000) | sign) >>> 0; // a normal half
  u32[0] = a;
  f32[0] = f32[0] + SUBNORMAL_MAGIC - SUBNORMAL_MAGIC; // computed in double, exact on the 2^−24 grid
  return (u32[0] | sign) >>> 0;
}

const SUBNORMAL_MAGIC = 2 ** (-24 + 52);

/**
 * `x` rounded to the nearest binary16 value, ties to even, as C++'s `c10::Half(float)`
 * after a double is first narrowed to float (PyTorch casts double → half through float,
 * so a double just off a half tie can round twice: the same here).
 */
export function roundHalf(x: number): number {
  f32[0] = x;
  u32[0] = roundBits(u32[0]);
  return f32[0];
}

/** Rounds every value of `s` to binary16 in place (the engine's step after a kernel wrote half storage). */
export function roundToHalf(s: Float32Array): void {
  const u = new Uint32Array(s.buffer, s.byteOffset, s.length);
  for (let i = 0; i < u.length; i++) {
    const b = u[i];
    // Values already on the binary16 grid (most, after a copy) and in range are left alone.
    if ((b & 0x1fff) === 0 && (b & 0x7fffffff) < 0x477ff000 && (b & 0x7fffffff) >= 0x38800000) continue;
    u[i] = roundBits(b);
  }
}

/** If `s` is half storage, rounds it (a kernel's float32 result becomes PyTorch's float16 one). */
export function settleHalf(s: unknown): void {
  if (s instanceof HalfStorage) roundToHalf(s);
}
