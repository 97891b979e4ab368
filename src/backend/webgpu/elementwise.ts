/**
 * WGSL sources of the element-wise kernels: unary (with and without parameters), binary
 * with broadcasting, casts and `where`. Each op is an expression in its compute type;
 * the loads and stores around it convert between the buffers' dtypes and that type.
 */
import type { Activation, BinaryOp, ParamUnaryOp, UnaryOp } from "../backend.js";
import { FLOAT_LIB, PRELUDE, WGSL_TYPE, flatMain, input, load, output, store, storePredicate, type Compute, type GpuDType } from "./wgsl.js";

/** An op's expression over `v` (unary) or `a`, `b` (binary), and whether it is a predicate. */
interface Expr {
  readonly f?: string;
  /** The int32 form; without it, integers compute in f32 (the op layer promotes them anyway). */
  readonly i?: string;
  readonly pred?: boolean;
  /**
   * The float form already gives PyTorch's answer for a NaN input. The others get
   * "NaN in, NaN out" added: WGSL does not promise it (SwiftShader's exp(NaN) is inf).
   */
  readonly nanSafe?: boolean;
}

const UNARY: Record<UnaryOp, Expr> = {
  copy: { f: "v", i: "v" },
  neg: { f: "-v", i: "-v" },
  abs: { f: "abs(v)", i: "abs(v)" },
  exp: { f: "exp(v)" },
  expm1: { f: "expm1_(v)" },
  log: { f: "log_(v)" },
  log1p: { f: "log1p_(v)" },
  log2: { f: "log2_(v)" },
  log10: { f: "log2_(v) * 0.30102999566398120" },
  sqrt: { f: "sqrt(v)" },
  rsqrt: { f: "inverseSqrt(v)" },
  square: { f: "v * v", i: "v * v" },
  reciprocal: { f: "1.0 / v" },
  sigmoid: { f: "1.0 / (1.0 + exp(-v))" },
  tanh: { f: "tanh_(v)" },
  sin: { f: "sinCos_(v, false)" },
  cos: { f: "sinCos_(v, true)" },
  floor: { f: "floor(v)", i: "v" },
  ceil: { f: "ceil(v)", i: "v" },
  round: { f: "round(v)", i: "v" }, // WGSL's round is half to even, as torch.round
  trunc: { f: "trunc(v)", i: "v" },
  // (0 < v) − (v < 0): 0 for ±0 and NaN, as PyTorch.
  sign: { f: "select(select(0.0, -1.0, v < 0.0), 1.0, v > 0.0)", i: "select(select(0, -1, v < 0), 1, v > 0)", nanSafe: true },
  erf: { f: "erf_(v)" },
  isnan: { f: "isnan_(v)", i: "false", pred: true },
  isfinite: { f: "(bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u", i: "true", pred: true },
  isinf: { f: "isinf_(v)", i: "false", pred: true },
  logicalNot: { f: "!nzf(v)", i: "v == 0", pred: true },
};

/** Parameters p0, p1 are f32 (float compute) or i32 (integer compute) words 1 and 2. */
const PARAM: Record<ParamUnaryOp, Expr> = {
  // min(max(v, lo), hi) as PyTorch: NaN stays NaN, and lo > hi gives hi.
  clamp: {
    f: "select(select(select(v, p0, v < p0), p1, select(v, p0, v < p0) > p1), v, isnan_(v))",
    i: "select(select(v, p0, v < p0), p1, select(v, p0, v < p0) > p1)",
    nanSafe: true,
  },
  leakyRelu: { f: "select(v * p0, v, v > 0.0)" },
  elu: { f: "select(p0 * expm1_(v), v, v > 0.0)" },
  // Linear above the threshold, as PyTorch's softplus(beta, threshold).
  softplus: { f: "select(log1p_(exp(v * p0)) / p0, v, v * p0 > p1)" },
  gelu: { f: "0.5 * v * (1.0 + erf_(v * 0.70710678118654752))" },
  geluTanh: { f: "0.5 * v * (1.0 + tanh_(0.79788456080286536 * (v + 0.044715 * v * v * v)))" },
  silu: { f: "v / (1.0 + exp(-v))" },
  powScalar: { f: "select(powf_(v, p0), v * v, p0 == 2.0)", i: "powi_(v, p0)", nanSafe: true },
};

