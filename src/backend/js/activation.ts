/**
 * The activations whose derivative is a function of their output, defined once for the
 * reference backend: ReLU's forward, and the backward of ReLU, sigmoid and tanh from the
 * output y. The fused linear layer (fused-linear.ts) and the element-wise op both call
 * these; the wasm kernels (assembly/linear.ts) must agree with them (test/backend).
 *
 * ReLU is max(v, 0) as PyTorch computes it: NaN and −0 pass through (`v < 0` is false for
 * both). Its backward is PyTorch's threshold_backward: exactly 0 where y <= 0, g elsewhere (NaN too).
 *
 * The loops are written out once per storage type on purpose: V8 optimises a loop well
 * when it only ever sees one typed-array class, and a loop shared by every dtype stays
 * polymorphic (ReLU over float32 was several times slower). The definitions are the
 * functions below, which V8 inlines into each loop.
 */
import type { Storage } from "../../tensor/dtype.js";
import type { Activation } from "../backend.js";

/** ReLU of one value. */
export const reluOf = (v: number): number => (v < 0 ? 0 : v);

/** The gradient through each activation, from its output y and the incoming gradient g. */
const gradOf: Record<Activation, (g: number, y: number) => number> = {
  relu: (g, y) => (y <= 0 ? 0 : g), // a NaN output passes g, as PyTorch's threshold_backward
  sigmoid: (g, y) => g * (y * (1 - y)),
  tanh: (g, y) => g * (1 - y * y),
};

/**
 * float32 ReLU on the bits, without a branch: `v < 0 ? 0 : v` compiles to a jump that
 * mispredicts on half of a layer's values (random signs), which made it ~6× slower on
 * TinyVGG's activations. A value is zeroed when its sign bit is set and its magnitude is
 * in (0, +inf] (strictly negative); −0 (magnitude 0) and NaNs (magnitude above +inf's
 * bits) keep their bits, as reluOf gives them.
 */
function reluF32(x: Float32Array, o: Float32Array, n: number): void {
  const xi = new Int32Array(x.buffer, x.byteOffset, n), oi = new Int32Array(o.buffer, o.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const v = xi[i], mag = v & 0x7fffffff;
    oi[i] = v & ~((v >> 31) & ((mag - 1 - 0x7f800000) >> 31) & (-mag >> 31));
  }
}

function reluF64(x: Float64Array, o: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = reluOf(x[i]);
}

function reluAny(x: Storage, o: Storage, n: number): void {
  for (let i = 0; i < n; i++) o[i] = reluOf(x[i]);
}

/** out = ReLU(x) over the first `n` elements (all of out by default); x and out may be the same array. */
export function relu(x: Storage, out: Storage, n = out.length): void {
  if (x instanceof Float32Array && out instanceof Float32Array) reluF32(x, out, n);
  else if (x instanceof Float64Array && out instanceof Float64Array) reluF64(x, out, n);
  else reluAny(x, out, n);
}

const reluGrad = gradOf.relu;

function reluBackwardF32(g: Float32Array, y: Float32Array, o: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = reluGrad(g[i], y[i]);
}

function reluBackwardF64(g: Float64Array, y: Float64Array, o: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = reluGrad(g[i], y[i]);
}

function backwardAny(grad: (g: number, y: number) => number, g: Storage, y: Storage, o: Storage, n: number): void {
  for (let i = 0; i < n; i++) o[i] = grad(g[i], y[i]);
}

/** out = g ⊙ act'(y) over the first `n` elements (all of out by default); out may be g. */
export function activationBackward(act: Activation, g: Storage, y: Storage, out: Storage, n = out.length): void {
  if (act !== "relu") backwardAny(gradOf[act], g, y, out, n);
  else if (g instanceof Float32Array && y instanceof Float32Array && out instanceof Float32Array) reluBackwardF32(g, y, out, n);
  else if (g instanceof Float64Array && y instanceof Float64Array && out instanceof Float64Array) reluBackwardF64(g, y, out, n);
  else backwardAny(reluGrad, g, y, out, n);
}
