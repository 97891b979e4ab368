/**
 * The element-wise halves of a linear layer: bias + ReLU after the product (forward),
 * and an activation's derivative and the bias gradient before the products (backward).
 * Activation codes: 0 none, 1 ReLU, 2 sigmoid, 3 tanh (src/backend/wasm/kernels.ts); the
 * forward fuses ReLU only (nn.Sequential's Linear → ReLU). Derivatives are taken from the
 * activated output y, which the forward already keeps. ReLU and the derivatives are
 * those of the reference kernels (src/backend/js/activation.ts), value for value.
 */

/** Floats of c swept per pass of biasActFlat: a block that stays in L1 across its passes. */
const FLAT_BLOCK: i32 = 4096;

/**
 * ReLU of four lanes, as PyTorch's max(v, 0): lanes below 0 become +0; NaN and −0 pass
 * (v < 0 is false for both). A mask instead of f32x4.max, which V8 expands into a long
 * NaN- and sign-exact sequence (this made ReLU over 800×10 about three times faster).
 */
// @ts-ignore: decorator
@inline function relu4(v: v128): v128 {
  return v128.andnot(v, f32x4.lt(v, f32x4.splat(0)));
}

/** c[m, n] = act(c + bias) in place, act 0 (none) or 1 (ReLU); `bias` 0 means none. */
export function biasAct(c: usize, m: i32, n: i32, bias: usize, act: i32): void {
  if (m <= 0 || n <= 0) return;
  // Narrow rows (the bias repeats within 64 floats) go over the flat block instead.
  if (biasPeriod(n) <= 64) {
    if (act == 1) biasActFlat(c, m * n, n, bias, true);
    else biasActFlat(c, m * n, n, bias, false);
    return;
  }
  for (let i = 0; i < m; i++) {
    const row = c + (<usize>i * n << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const p = row + (<usize>j << 2);
      let v = v128.load(p);
      if (bias) v = f32x4.add(v, v128.load(bias + (<usize>j << 2)));
      if (act == 1) v = relu4(v);
      v128.store(p, v);
    }
    for (; j < n; j++) biasActOne(row + (<usize>j << 2), bias ? load<f32>(bias + (<usize>j << 2)) : -0.0, act);
  }
}

/** lcm(n, 4): after this many floats of a flat [·, n] block, the bias lanes of a vector repeat. */
function biasPeriod(n: i32): i32 {
  return n & 1 ? n << 2 : n & 2 ? n << 1 : n;
}

/** One element of biasAct: the same values as the vector paths give. */
// @ts-ignore: decorator
@inline function biasActOne(p: usize, b: f32, act: i32): void {
  let v = load<f32>(p) + b;
  if (act == 1 && v < 0) v = 0; // NaN and −0 pass, as in relu4
  store<f32>(p, v);
}

/**
 * biasAct (none or ReLU) over c as one flat array of len = m·n floats: the bias repeats
 * with period lcm(n, 4) floats, so the vector at each offset q + t·period within it always
 * takes the same bias lanes. One pass per offset q, the bias vector in a register; blocks
 * of FLAT_BLOCK floats keep the passes in cache. Adding −0 is the identity (−0 + −0 = −0),
 * so no bias is a zero pattern with the sign set.
 */
// @ts-ignore: decorator
@inline function biasActFlat(c: usize, len: i32, n: i32, bias: usize, relu: bool): void {
  const period = biasPeriod(n);
  const block = FLAT_BLOCK / period * period;
  for (let s = 0; s < len; s += block) {
    const end = c + (<usize>min(len, s + block) << 2);
    for (let q = 0; q < period; q += 4) {
      const j = q % n;
      let bv = f32x4.splat(-0.0);
      if (bias) {
        bv = f32x4.replace_lane(bv, 0, load<f32>(bias + (<usize>j << 2)));
        bv = f32x4.replace_lane(bv, 1, load<f32>(bias + (<usize>((j + 1) % n) << 2)));
        bv = f32x4.replace_lane(bv, 2, load<f32>(bias + (<usize>((j + 2) % n) << 2)));
        bv = f32x4.replace_lane(bv, 3, load<f32>(bias + (<usize>((j + 3) % n) << 2)));
      }
      for (let p = c + (<usize>(s + q) << 2); p + 16 <= end; p += <usize>period << 2) {
        let v = f32x4.add(v128.load(p), bv);
        if (relu) v = relu4(v);
        v128.store(p, v);
      }
    }
  }
  for (let i = len & ~3; i < len; i++) {
    biasActOne(c + (<usize>i << 2), bias ? load<f32>(bias + (<usize>(i % n) << 2)) : -0.0, relu ? 1 : 0);
  }
}

