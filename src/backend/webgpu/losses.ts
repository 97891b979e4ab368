/**
 * WGSL sources of the classification losses with their gradient in the same pass, as the
 * reference (src/backend/js/fused-loss.ts): per-row (per-element) losses in float32 here,
 * summed by the reduction kernel afterwards.
 *
 * Cross-entropy, one invocation per row of logits [rows, classes]: the row's loss
 * log Σ exp(x − max) + max − x[t] and, with a gradient, softmax(x) − onehot(t); a row whose
 * target is ignoreIndex adds 0 and gets a zero gradient. A target outside [0, classes)
 * raises flag word 1 (its value in word 2): the next read throws PyTorch's "Target t is
 * out of bounds." Parameter words: [rows, classes, ignoreIndex].
 */
import { FLOAT_LIB, PRELUDE, flatMain, input, output, statusBinding } from "./wgsl.js";

export function crossEntropySource(withGrad: boolean): string {
  return PRELUDE + FLOAT_LIB + input(1, "X", "f32") + input(2, "T", "i32") + output(3, "L", "f32") + (withGrad ? output(4, "GR", "f32") : "") + statusBinding(withGrad ? 5 : 4) + flatMain(`
  let classes = pu(1u);
  let base = i * classes;
  let t = T[i];
  if (t == pi(2u)) {
    L[i] = 0.0;
    ${withGrad ? "for (var c = 0u; c < classes; c++) { GR[base + c] = 0.0; }" : ""}
    return;
  }
  if (t < 0 || u32(t) >= classes) {
    atomicStore(&FLAG[STATUS_TARGET], 1u);
    atomicStore(&FLAG[STATUS_TARGET_VALUE], bitcast<u32>(t));
    L[i] = 0.0;
    return;
  }
  var mx = -inf_();
  var nan = false;
  for (var c = 0u; c < classes; c++) {
    let v = X[base + c];
    nan = nan || isnan_(v);
    mx = max(mx, v);
  }
  var sum = 0.0;
  for (var c = 0u; c < classes; c++) { sum += exp_(X[base + c] - mx); }
  L[i] = select(log_(sum) + mx - X[base + u32(t)], nan_(), nan || isnan_(sum));
  ${withGrad ? `for (var c = 0u; c < classes; c++) { GR[base + c] = select(exp_(X[base + c] - mx) / sum, nan_(), nan || isnan_(sum)); }
  GR[base + u32(t)] -= 1.0;` : ""}`);
}

/**
 * Binary cross-entropy with logits, one invocation per element: max(x, 0) − x·y +
 * log1p(e^−|x|) and, with a gradient, σ(x) − y from the same exponential.
 * Parameter words: [n].
 */
export function bceWithLogitsSource(withGrad: boolean): string {
  return PRELUDE + `
fn log1pSmall_(e: f32) -> f32 {
  // e = e^−|x| is in (0, 1]: 2·atanh(e / (2 + e)) keeps its digits when e is tiny.
  let s = e / (2.0 + e);
  let s2 = s * s;
  if (e < 0.3) {
    return 2.0 * s * (1.0 + s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0 + s2 * (1.0 / 11.0))))));
  }
  return log(1.0 + e);
}
` + input(1, "X", "f32") + input(2, "Y", "f32") + output(3, "L", "f32") + (withGrad ? output(4, "GR", "f32") : "") + flatMain(`
  let v = X[i];
  let t = Y[i];
  let e = exp(-abs(v));
  L[i] = select(max(v, 0.0) - v * t + log1pSmall_(e), nan_(), isnan_(v) || isnan_(t));
  ${withGrad ? "GR[i] = select(select(e / (1.0 + e), 1.0 / (1.0 + e), v >= 0.0) - t, nan_(), isnan_(v) || isnan_(t));" : ""}`);
}