const BINARY: Record<BinaryOp, Expr> = {
  add: { f: "a + b", i: "a + b" },
  sub: { f: "a - b", i: "a - b" },
  mul: { f: "a * b", i: "a * b" },
  // Integer division truncates (the op layer rejects a zero divisor first).
  div: { f: "a / b", i: "a / b" },
  pow: { f: "powf_(a, b)", i: "powi_(a, b)", nanSafe: true }, // pow(1, NaN) = pow(NaN, 0) = 1
  // std::max / std::min with NaN winning: max(−0, 0) is −0 as on the CPU.
  maximum: { f: "select(select(a, b, a < b), nan_(), isnan_(a) || isnan_(b))", i: "max(a, b)" },
  minimum: { f: "select(select(a, b, b < a), nan_(), isnan_(a) || isnan_(b))", i: "min(a, b)" },
  atan2: { f: "atan2_(a, b)" },
  // Python's modulo and floor division (the remainder takes the divisor's sign), from fmod as PyTorch.
  remainder: { f: "pymodf_(a, b)", i: "pymodi_(a, b)" },
  // C's fmod: the remainder takes the dividend's sign (WGSL's i32 % truncates, the same).
  fmod: { f: "fmod_(a, b)", i: "a % b" },
  floorDivide: { f: "floordivf_(a, b)", i: "floordivi_(a, b)" },
  // Comparisons test NaN on the bits: a compiler may treat float compares as ordered.
  eq: { f: "!isnan_(a) && !isnan_(b) && a == b", i: "a == b", pred: true },
  ne: { f: "isnan_(a) || isnan_(b) || a != b", i: "a != b", pred: true },
  lt: { f: "!isnan_(a) && !isnan_(b) && a < b", i: "a < b", pred: true },
  le: { f: "!isnan_(a) && !isnan_(b) && a <= b", i: "a <= b", pred: true },
  gt: { f: "!isnan_(a) && !isnan_(b) && a > b", i: "a > b", pred: true },
  ge: { f: "!isnan_(a) && !isnan_(b) && a >= b", i: "a >= b", pred: true },
  logicalAnd: { f: "nzf(a) && nzf(b)", i: "a != 0 && b != 0", pred: true },
  logicalOr: { f: "nzf(a) || nzf(b)", i: "a != 0 || b != 0", pred: true },
  logicalXor: { f: "nzf(a) != nzf(b)", i: "(a != 0) != (b != 0)", pred: true },
};

/**
 * Python's modulo and floor division on floats, as PyTorch computes them in float32: from
 * the exact fmod (WGSL's `%` is a − b·trunc(a / b), inexact once the quotient is large), by
 * long division of the significands (at most 254 shift-subtract steps).
 */
const DIVISION_LIB = /* wgsl */ `
fn fmod_(a: f32, b: f32) -> f32 {
  if (isnan_(a) || isnan_(b) || isinf_(a) || b == 0.0) { return nan_(); }
  if (isinf_(b)) { return a; }
  let sa = bitcast<u32>(a) & 0x80000000u;
  let ua = bitcast<u32>(a) & 0x7fffffffu;
  let ub = bitcast<u32>(b) & 0x7fffffffu;
  if (ua < ub) { return a; }
  var ea = i32(ua >> 23u);
  var eb = i32(ub >> 23u);
  var ma = ua & 0x7fffffu;
  var mb = ub & 0x7fffffu;
  if (ea == 0) { ea = 1; } else { ma |= 0x800000u; }
  if (eb == 0) { eb = 1; } else { mb |= 0x800000u; }
  for (var e = ea; e > eb; e--) {
    if (ma >= mb) { ma -= mb; }
    ma <<= 1u;
  }
  if (ma >= mb) { ma -= mb; }
  if (ma == 0u) { return bitcast<f32>(sa); }
  var e = eb;
  while (ma < 0x800000u && e > 1) { ma <<= 1u; e--; }
  var bits = ma;
  if (ma >= 0x800000u) { bits = (u32(e) << 23u) | (ma & 0x7fffffu); }
  return bitcast<f32>(bits | sa);
}
fn pymodf_(a: f32, b: f32) -> f32 {
  let r = fmod_(a, b);
  return select(r, r + b, r != 0.0 && ((r < 0.0) != (b < 0.0)));
}
fn floordivf_(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return a / b; }
  let m = fmod_(a, b);
  var d = (a - m) / b;
  if (m != 0.0 && ((b < 0.0) != (m < 0.0))) { d -= 1.0; }
  if (d == 0.0) { return select(0.0, -0.0, (a < 0.0) != (b < 0.0)); }
  var fd = floor(d);
  if (d - fd > 0.5) { fd += 1.0; }
  return fd;
}
fn pymodi_(a: i32, b: i32) -> i32 {
  let r = a % b;
  return select(r, r + b, r != 0 && ((r < 0) != (b < 0)));
}
fn floordivi_(a: i32, b: i32) -> i32 {
  let q = a / b;
  return select(q, q - 1, (a % b != 0) && ((a < 0) != (b < 0)));
}
`;

