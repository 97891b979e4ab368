/** Element-wise kernels of one operand: one flat loop per op, no per-element dispatch. */
import type { Storage } from "../../tensor/dtype.js";
import type { ParamUnaryOp, UnaryOp } from "../backend.js";
import { int32Pow } from "./binary.js";

type Kernel = (x: Storage, o: Storage, n: number) => void;
type ParamKernel = (x: Storage, o: Storage, n: number, p0: number, p1: number) => void;

/** Round half to even, as torch.round does (Math.round rounds halves up). */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The error function, for the exact GELU; float32 results need near double accuracy. */
// The coefficients are quoted as published, with more digits than a double holds.
/* eslint-disable no-loss-of-precision */
export function erf(x: number): number {
  // W. J. Cody's rational approximations (as in most libms), accurate to double precision.
  const ax = Math.abs(x);
  let r: number;
  if (ax < 0.5) {
    const t = x * x;
    const top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t + 377.485237685302021) * t + 3209.37758913846947;
    const bot = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062;
    return (x * top) / bot;
  }
  if (ax < 4) {
    const top = (((((((2.15311535474403846e-8 * ax + 0.564188496988670089) * ax + 8.88314979438837594) * ax + 66.1191906371416295) * ax + 298.635138197400131) * ax + 881.95222124176909) * ax + 1712.04761263407058) * ax + 2051.07837782607147) * ax + 1230.33935479799725;
    const bot = (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax + 1621.38957456669019) * ax + 3290.79923573345963) * ax + 4362.61909014324716) * ax + 3439.36767414372164) * ax + 1230.33935480374942;
    r = 1 - Math.exp(-ax * ax) * (top / bot);
  } else {
    const z = 1 / (ax * ax);
    const top = ((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z + 0.125781726111229246) * z + 0.0160837851487422766) * z + 6.58749161529837803e-4;
    const bot = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 0.527905102951428412) * z + 0.0605183413124413191) * z + 2.33520497626869185e-3;
    r = 1 - (Math.exp(-ax * ax) / ax) * (0.564189583547756287 - (z * top) / bot);
  }
  return x < 0 ? -r : r;
}

/* eslint-enable no-loss-of-precision */

export const unaryKernels: Record<UnaryOp, Kernel> = {
  copy: (x, o, n) => { o.set(x.subarray(0, n)); },
  neg: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = -x[i]; },
  abs: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.abs(x[i]); },
  exp: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.exp(x[i]); },
  expm1: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.expm1(x[i]); },
  log: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log(x[i]); },
  log1p: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log1p(x[i]); },
  log2: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log2(x[i]); },
  log10: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log10(x[i]); },
  sqrt: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]); },
  rsqrt: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = 1 / Math.sqrt(x[i]); },
  square: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i] * x[i]; },
  reciprocal: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = 1 / x[i]; },
  sigmoid: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = 1 / (1 + Math.exp(-x[i])); },
  tanh: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.tanh(x[i]); },
  sin: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sin(x[i]); },
  cos: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.cos(x[i]); },
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
  erf: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = erf(x[i]); },
  isnan: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i] !== x[i] ? 1 : 0; },
  isfinite: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Number.isFinite(x[i]) ? 1 : 0; },
  isinf: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i] === Infinity || x[i] === -Infinity ? 1 : 0; },
  logicalNot: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i] !== 0 ? 0 : 1; }, // NaN is true
};

const SQRT1_2 = Math.SQRT1_2;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

export const paramKernels: Record<ParamUnaryOp, ParamKernel> = {
  // min(max(v, lo), hi) as PyTorch: NaN stays NaN, and lo > hi gives hi.
  clamp: (x, o, n, lo, hi) => {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const t = v < lo ? lo : v;
      o[i] = t > hi ? hi : t;
    }
  },
  leakyRelu: (x, o, n, slope) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v > 0 ? v : v * slope; } },
  elu: (x, o, n, alpha) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v > 0 ? v : alpha * Math.expm1(v); } },
  // PyTorch's softplus(beta, threshold): linear above threshold for stability.
  softplus: (x, o, n, beta, threshold) => {
    for (let i = 0; i < n; i++) {
      const v = x[i] * beta;
      o[i] = v > threshold ? x[i] : Math.log1p(Math.exp(v)) / beta;
    }
  },
  gelu: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = 0.5 * v * (1 + erf(v * SQRT1_2)); } },
  geluTanh: (x, o, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      o[i] = 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)));
    }
  },
  silu: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v / (1 + Math.exp(-v)); } },
  powScalar: (x, o, n, p) => {
    if (o instanceof Int32Array) for (let i = 0; i < n; i++) o[i] = int32Pow(x[i], p); // wraps as PyTorch's int32 pow
    else if (p === 2) for (let i = 0; i < n; i++) o[i] = x[i] * x[i];
    else for (let i = 0; i < n; i++) o[i] = Math.pow(x[i], p);
  },
};
