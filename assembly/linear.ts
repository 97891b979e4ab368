/**
 * The element-wise halves of a linear layer: bias + activation after the product
 * (forward), and the activation's derivative and the bias gradient before the products
 * (backward). Activation codes: 0 none, 1 ReLU, 2 sigmoid, 3 tanh (see src/backend/backend.ts).
 * Derivatives are taken from the activated output y, which the forward already keeps.
 */

/** c[m, n] = act(c + bias) in place; `bias` 0 means none. */
export function biasAct(c: usize, m: i32, n: i32, bias: usize, act: i32): void {
  const zero = f32x4.splat(0);
  for (let i = 0; i < m; i++) {
    const row = c + (<usize>i * n << 2);
    let j = 0;
    if (act <= 1) {
      for (; j + 4 <= n; j += 4) {
        const p = row + (<usize>j << 2);
        let v = v128.load(p);
        if (bias) v = f32x4.add(v, v128.load(bias + (<usize>j << 2)));
        if (act == 1) v = f32x4.max(v, zero);
        v128.store(p, v);
      }
    }
    for (; j < n; j++) {
      const p = row + (<usize>j << 2);
      let v = load<f32>(p);
      if (bias) v += load<f32>(bias + (<usize>j << 2));
      if (act == 1) v = v > 0 || v != v ? v : 0; // NaN passes, as f32x4.max lets it above
      else if (act == 2) v = 1 / (1 + Mathf.exp(-v));
      else if (act == 3) v = Mathf.tanh(v);
      store<f32>(p, v);
    }
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
    if (act == 1) d = v128.and(gv, f32x4.gt(yv, zero));
    else if (act == 2) d = f32x4.mul(gv, f32x4.mul(yv, f32x4.sub(one, yv)));
    else d = f32x4.mul(gv, f32x4.sub(one, f32x4.mul(yv, yv)));
    v128.store(g + off, d);
  }
  for (; i < len; i++) {
    const off = <usize>i << 2;
    const gv = load<f32>(g + off), yv = load<f32>(y + off);
    let d: f32;
    if (act == 1) d = yv > 0 ? gv : 0;
    else if (act == 2) d = gv * (yv * (1 - yv));
    else d = gv * (1 - yv * yv);
    store<f32>(g + off, d);
  }
}

/** out[j] = Σ_i x[i, j] over m rows of n, accumulated in float64 in `acc` (8·n bytes of scratch). */
export function colSum(x: usize, m: i32, n: i32, out: usize, acc: usize): void {
  memory.fill(acc, 0, <usize>n << 3);
  for (let i = 0; i < m; i++) {
    const row = x + (<usize>i * n << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const v = v128.load(row + (<usize>j << 2));
      const a = acc + (<usize>j << 3);
      v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v)));
      v128.store(a, f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))), 16);
    }
    for (; j < n; j++) {
      const a = acc + (<usize>j << 3);
      store<f64>(a, load<f64>(a) + <f64>load<f32>(row + (<usize>j << 2)));
    }
  }
  for (let j = 0; j < n; j++) store<f32>(out + (<usize>j << 2), <f32>load<f64>(acc + (<usize>j << 3)));
}