/** The compute type of an op over inputs of these dtypes: integers stay integers where the op has an integer form. */
function computeOf(e: Expr, dtypes: readonly GpuDType[]): Compute {
  return e.i !== undefined && dtypes.every((d) => d !== "float32") ? "i32" : "f32";
}

/** The op's value stored to `out`; `nanOf` lists the inputs whose NaN the result must carry. */
function result(e: Expr, c: Compute, out: GpuDType, nanOf: readonly string[]): string {
  let expr = (c === "f32" ? e.f : e.i) ?? "";
  if (c === "f32" && !e.pred && !e.nanSafe) expr = `select(${expr}, nan_(), ${nanOf.map((v) => `isnan_(${v})`).join(" || ")})`;
  return e.pred ? storePredicate(expr, out) : store(expr, c, out);
}

export function unarySource(op: UnaryOp, x: GpuDType, out: GpuDType): string {
  const e = UNARY[op];
  const c = computeOf(e, [x, out]);
  return PRELUDE + FLOAT_LIB + input(1, "X", WGSL_TYPE[x]) + output(2, "O", WGSL_TYPE[out]) + flatMain(`
  let v = ${load("X[i]", x, c)};
  O[i] = ${result(e, c, out, ["v"])};`);
}

export function paramSource(op: ParamUnaryOp, x: GpuDType, out: GpuDType): string {
  const e = PARAM[op];
  const c = computeOf(e, [x, out]);
  const p = c === "f32" ? "pf" : "pi";
  return PRELUDE + FLOAT_LIB + input(1, "X", WGSL_TYPE[x]) + output(2, "O", WGSL_TYPE[out]) + flatMain(`
  let v = ${load("X[i]", x, c)};
  let p0 = ${p}(1u);
  let p1 = ${p}(2u);
  O[i] = ${result(e, c, out, ["v"])};`);
}

/** Whether the op's parameters go to the kernel as i32 words (integer compute) rather than f32. */
export function paramIsInt(op: ParamUnaryOp, x: GpuDType, out: GpuDType): boolean {
  return computeOf(PARAM[op], [x, out]) === "i32";
}

/**
 * The offset of element i of the output in an operand, from the coalesced shape (words
 * 2 … 1 + nd) and the operand's strides (words `strides` …): the odometer of the CPU kernel
 * as one division per dimension.
 */
export function offsetFn(name: string, strides: string): string {
  return /* wgsl */ `
fn ${name}(i: u32) -> u32 {
  let nd = pu(1u);
  var rest = i;
  var off = 0u;
  for (var d = i32(nd) - 1; d >= 0; d--) {
    let size = pu(2u + u32(d));
    off += (rest % size) * pu(${strides} + u32(d));
    rest /= size;
  }
  return off;
}`;
}

/** Parameter words: [n, nd, shape[nd], strides of each operand[nd]…]. */
export function binarySource(op: BinaryOp, a: GpuDType, b: GpuDType, out: GpuDType): string {
  const e = BINARY[op];
  const c = computeOf(e, [a, b]);
  return PRELUDE + FLOAT_LIB + DIVISION_LIB + offsetFn("offA", "2u + nd") + offsetFn("offB", "2u + 2u * nd")
    + input(1, "A", WGSL_TYPE[a]) + input(2, "B", WGSL_TYPE[b]) + output(3, "O", WGSL_TYPE[out]) + flatMain(`
  let a = ${load("A[offA(i)]", a, c)};
  let b = ${load("B[offB(i)]", b, c)};
  O[i] = ${result(e, c, out, ["a", "b"])};`);
}

