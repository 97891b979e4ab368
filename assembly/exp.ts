/**
 * e^x and the logistic sigmoid 1 / (1 + e^−x) over float32 arrays, with the bits of
 * Kindling's own exp (src/backend/libm.ts): the same double-precision steps (Cody–Waite
 * reduction by ln 2, the Taylor tail to r^17 by Horner, the scaling by 2^k), each an IEEE
 * operation that wasm gives exactly, then one rounding to float32 — which is what the
 * reference kernels (src/backend/js/unary.ts over libm) store. Two lanes at a time in
 * f64x2 while both lie in |x| < 708, where the scaling is one multiplication by a normal
 * 2^k; any other pair (NaN, ±∞, overflow, underflow, subnormal results) goes through the
 * scalar copy of libm's every branch.
 */

const EXP_OVERFLOW: f64 = 709.782712893384;
const EXP_UNDERFLOW: f64 = -745.1332191019412;
const HALF_LN2: f64 = 0.34657359027997264;
const LN2_HI: f64 = 0.6931471803691238;
const LN2_LO: f64 = 1.9082149292705877e-10;
const INV_LN2: f64 = 1.4426950408889634;
/** Below this |x| both lanes take the vector path: k stays within the normal exponents. */
const VECTOR_LIMIT: f64 = 708;

/** 2^k for −1022 ≤ k ≤ 1023, exact. */
// @ts-ignore: decorator
@inline function pow2(k: i32): f64 {
  return reinterpret<f64>(<i64>(k + 1023) << 52);
}

/** libm's expTail: Σ_{n≥2} r^(n−2)/n!, the same constants (exact reciprocals rounded once) in the same order. */
// @ts-ignore: decorator
@inline function expTail(r: f64): f64 {
  return (1.0 / 2.0) + r * ((1.0 / 6.0) + r * ((1.0 / 24.0) + r * ((1.0 / 120.0) + r * ((1.0 / 720.0) + r * ((1.0 / 5040.0) + r * ((1.0 / 40320.0) + r * ((1.0 / 362880.0) + r * ((1.0 / 3628800.0) +
    r * ((1.0 / 39916800.0) + r * ((1.0 / 479001600.0) + r * ((1.0 / 6227020800.0) + r * ((1.0 / 87178291200.0) + r * ((1.0 / 1307674368000.0) + r * ((1.0 / 20922789888000.0) + r * (1.0 / 355687428096000.0)))))))))))))));
}

// @ts-ignore: decorator
@inline function expTail2(r: v128): v128 {
  let p = f64x2.splat(1.0 / 355687428096000.0);
  p = f64x2.add(f64x2.splat(1.0 / 20922789888000.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0 / 1307674368000.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0 / 87178291200.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0 / 6227020800.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0 / 479001600.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0 / 39916800.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0 / 3628800.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0 / 362880.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0 / 40320.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0 / 5040.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0 / 720.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0 / 120.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0 / 24.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0 / 6.0), f64x2.mul(r, p));
  return f64x2.add(f64x2.splat(1.0 / 2.0), f64x2.mul(r, p));
}

/** JavaScript's Math.round (halves toward +∞) of |v| < 2^52: the same integer, as a double. */
// @ts-ignore: decorator
@inline function roundHalfUp(v: f64): f64 {
  const k = floor(v);
  return v - k >= 0.5 ? k + 1 : k;
}

/** libm's scale: x · 2^k in one rounding, also into the subnormal range. */
// @ts-ignore: decorator
@inline function scale(x: f64, k: i32): f64 {
  if (k > 1023) return x * pow2(1023) * pow2(min(k - 1023, 1023));
  if (k < -1022) return x * pow2(k + 200) * pow2(-200);
  return x * pow2(k);
}

/** libm's exp, branch for branch. */
function exp1(x: f64): f64 {
  if (!(x < EXP_OVERFLOW)) return x != x ? NaN : Infinity;
  if (x < EXP_UNDERFLOW) return 0;
  const ax = abs(x);
  if (ax <= HALF_LN2) return ax < reinterpret<f64>(<i64>(1023 - 54) << 52) ? 1 + x : 1 + (x + x * x * expTail(x));
  const k = roundHalfUp(x * INV_LN2);
  const r = (x - k * LN2_HI) - k * LN2_LO;
  return scale(1 + (r + r * r * expTail(r)), <i32>k);
}

