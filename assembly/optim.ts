/**
 * Optimizer updates over float32 parameters, four elements at a time.
 *
 * Adam gives the bits of the reference loop (src/backend/js/fused-optim.ts `adamF32`), which
 * rounds to float32 after every operation as PyTorch does. Most of its steps are one float32
 * operation (a sum, product, quotient or square root of float32 values rounded once is the
 * float32 operation itself), so they run as f32x4. Two are not: `m + w1·(d − m)` and
 * `v·β2 + ((1 − β2)·d)·d` add an exact double product to a float32 value in double and
 * round the sum once, so they run in f64x2 (`mulAddRounded`), two lanes at a time.
 */

/** Adam's flags (src/backend/wasm/kernels.ts ADAM_FLAGS). */
const MAXIMIZE: i32 = 1;
/** L2 weight decay added to the gradient (Adam). */
const COUPLED_DECAY: i32 = 2;
/** Decoupled weight decay applied to the weight (AdamW). */
const DECOUPLED_DECAY: i32 = 4;
/** |1 − β1| < 0.5: the moment moves by m + w1·(d − m), else by d + (w1 − 1)·(d − m) (torch.lerp's two forms). */
const W1_SMALL: i32 = 8;

/** Lanes 2 and 3 of a float32 vector moved to 0 and 1, for f64x2.promote_low_f32x4. */
// @ts-ignore: decorator
@inline function high(x: v128): v128 {
  return v128.shuffle<f32>(x, x, 2, 3, 0, 1);
}

/** float32(a + b·c) for four float32 lanes, the sum taken in double (b·c is exact there). */
// @ts-ignore: decorator
@inline function mulAddRounded(a: v128, b: v128, c: v128): v128 {
  const lo = f64x2.add(f64x2.promote_low_f32x4(a), f64x2.mul(f64x2.promote_low_f32x4(b), f64x2.promote_low_f32x4(c)));
  const hi = f64x2.add(f64x2.promote_low_f32x4(high(a)), f64x2.mul(f64x2.promote_low_f32x4(high(b)), f64x2.promote_low_f32x4(high(c))));
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

// @ts-ignore: decorator
@inline function mulAddRounded1(a: f32, b: f32, c: f32): f32 {
  return <f32>(<f64>a + <f64>b * <f64>c);
}

/**
 * One Adam step of n float32 parameters in place: p the weights, g their gradient, m and v
 * the moments, vMax the largest v so far (AMSGrad; 0 for none). The scalars are float32
 * values computed by the caller as the reference loop computes them: decay = 1 − lr·λ,
 * wd = λ, w1 = 1 − β1, w1m1 = w1 − 1, b2 = β2, c2 = 1 − β2, bc2 = √(1 − β2ᵗ),
 * negStep = −lr / (1 − β1ᵗ).
 */
export function adamStep(
  p: usize, g: usize, m: usize, v: usize, vMax: usize, n: i32, flags: i32,
  decay: f32, wd: f32, w1: f32, w1m1: f32, b2: f32, c2: f32, bc2: f32, eps: f32, negStep: f32,
): void {
  const maximize = (flags & MAXIMIZE) != 0, coupled = (flags & COUPLED_DECAY) != 0;
  const decoupled = (flags & DECOUPLED_DECAY) != 0, w1Small = (flags & W1_SMALL) != 0;
  const decay4 = f32x4.splat(decay), wd4 = f32x4.splat(wd), w14 = f32x4.splat(w1), w1m14 = f32x4.splat(w1m1);
  const b24 = f32x4.splat(b2), c24 = f32x4.splat(c2), bc24 = f32x4.splat(bc2), eps4 = f32x4.splat(eps), step4 = f32x4.splat(negStep);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    let d = v128.load(g + at);
    if (maximize) d = f32x4.neg(d);
    let pw = v128.load(p + at);
    if (decoupled) pw = f32x4.mul(pw, decay4);
    else if (coupled) d = mulAddRounded(d, wd4, pw);
    const mi = v128.load(m + at);
    const diff = f32x4.sub(d, mi);
    const mNew = w1Small ? mulAddRounded(mi, w14, diff) : mulAddRounded(d, w1m14, diff);
    v128.store(m + at, mNew);
    const vNew = mulAddRounded(f32x4.mul(v128.load(v + at), b24), f32x4.mul(c24, d), d);
    v128.store(v + at, vNew);
    let second = vNew;
    if (vMax) {
      second = f32x4.max(v128.load(vMax + at), vNew);
      v128.store(vMax + at, second);
    }
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(second), bc24), eps4);
    v128.store(p + at, f32x4.add(pw, f32x4.div(f32x4.mul(step4, mNew), denom)));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    let d = load<f32>(g + at);
    if (maximize) d = -d;
    let pw = load<f32>(p + at);
    if (decoupled) pw = pw * decay;
    else if (coupled) d = mulAddRounded1(d, wd, pw);
    const mi = load<f32>(m + at);
    const diff = d - mi;
    const mNew = w1Small ? mulAddRounded1(mi, w1, diff) : mulAddRounded1(d, w1m1, diff);
    store<f32>(m + at, mNew);
    const vNew = mulAddRounded1(load<f32>(v + at) * b2, c2 * d, d);
    store<f32>(v + at, vNew);
    let second = vNew;
    if (vMax) {
      second = max<f32>(load<f32>(vMax + at), vNew);
      store<f32>(vMax + at, second);
    }
    const denom = sqrt<f32>(second) / bc2 + eps;
    store<f32>(p + at, pw + (negStep * mNew) / denom);
  }
}
