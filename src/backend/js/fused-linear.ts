/**
 * Reference fused linear layer: y = act(x·wᵀ + b) and its whole backward, in plain
 * TypeScript over the reference matmul. The wasm backend must agree with these.
 */
import type { Storage } from "../../tensor/dtype.js";
import type { Activation, LinearBackwardArgs } from "../backend.js";
import { matmul } from "./matmul.js";

export function linear(x: Storage, w: Storage, bias: Storage | null, out: Storage, m: number, k: number, n: number, act: Activation): void {
  matmul(x, w, out, 1, m, k, n, false, true, 0, 0);
  if (!bias && act === "none") return;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      let v = out[row + j];
      if (bias) v += bias[j];
      // ReLU lets NaN through, as PyTorch's does.
      out[row + j] = act === "relu" ? (v > 0 || v !== v ? v : 0) : act === "sigmoid" ? 1 / (1 + Math.exp(-v)) : act === "tanh" ? Math.tanh(v) : v;
    }
  }
}

/** A scratch array of g's type, reused between calls so the backward does not allocate each step. */
let scratch32 = new Float32Array(0);
let scratch64 = new Float64Array(0);
function scratchLike(g: Storage, len: number): Storage {
  if (g instanceof Float32Array) {
    if (scratch32.length < len) scratch32 = new Float32Array(len);
    return scratch32.subarray(0, len);
  }
  if (scratch64.length < len) scratch64 = new Float64Array(len);
  return scratch64.subarray(0, len);
}

/** gz = g ⊙ act'(y), with the derivative taken from the activated output. */
export function activationGrad(g: Storage, y: Storage, gz: Storage, len: number, act: Activation): void {
  for (let i = 0; i < len; i++) {
    const v = y[i];
    gz[i] = act === "relu" ? (v > 0 ? g[i] : 0) : act === "sigmoid" ? g[i] * (v * (1 - v)) : g[i] * (1 - v * v);
  }
}

/** out[j] = Σ_i x[i, j], accumulated in float64. */
export function columnSums(x: Storage, m: number, n: number, out: Storage): void {
  const acc = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) acc[j] += x[row + j];
  }
  for (let j = 0; j < n; j++) out[j] = acc[j];
}

export function linearBackward(args: LinearBackwardArgs): void {
  const { g, y, x, w, m, k, n, act, gx, gw, gb } = args;
  let gz = g;
  if (act !== "none") {
    if (!y) throw new Error(`linearBackward: the activated output is needed for ${act}`);
    gz = scratchLike(g, m * n);
    activationGrad(g, y, gz, m * n, act);
  }
  if (gx) matmul(gz, w, gx, 1, m, n, k, false, false, 0, 0);
  if (gw) matmul(gz, x, gw, 1, n, m, k, true, false, 0, 0);
  if (gb) columnSums(gz, m, n, gb);
}
