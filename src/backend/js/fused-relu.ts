/**
 * ReLU forward and backward with one kernel per storage type. V8 optimises a loop
 * well when it only ever sees one typed-array class; the generic unary kernel sees
 * every dtype and stays polymorphic. `relu` / `activationBackward` pick the monomorphic
 * kernel from the arrays' classes, so each inner loop keeps a single type.
 *
 * Results are those of the generic kernels exactly: the forward is `v < 0 ? 0 : v`
 * (NaN and -0 pass through, as PyTorch's max(v, 0)); the backward is PyTorch's
 * threshold_backward, g where the output is positive and exactly 0 elsewhere.
 */
import type { Storage } from "../../tensor/dtype.js";
import type { Activation } from "../backend.js";
import { activationGrad } from "./fused-linear.js";

function reluF32(x: Float32Array, o: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    o[i] = v < 0 ? 0 : v;
  }
}

function reluF64(x: Float64Array, o: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    o[i] = v < 0 ? 0 : v;
  }
}

function reluAny(x: Storage, o: Storage, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    o[i] = v < 0 ? 0 : v;
  }
}

function reluBackwardF32(g: Float32Array, y: Float32Array, o: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = y[i] > 0 ? g[i] : 0;
}

function reluBackwardF64(g: Float64Array, y: Float64Array, o: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = y[i] > 0 ? g[i] : 0;
}

function reluBackwardAny(g: Storage, y: Storage, o: Storage, n: number): void {
  for (let i = 0; i < n; i++) o[i] = y[i] > 0 ? g[i] : 0;
}

/** out = max(x, 0) element-wise (NaN and -0 pass through); x and out have out.length elements. */
export function relu(x: Storage, out: Storage): void {
  const n = out.length;
  if (x instanceof Float32Array && out instanceof Float32Array) reluF32(x, out, n);
  else if (x instanceof Float64Array && out instanceof Float64Array) reluF64(x, out, n);
  else reluAny(x, out, n);
}

/** out = g ⊙ act'(y) from the activated output y (ReLU on its monomorphic kernels). */
export function activationBackward(act: Exclude<Activation, "none">, g: Storage, y: Storage, out: Storage): void {
  const n = out.length;
  if (act !== "relu") activationGrad(g, y, out, n, act);
  else if (g instanceof Float32Array && y instanceof Float32Array && out instanceof Float32Array) reluBackwardF32(g, y, out, n);
  else if (g instanceof Float64Array && y instanceof Float64Array && out instanceof Float64Array) reluBackwardF64(g, y, out, n);
  else reluBackwardAny(g, y, out, n);
}
