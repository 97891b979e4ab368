/**
 * The compiled kernels (embedded as base64 by scripts/build-wasm.mjs) and their exports.
 * Modules are compiled synchronously on first use: they are a few KiB, so this costs
 * about a millisecond and lets `import` give a ready backend with no await.
 */
import { WASM_PLAIN, WASM_SHARED } from "./kernels.generated.js";

/** Activation codes shared with assembly/linear.ts. */
export const ACT_CODE = { none: 0, relu: 1, sigmoid: 2, tanh: 3 } as const;

/** The element-wise functions assembly/unary.ts runs exactly, and their codes there. */
export const EXACT_CODE = { neg: 0, abs: 1, sqrt: 2, floor: 3, ceil: 4, trunc: 5, round: 6 } as const;

/** Adam's flags, shared with assembly/optim.ts. */
export const ADAM_FLAGS = { maximize: 1, coupledDecay: 2, decoupledDecay: 4, w1Small: 8 } as const;

/** The exports of assembly/index.ts; pointers are byte offsets, flags 0 or 1. */
export interface WasmExports {
  gemm(
    m: number, n: number, k: number, a: number, lda: number, transA: number, b: number, ldb: number, transB: number,
    c: number, ldc: number, accumulate: number, work: number,
  ): void;
  gemmScratchBytes(m: number, n: number, k: number): number;
  biasAct(c: number, m: number, n: number, bias: number, act: number): void;
  actBackward(g: number, y: number, len: number, act: number): void;
  colSum(x: number, m: number, n: number, out: number, acc: number): void;
  bceWithLogits(x: number, t: number, n: number, grad: number): number;
  crossEntropy(x: number, t: number, rows: number, classes: number, grad: number, ignoreIndex: number): number;
  im2col(x: number, cols: number, geom: number, group: number, nb: number): void;
  col2imAdd(cols: number, gx: number, geom: number, group: number, nb: number): void;
  addChannelBias(out: number, rows: number, len: number, bias: number, o: number): void;
  convDirect(geom: number, x: number, w: number, out: number, bias: number, nb: number, work: number): void;
  channelSums(g: number, nb: number, cout: number, len: number, acc: number): void;
  convDirectWeightGrad(geom: number, x: number, g: number, out: number, nb: number, work: number): void;
  maxPool2d(x: number, out: number, idx: number, geom: number): void;
  maxPool2dBackward(g: number, idx: number, gx: number, planes: number, plane: number, outPlane: number): void;
  adamStep(
    p: number, g: number, m: number, v: number, vMax: number, n: number, flags: number,
    decay: number, wd: number, w1: number, w1m1: number, b2: number, c2: number, bc2: number, eps: number, negStep: number,
  ): void;
  expSigmoid(x: number, out: number, n: number, sigmoid: number): void;
  expF64(x: number, out: number, n: number): void;
  unaryExact(x: number, out: number, n: number, op: number): void;
  heapBase(): number;
}

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const compiled: { plain?: WebAssembly.Module; shared?: WebAssembly.Module } = {};

/** The compiled module, memory shared (for threads) or not. Throws where WebAssembly SIMD is missing. */
export function kernelModule(shared: boolean): WebAssembly.Module {
  const key = shared ? "shared" : "plain";
  let mod = compiled[key];
  if (!mod) {
    mod = new WebAssembly.Module(decodeBase64(shared ? WASM_SHARED : WASM_PLAIN));
    compiled[key] = mod;
  }
  return mod;
}

export function instantiate(mod: WebAssembly.Module, memory: WebAssembly.Memory): WasmExports {
  const instance = new WebAssembly.Instance(mod, { env: { memory } });
  return instance.exports as unknown as WasmExports;
}
