/**
 * Binary cross-entropy with logits, four elements at a time: the loss
 * max(x, 0) − x·t + log(1 + e^−|x|) summed in float64, and σ(x) − t for the backward.
 * Element values are float32, as PyTorch computes them; e^−|x| and log(1 + e) are
 * polynomials accurate to about one float32 ulp (the same kind Cephes and SLEEF use).
 */

/** e^x for lanes x ≤ 0: x = n·ln2 + r, e^r by a degree-6 polynomial, 2^n put in the exponent. */
// @ts-ignore: decorator
@inline function expNonPositive(x: v128): v128 {
  // Below about −87.3 the result would leave the normal range; e^−87.3 ≈ 1e−38 is as good as 0 here.
  const xc = f32x4.max(x, f32x4.splat(-87.3));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(1.44269504)));
  // r = x − n·ln2, with ln2 split in two so that r keeps its low bits.
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

/**
 * log(1 + e) for lanes 0 ≤ e ≤ 1, as 2·atanh(s) with s = e / (2 + e) ≤ 1/3: the odd
 * series converges fast there and, unlike log(1 + e), keeps full precision for small e.
 */
// @ts-ignore: decorator
@inline function log1pUnit(e: v128): v128 {
  const s = f32x4.div(e, f32x4.add(f32x4.splat(2), e));
  const s2 = f32x4.mul(s, s);
  let p = f32x4.splat(1.0 / 13.0);
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(1.0 / 11.0));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(1.0 / 9.0));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(1.0 / 7.0));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(1.0 / 5.0));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(1.0 / 3.0));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(1));
  return f32x4.mul(f32x4.add(s, s), p);
}

/**
 * Σ of the element losses of x against t (n elements) and, when `grad` is not 0, σ(x) − t
 * into grad. The last, partial vector reads up to 3 floats past the end of x and t and
 * writes as many past the end of grad (the caller's arena regions have that slack); they
 * are left out of the sum.
 */
export function bceWithLogits(x: usize, t: usize, n: i32, grad: usize): f64 {
  const zero = f32x4.splat(0), one = f32x4.splat(1);
  let acc = f64x2.splat(0);
  const lanes = i32x4(0, 1, 2, 3);
  for (let i = 0; i < n; i += 4) {
    const off = <usize>i << 2;
    const v = v128.load(x + off), tv = v128.load(t + off);
    const e = expNonPositive(f32x4.neg(f32x4.abs(v)));
    let loss = f32x4.add(f32x4.sub(f32x4.max(v, zero), f32x4.mul(v, tv)), log1pUnit(e));
    const q = f32x4.div(one, f32x4.add(one, e));
    const sig = v128.bitselect(q, f32x4.mul(e, q), f32x4.ge(v, zero));
    const g = f32x4.sub(sig, tv);
    if (grad) v128.store(grad + off, g);
    if (i + 4 > n) loss = v128.and(loss, i32x4.lt_s(i32x4.add(lanes, i32x4.splat(i)), i32x4.splat(n)));
    acc = f64x2.add(acc, f64x2.promote_low_f32x4(loss));
    acc = f64x2.add(acc, f64x2.promote_low_f32x4(v128.shuffle<f32>(loss, loss, 2, 3, 0, 1)));
  }
  return f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
}
