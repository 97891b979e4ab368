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

/** The largest of the four lanes. */
// @ts-ignore: decorator
@inline function maxLane(v: v128): f32 {
  const h = f32x4.max(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.max(h, v128.shuffle<f32>(h, h, 1, 0, 3, 2)), 0);
}

/** The sum of the four lanes. */
// @ts-ignore: decorator
@inline function sumLanes(v: v128): f32 {
  const h = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.add(h, v128.shuffle<f32>(h, h, 1, 0, 3, 2)), 0);
}

/** log(s) for s ≥ 1: the exponent times ln 2 plus log of the mantissa in [1, 2). */
// @ts-ignore: decorator
@inline function logAtLeastOne(s: f32): f64 {
  const bits = reinterpret<i32>(s);
  const mantissa = reinterpret<f32>((bits & 0x7fffff) | 0x3f800000);
  const logMantissa = f32x4.extract_lane(log1pUnit(f32x4.splat(mantissa - 1)), 0);
  return <f64>((bits >> 23) - 127) * 0.6931471805599453 + <f64>logMantissa;
}

/**
 * Cross-entropy of logits x [rows, classes] against class indices t (one float per row,
 * exact below 2^24): returns Σ over rows of log Σ_c e^(x_c − max) + max − x_target and,
 * when `grad` is not 0, softmax(x) − onehot(target) into grad [rows, classes]. Rows whose
 * target is `ignoreIndex` add nothing and get a zero gradient. As bceWithLogits, the last
 * vector of a row may read up to 3 floats past the row, and write as many past the end
 * of grad (which the next row, or the arena's slack, absorbs).
 */
export function crossEntropy(x: usize, t: usize, rows: i32, classes: i32, grad: usize, ignoreIndex: i32): f64 {
  const lanes = i32x4(0, 1, 2, 3);
  const negInf = f32x4.splat(-Infinity), zero = f32x4.splat(0);
  const width = i32x4.splat(classes);
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const row = x + (<usize>r * <usize>classes << 2);
    const g = grad + (<usize>r * <usize>classes << 2);
    const target = <i32>load<f32>(t + (<usize>r << 2));
    if (target == ignoreIndex) {
      if (grad) memory.fill(g, 0, <usize>classes << 2);
      continue;
    }
    let mv = negInf;
    for (let j = 0; j < classes; j += 4) {
      const live = i32x4.lt_s(i32x4.add(lanes, i32x4.splat(j)), width);
      mv = f32x4.max(mv, v128.bitselect(v128.load(row + (<usize>j << 2)), negInf, live));
    }
    const m = f32x4.splat(maxLane(mv));
    let sv = zero;
    for (let j = 0; j < classes; j += 4) {
      const live = i32x4.lt_s(i32x4.add(lanes, i32x4.splat(j)), width);
      const e = v128.and(expNonPositive(f32x4.sub(v128.load(row + (<usize>j << 2)), m)), live);
      if (grad) v128.store(g + (<usize>j << 2), e);
      sv = f32x4.add(sv, e);
    }
    const s = sumLanes(sv);
    const xt = load<f32>(row + (<usize>target << 2));
    total += logAtLeastOne(s) + <f64>f32x4.extract_lane(m, 0) - <f64>xt;
    if (grad) {
      const inv = f32x4.splat(1 / s);
      for (let j = 0; j < classes; j += 4) {
        const p = g + (<usize>j << 2);
        v128.store(p, f32x4.mul(v128.load(p), inv));
      }
      const pt = g + (<usize>target << 2);
      store<f32>(pt, load<f32>(pt) - 1);
    }
  }
  return total;
}
