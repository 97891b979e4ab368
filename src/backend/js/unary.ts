/** Element-wise kernels of one operand: one flat loop per op, no per-element dispatch. */
import type { Storage } from "../../tensor/dtype.js";
import type { ParamUnaryOp, UnaryOp } from "../backend.js";
import { erfWith, type MathLib } from "../libm.js";
import { cPow, int32Pow } from "./binary.js";

type Kernel = (x: Storage, o: Storage, n: number) => void;
type ParamKernel = (x: Storage, o: Storage, n: number, p0: number, p1: number) => void;

/** Round half to even, as torch.round does (Math.round rounds halves up). */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The kernels over a math library: the engine's Math (the reference backend) or
 * Kindling's own libm (the wasm backend, the same bits in every engine).
 */
export function unaryKernelsWith(M: MathLib): Record<UnaryOp, Kernel> {
  const erfM = erfWith(M.exp);
  return {
    copy: (x, o, n) => { o.set(x.subarray(0, n)); },
    neg: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = -x[i]; },
    abs: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.abs(x[i]); },
    exp: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = M.exp(x[i]); },
    expm1: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = M.expm1(x[i]); },
    log: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = M.log(x[i]); },
    log1p: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = M.log1p(x[i]); },
    log2: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = M.log2(x[i]); },
    log10: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = M.log10(x[i]); },
    sqrt: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]); },
    rsqrt: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = 1 / Math.sqrt(x[i]); },
    square: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i] * x[i]; },
    reciprocal: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = 1 / x[i]; },
    sigmoid: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = 1 / (1 + M.exp(-x[i])); },
    tanh: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = M.tanh(x[i]); },
    sin: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = M.sin(x[i]); },
    cos: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = M.cos(x[i]); },
    floor: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.floor(x[i]); },
    ceil: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.ceil(x[i]); },
    round: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = roundHalfEven(x[i]); },
    trunc: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.trunc(x[i]); },
    sign: (x, o, n) => {
      for (let i = 0; i < n; i++) {
        const v = x[i];
        o[i] = v > 0 ? 1 : v < 0 ? -1 : 0; // (0 < v) - (v < 0) as PyTorch: 0 for ±0 and NaN
      }
    },
    erf: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = erfM(x[i]); },
    isnan: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i] !== x[i] ? 1 : 0; },
    isfinite: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Number.isFinite(x[i]) ? 1 : 0; },
    isinf: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i] === Infinity || x[i] === -Infinity ? 1 : 0; },
    logicalNot: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i] !== 0 ? 0 : 1; }, // NaN is true
  };
}

const SQRT1_2 = Math.SQRT1_2;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

export function paramKernelsWith(M: MathLib): Record<ParamUnaryOp, ParamKernel> {
  const erfM = erfWith(M.exp);
  const pow = cPow(M.pow); // C's special cases, as PyTorch: 1 ** NaN and (−1) ** ±∞ are 1
  return {
    // min(max(v, lo), hi) as PyTorch: NaN stays NaN, and lo > hi gives hi.
    clamp: (x, o, n, lo, hi) => {
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const t = v < lo ? lo : v;
        o[i] = t > hi ? hi : t;
      }
    },
    leakyRelu: (x, o, n, slope) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v > 0 ? v : v * slope; } },
    elu: (x, o, n, alpha) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v > 0 ? v : alpha * M.expm1(v); } },
    // PyTorch's softplus(beta, threshold): linear above threshold for stability.
    softplus: (x, o, n, beta, threshold) => {
      for (let i = 0; i < n; i++) {
        const v = x[i] * beta;
        o[i] = v > threshold ? x[i] : M.log1p(M.exp(v)) / beta;
      }
    },
    gelu: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = 0.5 * v * (1 + erfM(v * SQRT1_2)); } },
    geluTanh: (x, o, n) => {
      for (let i = 0; i < n; i++) {
        const v = x[i];
        o[i] = 0.5 * v * (1 + M.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)));
      }
    },
    silu: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v / (1 + M.exp(-v)); } },
    powScalar: (x, o, n, p) => {
      if (o instanceof Int32Array) for (let i = 0; i < n; i++) o[i] = int32Pow(x[i], p); // wraps as PyTorch's int32 pow
      else if (p === 2) for (let i = 0; i < n; i++) o[i] = x[i] * x[i];
      else for (let i = 0; i < n; i++) o[i] = pow(x[i], p);
    },
  };
}

