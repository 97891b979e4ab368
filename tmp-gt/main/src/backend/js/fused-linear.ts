/**
 * Reference fused linear layer: y = act(x·wᵀ + b) and its whole backward, in plain
 * TypeScript over the reference matmul and activation kernels. The wasm backend must
 * agree with these.
 */
import type { Storage } from "../../tensor/dtype.js";
import type { LinearActivation, LinearBackwardArgs } from "../backend.js";
import { activationBackward, relu } from "./activation.js";
import { matmul } from "./matmul.js";

export function linear(x: Storage, w: Storage, bias: Storage | null, out: Storage, m: number, k: number, n: number, act: LinearActivation): void {
  matmul(x, w, out, 1, m, k, n, false, true, 0, 0);
  if (bias) {
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) out[row + j] += bias[j];
    }
  }
  if (act === "relu") relu(out, out, m * n);
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
  if (act === "relu") {
    if (!y) throw new Error("linearBackward: the activated output is needed for relu");
    gz = scratchLike(g, m * n);
    activationBackward("relu", g, y, gz, m * n);
  }
  if (gx) matmul(gz, w, gx, 1, m, n, k, false, false, 0, 0);
  if (gw) matmul(gz, x, gw, 1, n, m, k, true, false, 0, 0);
  if (gb) columnSums(gz, m, n, gb);
}