/**
 * exp of two lanes with |x| < VECTOR_LIMIT: as exp1, with k = 0 for |x| ≤ ln2/2 (where
 * exp1's short branch computes 1 + (x + x²·tail(x)), which is the long one at k = 0; below
 * 2^−54 both give 1 + x, since x²·tail(x) is then under half an ulp of x).
 */
// @ts-ignore: decorator
@inline function exp2lanes(x: v128): v128 {
  const v = f64x2.mul(x, f64x2.splat(INV_LN2));
  let k = f64x2.floor(v);
  k = f64x2.add(k, v128.and(f64x2.ge(f64x2.sub(v, k), f64x2.splat(0.5)), f64x2.splat(1)));
  k = v128.andnot(k, f64x2.le(f64x2.abs(x), f64x2.splat(HALF_LN2)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  const e = f64x2.add(f64x2.splat(1), f64x2.add(r, f64x2.mul(f64x2.mul(r, r), expTail2(r))));
  // 2^k from its exponent bits: k (an integer in [−1022, 1022]) + 1023, shifted into place.
  const ki = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(k));
  const p2 = i64x2.shl(i64x2.add(ki, i64x2.splat(1023)), 52);
  return f64x2.mul(e, p2);
}

// @ts-ignore: decorator
@inline function finish(e: v128, sigmoid: bool): v128 {
  return sigmoid ? f64x2.div(f64x2.splat(1), f64x2.add(f64x2.splat(1), e)) : e;
}

// @ts-ignore: decorator
@inline function finish1(x: f32, sigmoid: bool): f32 {
  return sigmoid ? <f32>(1 / (1 + exp1(-<f64>x))) : <f32>exp1(<f64>x);
}

/** Two results from lanes 0–1 of `x` (float32), as float32 in lanes 0–1. */
// @ts-ignore: decorator
@inline function pair(x: v128, sigmoid: bool): v128 {
  let a = f64x2.promote_low_f32x4(x);
  if (sigmoid) a = f64x2.neg(a);
  if (i64x2.all_true(f64x2.lt(f64x2.abs(a), f64x2.splat(VECTOR_LIMIT)))) {
    return f32x4.demote_f64x2_zero(finish(exp2lanes(a), sigmoid));
  }
  const r0 = finish1(f32x4.extract_lane(x, 0), sigmoid), r1 = finish1(f32x4.extract_lane(x, 1), sigmoid);
  return f32x4.replace_lane(f32x4.splat(r0), 1, r1);
}

/**
 * out[i] = e^x[i] (sigmoid 0) or 1 / (1 + e^−x[i]) (sigmoid 1) for n float32 values,
 * rounded once to float32. out may be x itself.
 */
export function expSigmoid(x: usize, out: usize, n: i32, sigmoid: i32): void {
  const s = sigmoid != 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    const v = v128.load(x + at);
    const lo = pair(v, s), hi = pair(v128.shuffle<f32>(v, v, 2, 3, 0, 1), s);
    v128.store(out + at, v128.shuffle<f32>(lo, hi, 0, 1, 4, 5));
  }
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), finish1(load<f32>(x + (<usize>i << 2)), s));
}

/**
 * out[i] = e^x[i] for n doubles, with libm's bits: the float64 tensors' exp, and the
 * double results the float32 kernel above rounds, which the tests compare with libm's.
 */
export function expF64(x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const at = <usize>i << 3;
    const a = v128.load(x + at);
    if (i64x2.all_true(f64x2.lt(f64x2.abs(a), f64x2.splat(VECTOR_LIMIT)))) v128.store(out + at, exp2lanes(a));
    else {
      store<f64>(out + at, exp1(load<f64>(x + at)));
      store<f64>(out + at + 8, exp1(load<f64>(x + at + 8)));
    }
  }
  for (; i < n; i++) store<f64>(out + (<usize>i << 3), exp1(load<f64>(x + (<usize>i << 3))));
}

