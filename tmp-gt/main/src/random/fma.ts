/**
 * Exact float32 arithmetic in JS doubles: the pieces needed to replay, bit for bit,
 * what PyTorch's compiled float32 kernels compute.
 *
 * A product of two float32 values is exact in a double (24 + 24 bits ≤ 53), so
 * `Math.fround(a * b)` is the correctly rounded float32 product; likewise sums and
 * square roots. Only the fused multiply-add needs care, below.
 */

const fround = Math.fround;

/**
 * fma(a, b, c) rounded once to float32, as the AVX2 kernels compute it
 * (`_mm256_fmadd_ps`, and the multiply-adds GCC fuses under -mfma).
 *
 * a·b is exact in a double; a + b rounded to double and then to float32 can differ
 * from the single rounding only when the double sum lands exactly halfway between
 * two float32 values. The exact error of the double sum (TwoSum) says which side
 * the true value is on.
 */
export function fmaF32(a: number, b: number, c: number): number {
  const p = a * b; // exact
  const s = p + c;
  const r = fround(s);
  if (r === s || !Number.isFinite(s)) return r;
  const bb = s - p;
  const err = (p - (s - bb)) + (c - bb); // p + c = s + err exactly
  if (err === 0) return r;
  // If s is the midpoint of r and its neighbour on the far side, `other` is that neighbour.
  const other = 2 * s - r;
  if (fround(other) !== other || (r + other) / 2 !== s) return r;
  return (err > 0) === (other > r) ? other : r;
}

// Exact decomposition of a finite double into mantissa · 2^exponent (mantissa a BigInt).
const f64 = new Float64Array(1);
const u32x2 = new Uint32Array(f64.buffer);

function toScaled(x: number): [bigint, number] {
  f64[0] = x;
  const lo = u32x2[0];
  const hi = u32x2[1];
  const biased = (hi >>> 20) & 0x7ff;
  let mant = BigInt(hi & 0xfffff) * 0x100000000n + BigInt(lo);
  if (biased !== 0) mant += 1n << 52n;
  const exp = (biased === 0 ? 1 : biased) - 1075;
  return [hi >>> 31 ? -mant : mant, exp];
}

/**
 * fma(a, b, c) for doubles, rounded once (C's std::fma, and the double multiply-adds
 * GCC fuses). Exact: a·b + c is summed as a BigInt, then rounded to nearest, ties
 * to even. Slow next to a plain `a * b + c`, so callers use it only where the bits
 * matter.
 */
export function fma64(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || !Number.isFinite(c) || a === 0 || b === 0) return p + c;
  const [ma, ea] = toScaled(a);
  const [mb, eb] = toScaled(b);
  const [mc, ec] = toScaled(c);
  const ep = ea + eb;
  const e = Math.min(ep, ec);
  const sum = (ma * mb << BigInt(ep - e)) + (mc << BigInt(ec - e));
  if (sum === 0n) return p + c; // exact zero: keep IEEE's sign rules
  return scaleRound(sum, e);
}

/** The double nearest to m · 2^e (ties to even), for an exact BigInt m. */
function scaleRound(m: bigint, e: number): number {
  const neg = m < 0n;
  let a = neg ? -m : m;
  // Keep 53 significant bits, and no bit below 2^-1074 (the last bit of a subnormal).
  const drop = Math.max(a.toString(2).length - 53, -1074 - e);
  if (drop > 0) {
    const shift = BigInt(drop);
    const q = a >> shift;
    const rem = a - (q << shift);
    const half = 1n << (shift - 1n);
    a = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
    e += drop;
  }
  const v = ldexp(Number(a), e); // exact: a fits in a double and the result is representable
  return neg ? -v : v;
}

/** x · 2^e in steps, so no power of two on the way overflows or underflows. */
function ldexp(x: number, e: number): number {
  let v = x;
  let k = e;
  while (k > 1000) {
    v *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    v *= 2 ** -1000;
    k += 1000;
  }
  return v * 2 ** k;
}