/** where(cond, a, b) over 32-bit words (a, b and out share a dtype): words as binarySource's, three operands. */
export function whereSource(): string {
  return PRELUDE + offsetFn("offC", "2u + nd") + offsetFn("offA", "2u + 2u * nd") + offsetFn("offB", "2u + 3u * nd")
    + input(1, "C", "u32") + input(2, "A", "u32") + input(3, "B", "u32") + output(4, "O", "u32") + flatMain(`
  O[i] = select(B[offB(i)], A[offA(i)], C[offC(i)] != 0u);`);
}

/**
 * ReLU's forward and the activations' backward from their output y (reference:
 * src/backend/js/activation.ts): relu is max(v, 0) with NaN and −0 passing through; the
 * backward is exactly 0 where y <= 0 else g (ReLU; NaN passes g), g·y(1 − y) (sigmoid), g·(1 − y²) (tanh).
 */
export function reluSource(t: GpuDType): string {
  const w = WGSL_TYPE[t];
  return PRELUDE + input(1, "X", w) + output(2, "O", w) + flatMain(`
  let v = X[i];
  O[i] = select(v, ${w}(0), v < ${w}(0));`);
}

export function activationBackwardSource(act: Activation): string {
  const expr = act === "relu" ? "select(g, 0.0, y <= 0.0)" : act === "sigmoid" ? "g * (y * (1.0 - y))" : "g * (1.0 - y * y)";
  return PRELUDE + input(1, "G", "f32") + input(2, "Y", "f32") + output(3, "O", "f32") + flatMain(`
  let g = G[i];
  let y = Y[i];
  O[i] = ${expr};`);
}

/**
 * Casts: float → int truncates toward zero as PyTorch (out-of-range values, undefined
 * behaviour in PyTorch, saturate here), anything → bool is "non-zero" (NaN is true).
 */
export function castSource(from: GpuDType, to: GpuDType): string {
  const c: Compute = from === "float32" ? "f32" : "i32";
  const expr = to === "float32" ? `f32(${load("X[i]", from, c)})` : store(load("X[i]", from, c), c, to);
  return PRELUDE + input(1, "X", WGSL_TYPE[from]) + output(2, "O", WGSL_TYPE[to]) + flatMain(`
  O[i] = ${expr};`);
}

/**
 * X rounded to binary16 in place, on the float32 bits (ties to even, ±inf from 65520 up,
 * NaN kept, subnormals on their 2^−24 grid), with integer operations only: a float
 * `(x + c) − c` could be folded away by the shader compiler. float16 tensors are float32
 * buffers rounded after each op (ops/half-kernels.ts).
 */
export function roundHalfSource(): string {
  return PRELUDE + output(1, "X", "f32") + flatMain(`
  let b = bitcast<u32>(X[i]);
  let sign = b & 0x80000000u;
  let a = b & 0x7fffffffu;
  if (a > 0x7f800000u) { return; }
  if (a >= 0x477ff000u) { X[i] = bitcast<f32>(sign | 0x7f800000u); return; }
  let e = a >> 23u;
  if (e >= 113u) {
    // A normal half: drop 13 mantissa bits, rounding to nearest even (a carry moves into the exponent).
    let r = (a + 0xfffu + ((a >> 13u) & 1u)) & 0xffffe000u;
    X[i] = bitcast<f32>(sign | r);
    return;
  }
  // A half subnormal (or zero): the value in units of 2^-24, rounded to nearest even.
  let d = 126u - e;
  var q = 0u;
  if (e > 0u && d < 25u) {
    let sig = (a & 0x7fffffu) | 0x800000u;
    let half = 1u << (d - 1u);
    let rem = sig & ((1u << d) - 1u);
    q = sig >> d;
    if (rem > half || (rem == half && (q & 1u) == 1u)) { q = q + 1u; }
  }
  X[i] = bitcast<f32>(sign | bitcast<u32>(f32(q) * 5.9604644775390625e-8));`);
}