/** g[i] *= act'(y[i]) in place, for `len` elements. */
export function actBackward(g: usize, y: usize, len: i32, act: i32): void {
  if (act == 0) return;
  const zero = f32x4.splat(0), one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const off = <usize>i << 2;
    const gv = v128.load(g + off), yv = v128.load(y + off);
    let d: v128;
    if (act == 1) d = v128.andnot(gv, f32x4.le(yv, zero)); // g unless y <= 0: a NaN output passes g, as PyTorch
    else if (act == 2) d = f32x4.mul(gv, f32x4.mul(yv, f32x4.sub(one, yv)));
    else d = f32x4.mul(gv, f32x4.sub(one, f32x4.mul(yv, yv)));
    v128.store(g + off, d);
  }
  for (; i < len; i++) {
    const off = <usize>i << 2;
    const gv = load<f32>(g + off), yv = load<f32>(y + off);
    let d: f32;
    if (act == 1) d = yv <= 0 ? 0 : gv;
    else if (act == 2) d = gv * (yv * (1 - yv));
    else d = gv * (1 - yv * yv);
    store<f32>(g + off, d);
  }
}

/** Rows per block of colSum: the block's columns are summed in registers, then added to `acc`. */
const SUM_ROWS: i32 = 256;

/**
 * out[j] = Σ_i x[i, j] over m rows of n, accumulated in float64 (`acc` is 8·n bytes of
 * scratch). Columns go by fours (then a pair, then one) down blocks of SUM_ROWS rows,
 * the sums in registers: a running total in memory would make each row wait on the
 * previous row's store.
 */
export function colSum(x: usize, m: i32, n: i32, out: usize, acc: usize): void {
  if (n == 1) {
    store<f32>(out, <f32>sumFlat(x, m));
    return;
  }
  memory.fill(acc, 0, <usize>n << 3);
  const step = <usize>n << 2;
  for (let i = 0; i < m; i += SUM_ROWS) {
    const rows = min(SUM_ROWS, m - i);
    const base = x + <usize>i * step;
    let j = 0;
    for (; j + 4 <= n; j += 4) sumColumns(base + (<usize>j << 2), step, rows, 4, acc + (<usize>j << 3));
    if (j + 2 <= n) {
      sumColumns(base + (<usize>j << 2), step, rows, 2, acc + (<usize>j << 3));
      j += 2;
    }
    if (j < n) sumColumns(base + (<usize>j << 2), step, rows, 1, acc + (<usize>j << 3));
  }
  for (let j = 0; j < n; j++) store<f32>(out + (<usize>j << 2), <f32>load<f64>(acc + (<usize>j << 3)));
}

/** Lanes 0 and 1 of a column pair of one row as float64 (lane 1 zero when width is 1). */
// @ts-ignore: decorator
@inline function pairF64(p: usize, width: i32): v128 {
  return f64x2.promote_low_f32x4(width == 1 ? v128.load32_zero(p) : v128.load64_zero(p));
}

/**
 * acc[0 .. width) += Σ over `rows` rows (step bytes apart) of the `width` (4, 2 or 1)
 * floats at p. Two rows per iteration into separate sums, so that consecutive float64
 * adds do not wait on each other.
 */
// @ts-ignore: decorator
@inline function sumColumns(p: usize, step: usize, rows: i32, width: i32, acc: usize): void {
  const zero = f64x2.splat(0);
  let lo0 = zero, hi0 = zero, lo1 = zero, hi1 = zero;
  const end = p + <usize>(rows & ~1) * step;
  while (p < end) {
    lo0 = f64x2.add(lo0, pairF64(p, width));
    lo1 = f64x2.add(lo1, pairF64(p + step, width));
    if (width == 4) {
      hi0 = f64x2.add(hi0, pairF64(p + 8, 2));
      hi1 = f64x2.add(hi1, pairF64(p + step + 8, 2));
    }
    p += step << 1;
  }
  if (rows & 1) {
    lo0 = f64x2.add(lo0, pairF64(p, width));
    if (width == 4) hi0 = f64x2.add(hi0, pairF64(p + 8, 2));
  }
  const lo = f64x2.add(lo0, lo1);
  if (width == 1) {
    store<f64>(acc, load<f64>(acc) + f64x2.extract_lane(lo, 0));
    return;
  }
  v128.store(acc, f64x2.add(v128.load(acc), lo));
  if (width == 4) v128.store(acc, f64x2.add(v128.load(acc, 16), f64x2.add(hi0, hi1)), 16);
}

/** Σ of the len floats at x in float64: four pairs of sums side by side, then the ragged end. */
function sumFlat(x: usize, len: i32): f64 {
  const zero = f64x2.splat(0);
  let s0 = zero, s1 = zero, s2 = zero, s3 = zero;
  const end = x + (<usize>(len & ~7) << 2);
  let p = x;
  while (p < end) {
    s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v128.load64_zero(p)));
    s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.load64_zero(p, 8)));
    s2 = f64x2.add(s2, f64x2.promote_low_f32x4(v128.load64_zero(p, 16)));
    s3 = f64x2.add(s3, f64x2.promote_low_f32x4(v128.load64_zero(p, 24)));
    p += 32;
  }
  const s = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
  let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (let i = len & ~7; i < len; i++) total += <f64>load<f32>(x + (<usize>i << 2));
  return total;
}
