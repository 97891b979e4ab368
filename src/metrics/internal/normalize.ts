/**
 * torchmetrics' `normalize_logits_if_needed`: a batch of scores with any value outside [0, 1]
 * is taken as logits and squashed (sigmoid element-wise, or softmax over the class axis); a
 * batch wholly inside [0, 1] is taken as probabilities and left alone. The decision is made
 * for the whole batch at once, as torchmetrics makes it.
 */
import type { FloatArray } from "./tensors.js";

/** True when some value is outside [0, 1] (NaN counts as outside, as `x >= 0` is false for it). */
export function needsNormalizing(values: ArrayLike<number>, from = 0, to = values.length): boolean {
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (!(v >= 0 && v <= 1)) return true;
  }
  return false;
}

/** A copy in the same precision with the sigmoid applied when the batch holds logits. */
export function sigmoidIfNeeded(values: FloatArray): FloatArray {
  if (!needsNormalizing(values)) return values;
  const out = values instanceof Float32Array ? new Float32Array(values.length) : new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = 1 / (1 + Math.exp(-values[i]));
  return out;
}

/**
 * Softmax over each row of a row-major [rows, cols] block when the block holds logits.
 * Computed in float64 and stored in the input's precision.
 */
export function softmaxRowsIfNeeded(values: FloatArray, cols: number): FloatArray {
  if (!needsNormalizing(values)) return values;
  const out = values instanceof Float32Array ? new Float32Array(values.length) : new Float64Array(values.length);
  for (let r = 0; r < values.length; r += cols) {
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, values[r + c]);
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(values[r + c] - max);
    for (let c = 0; c < cols; c++) out[r + c] = Math.exp(values[r + c] - max) / sum;
  }
  return out;
}

/**
 * `torch.linspace(0, 1, n)` in float32, value for value: the step is rounded to float32 and
 * each point is formed with one rounding (PyTorch's kernel counts the first half up from 0
 * and the second half down from 1, and the compiler fuses the multiply-add).
 */
export function linspaceF32(n: number): Float32Array {
  const out = new Float32Array(n);
  if (n === 1) {
    out[0] = 0;
    return out;
  }
  const step = Math.fround(1 / (n - 1));
  const half = Math.floor(n / 2);
  for (let i = 0; i < n; i++) out[i] = i < half ? step * i : 1 - step * (n - 1 - i);
  return out;
}

/**
 * `torch.linspace(0, 1, n, dtype=float64)`: the same two halves, each point rounded once from
 * its exact value (the fused multiply-add), which the error-free product and sum recover here.
 */
export function linspaceF64(n: number): Float64Array {
  const out = new Float64Array(n);
  if (n === 1) return out;
  const step = 1 / (n - 1);
  const half = Math.floor(n / 2);
  for (let i = 0; i < n; i++) {
    if (i < half) out[i] = step * i;
    else {
      const k = n - 1 - i;
      const [p, e] = twoProduct(step, k);
      const s = 1 - p;
      const sErr = 1 - s - p; // exact: what the subtraction lost
      out[i] = s + (sErr - e);
    }
  }
  return out;
}

/** a * b as an unevaluated sum p + e with p = fl(a * b) (Dekker / Veltkamp split). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  return [p, e];
}

function split(a: number): [number, number] {
  const c = 134217729 * a; // 2^27 + 1
  const hi = c - (c - a);
  return [hi, a - hi];
}
