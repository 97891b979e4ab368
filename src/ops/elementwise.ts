/**
 * Element-wise ops, each with its gradient beside it. Binary ops broadcast and
 * promote dtypes as PyTorch does; JS numbers are wrapped scalars that never widen
 * a tensor's dtype (float32 * 0.5 stays float32).
 */
import { isGradEnabled, noGrad } from "../autograd/grad-mode.js";
import { markFresh, record } from "../autograd/node.js";
import { backend, type BinaryOp, type ParamUnaryOp, type UnaryOp } from "../backend/index.js";
import { DTypeError, ValueError } from "../errors.js";
import { defaultFloat, inferDType, isFloating, resultTypeOf, scalarTypeName, type DType } from "../tensor/dtype.js";
import { broadcastShapes, shapeEq } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { cast } from "./cast.js";
import { empty, operand, unfilled, sumTo, type Operand } from "./util.js";

// ---- forward helpers (no graph) -----------------------------------------

/** Broadcast binary kernel; operands are first cast to the computation dtype, as PyTorch does. */
function binaryRaw(op: BinaryOp, a: Tensor, b: Tensor, compute: DType, outDtype: DType): Tensor {
  const x = a.dtype === compute ? a : cast(a, compute).detach();
  const y = b.dtype === compute ? b : cast(b, compute).detach();
  const shape = shapeEq(x.shape, y.shape) ? x.shape : broadcastShapes(x.shape, y.shape);
  const out = unfilled(shape, outDtype);
  backend().binary(op, x.data, x.shape, y.data, y.shape, out.data, shape);
  // bool + bool is a logical or in PyTorch: keep bool storage 0 or 1.
  if (outDtype === "bool" && op === "add") for (let i = 0; i < out.data.length; i++) out.data[i] = out.data[i] ? 1 : 0;
  return out;
}

function promote(a: TensorLike, b: TensorLike): [Tensor, Tensor, DType, Operand, Operand] {
  const oa = operand(a);
  const ob = operand(b);
  return [oa.t, ob.t, resultTypeOf([{ dtype: oa.t.dtype, kind: oa.kind }, { dtype: ob.t.dtype, kind: ob.kind }]), oa, ob];
}

function unaryRaw(op: UnaryOp, x: Tensor, outDtype: DType): Tensor {
  const out = unfilled(x.shape, outDtype);
  backend().unary(op, x.data, out.data);
  return out;
}

function paramRaw(op: ParamUnaryOp, x: Tensor, p0 = 0, p1 = 0): Tensor {
  const out = unfilled(x.shape, x.dtype);
  backend().unaryParam(op, x.data, out.data, p0, p1);
  return out;
}

/** The dtype of a float-valued op (exp, log, ...): integers and bools become the default float. */
function floatOut(x: Tensor): DType {
  return isFloating(x.dtype) ? x.dtype : defaultFloat();
}

function asFloat(x: Tensor): Tensor {
  return isFloating(x.dtype) ? x : cast(x, defaultFloat());
}

// ---- arithmetic ---------------------------------------------------------

export function add(a: TensorLike, b: TensorLike, opts?: { alpha?: number }): Tensor {
  if (opts?.alpha !== undefined && opts.alpha !== 1) return add(a, mul(b, opts.alpha));
  const [x, y, dt] = promote(a, b);
  const out = binaryRaw("add", x, y, dt, dt);
  return record(out, "AddBackward0", [x, y], (g) => [sumTo(g, x.shape), sumTo(g, y.shape)], false);
}

export function sub(a: TensorLike, b: TensorLike, opts?: { alpha?: number }): Tensor {
  if (opts?.alpha !== undefined && opts.alpha !== 1) return sub(a, mul(b, opts.alpha));
  const [x, y, dt] = promote(a, b);
  if (x.dtype === "bool" && y.dtype === "bool") {
    throw new DTypeError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
  }
  if (x.dtype === "bool" || y.dtype === "bool") {
    throw new DTypeError(
      "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    );
  }
  const out = binaryRaw("sub", x, y, dt, dt);
  // `1 - x` is PyTorch's rsub.
  const name = a instanceof Tensor ? "SubBackward0" : "RsubBackward1";
  return record(out, name, [x, y], (g) => [sumTo(g, x.shape), sumTo(neg(g), y.shape)], false);
}

export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt] = promote(a, b);
  const out = binaryRaw("mul", x, y, dt, dt);
  const res = record(out, "MulBackward0", [x, y], (g) => [
    x.requiresGrad ? sumTo(mul(g, y), x.shape) : null,
    y.requiresGrad ? sumTo(mul(g, x), y.shape) : null,
  ]);
  // Each operand is read for the other's gradient, as PyTorch saves them.
  res.gradFn?.saveForBackward(y.requiresGrad ? x : null, x.requiresGrad ? y : null);
  return res;
}

/** True division (integers give floats), or `roundingMode` "trunc" / "floor" as torch.div. */
export function div(a: TensorLike, b: TensorLike, opts?: { roundingMode?: "trunc" | "floor" }): Tensor {
  const [x, y, dt0] = promote(a, b);
  if (opts?.roundingMode) {
    const q = binaryRaw(opts.roundingMode === "floor" ? "floorDivide" : "div", x, y, dt0, dt0);
    if (opts.roundingMode === "trunc") backend().unary("trunc", q.data, q.data);
    // Rounded quotients are piecewise constant: zero gradient, as PyTorch's DivBackward1/2.
    return record(q, "DivBackward2", [x, y], (g) => [zerosOf(x, g), zerosOf(y, g)], false);
  }
  const dt = isFloating(dt0) ? dt0 : defaultFloat();
  const out = binaryRaw("div", x, y, dt, dt);
  // `2 / x` is computed by PyTorch as x.reciprocal() * 2.
  const name = a instanceof Tensor ? "DivBackward0" : "MulBackward0";
  return record(out, name, [x, y], (g) => [
    x.requiresGrad ? sumTo(div(g, y), x.shape) : null,
    y.requiresGrad ? sumTo(neg(mul(g, div(out, y))), y.shape) : null,
  ]);
}

/** Zeros shaped like `x` in the dtype of `g` (the gradient of a piecewise-constant op). */
function zerosOf(x: Tensor, g: Tensor): Tensor | null {
  return x.requiresGrad ? empty(x.shape, g.dtype) : null;
}

export function pow(a: TensorLike, b: TensorLike): Tensor {
  if (a instanceof Tensor && typeof b === "number") return powScalar(a, b);
  const [x, y, dt, oa] = promote(a, b);
  if (!isFloating(dt)) checkIntPow(y);
  const out = binaryRaw("pow", x, y, dt, dt);
  // x ** y is PowBackward1; a JS number raised to a tensor (2 ** x) is PowBackward2.
  return record(out, oa.kind === "wrapped" ? "PowBackward2" : "PowBackward1", [x, y], (g) => [
    // d/dx x^y = y x^(y-1), taken as 0 where y = 0 (so 0^-1 gives no nan).
    x.requiresGrad ? sumTo(where(eq(y, 0), 0, mul(g, mul(y, pow(x, sub(y, 1))))), x.shape) : null,
    // d/dy x^y = x^y ln x, taken as 0 where x = 0 and y >= 0 (as PyTorch does).
    y.requiresGrad ? sumTo(mul(g, where(logicalAnd(eq(x, 0), ge(y, 0)), 0, mul(out, log(x)))), y.shape) : null,
  ]);
}

function checkIntPow(exponent: Tensor): void {
  for (let i = 0; i < exponent.data.length; i++) {
    if (exponent.data[i] < 0) throw new ValueError("Integers to negative integer powers are not allowed.");
  }
}

/** x ** p for a JS number p (PowBackward0): the fast kernel, p = 2 as a square. */
function powScalar(a: Tensor, p: number): Tensor {
  const dt = resultTypeOf([{ dtype: a.dtype, kind: a.ndim === 0 ? "zerodim" : "dim" }, { dtype: inferDType(p), kind: "wrapped" }]);
  if (!isFloating(dt) && p < 0) throw new ValueError("Integers to negative integer powers are not allowed.");
  const x = a.dtype === dt ? a : cast(a, dt).detach();
  const out = paramRaw("powScalar", x, p);
  return record(out, "PowBackward0", [a], (g) => [p === 0 ? mul(g, 0) : mul(g, mul(pow(a, p - 1), p))]);
}

export function remainder(a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt, , ob] = promote(a, b);
  const out = binaryRaw("remainder", x, y, dt, dt);
  // x % 2 is RemainderBackward0 (Scalar overload); x % y is RemainderBackward1.
  return record(out, ob.kind === "wrapped" ? "RemainderBackward0" : "RemainderBackward1", [x, y], (g) => [
    sumTo(g, x.shape),
    sumTo(mul(neg(g), div(x, y, { roundingMode: "floor" })), y.shape),
  ]);
}

export function atan2(a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt0] = promote(a, b);
  const dt = isFloating(dt0) ? dt0 : defaultFloat();
  const out = binaryRaw("atan2", x, y, dt, dt);
  return record(out, "Atan2Backward0", [x, y], (g) => {
    const denom = add(mul(x, x), mul(y, y));
    return [sumTo(mul(g, div(y, denom)), x.shape), sumTo(mul(g, div(neg(x), denom)), y.shape)];
  });
}

/**
 * Gradient of maximum/minimum, as PyTorch's derivatives.yaml: ties split evenly,
 * the losing side gets 0, and both sides get the gradient where a NaN is compared.
 */
function extremum(op: "maximum" | "minimum", a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt] = promote(a, b);
  const out = binaryRaw(op, x, y, dt, dt);
  return record(out, op === "maximum" ? "MaximumBackward0" : "MinimumBackward0", [x, y], (g) => {
    const half = where(eq(x, y), mul(g, 0.5), g);
    const xLoses = op === "maximum" ? lt(x, y) : gt(x, y);
    const yLoses = op === "maximum" ? gt(x, y) : lt(x, y);
    return [
      x.requiresGrad ? sumTo(where(xLoses, 0, half), x.shape) : null,
      y.requiresGrad ? sumTo(where(yLoses, 0, half), y.shape) : null,
    ];
  });
}
export const maximum = (a: TensorLike, b: TensorLike): Tensor => extremum("maximum", a, b);
export const minimum = (a: TensorLike, b: TensorLike): Tensor => extremum("minimum", a, b);

// ---- comparisons and logic (no gradient) -----------------------------------

function compare(op: BinaryOp, a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt] = promote(a, b);
  return binaryRaw(op, x, y, dt, "bool");
}
export const eq = (a: TensorLike, b: TensorLike): Tensor => compare("eq", a, b);
export const ne = (a: TensorLike, b: TensorLike): Tensor => compare("ne", a, b);
export const lt = (a: TensorLike, b: TensorLike): Tensor => compare("lt", a, b);
export const le = (a: TensorLike, b: TensorLike): Tensor => compare("le", a, b);
export const gt = (a: TensorLike, b: TensorLike): Tensor => compare("gt", a, b);
export const ge = (a: TensorLike, b: TensorLike): Tensor => compare("ge", a, b);
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor => compare("logicalAnd", a, b);
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor => compare("logicalOr", a, b);
export const logicalXor = (a: TensorLike, b: TensorLike): Tensor => compare("logicalXor", a, b);
export const logicalNot = (x: Tensor): Tensor => unaryRaw("logicalNot", x, "bool");
export const isnan = (x: Tensor): Tensor => unaryRaw("isnan", x, "bool");
export const isfinite = (x: Tensor): Tensor => unaryRaw("isfinite", x, "bool");
export const isinf = (x: Tensor): Tensor => unaryRaw("isinf", x, "bool");

/** torch.equal: same shape and the same values. */
export function equal(a: Tensor, b: Tensor): boolean {
  if (!shapeEq(a.shape, b.shape)) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

/** torch.allclose: |a - b| <= atol + rtol * |b| everywhere (broadcasting). */
export function allclose(a: Tensor, b: Tensor, opts: { rtol?: number; atol?: number; equalNan?: boolean } = {}): boolean {
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = opts;
  const shape = broadcastShapes(a.shape, b.shape);
  const x = a.expand(shape).data, y = b.expand(shape).data;
  for (let i = 0; i < x.length; i++) {
    const u = x[i], v = y[i];
    if (u !== u || v !== v) {
      if (!(equalNan && u !== u && v !== v)) return false;
    } else if (u !== v && !(Math.abs(u - v) <= atol + rtol * Math.abs(v))) return false;
  }
  return true;
}

/** torch.where(condition, input, other): picks from input where condition holds. */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt] = promote(a, b);
  if (condition.dtype !== "bool") {
    throw new DTypeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${scalarTypeName(condition.dtype)}`);
  }
  const c = condition;
  const shape = broadcastShapes(broadcastShapes(c.shape, x.shape), y.shape);
  const xs = cast(x, dt).detach().expand(shape);
  const ys = cast(y, dt).detach().expand(shape);
  const cs = c.expand(shape);
  const out = empty(shape, dt);
  const o = out.data, cd = cs.data, xd = xs.data, yd = ys.data;
  for (let i = 0; i < o.length; i++) o[i] = cd[i] ? xd[i] : yd[i];
  return record(out, "WhereBackward0", [x, y], (g) => [
    x.requiresGrad ? sumTo(where(cs, g, 0), x.shape) : null,
    y.requiresGrad ? sumTo(where(cs, 0, g), y.shape) : null,
  ]);
}

// ---- one operand ----------------------------------------------------------

export function clone(x: Tensor): Tensor {
  const out = unaryRaw("copy", x, x.dtype);
  return record(out, "CloneBackward0", [x], (g) => [g], false);
}

export function neg(x: Tensor): Tensor {
  if (x.dtype === "bool") {
    throw new DTypeError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
  }
  const out = unaryRaw("neg", x, x.dtype);
  return record(out, "NegBackward0", [x], (g) => [neg(g)], false);
}

export function abs(x: Tensor): Tensor {
  const out = unaryRaw("abs", x, x.dtype);
  return record(out, "AbsBackward0", [x], (g) => [mul(g, sign(x))]);
}

/** A float-valued op: integer inputs are computed in the default float dtype. */
function floatUnary(op: UnaryOp, name: string, grad: (g: Tensor, x: Tensor, out: Tensor) => Tensor): (x: Tensor) => Tensor {
  // What the gradient reads is what the node saves (version counters): a gradient written
  // (g, x) reads the input, (g, _x, out) the output — as PyTorch's node saves self or result.
  const readsOutput = grad.length >= 3;
  return (input: Tensor) => {
    const x = asFloat(input);
    const out = unaryRaw(op, x, floatOut(x));
    const res = record(out, name, [x], (g) => [grad(g, x, out)]);
    res.gradFn?.saveForBackward(readsOutput ? res : x);
    return res;
  };
}

export const exp = floatUnary("exp", "ExpBackward0", (g, _x, out) => mul(g, out));
export const expm1 = floatUnary("expm1", "Expm1Backward0", (g, _x, out) => mul(g, add(out, 1)));
export const log = floatUnary("log", "LogBackward0", (g, x) => div(g, x));
export const log1p = floatUnary("log1p", "Log1PBackward0", (g, x) => div(g, add(x, 1)));
export const log2 = floatUnary("log2", "Log2Backward0", (g, x) => div(g, mul(x, Math.LN2)));
export const sqrt = floatUnary("sqrt", "SqrtBackward0", (g, _x, out) => div(g, mul(out, 2)));
export const rsqrt = floatUnary("rsqrt", "RsqrtBackward0", (g, _x, out) => mul(g, mul(pow(out, 3), -0.5)));
export const square = floatUnary("square", "PowBackward0", (g, x) => mul(g, mul(x, 2)));
export const reciprocal = floatUnary("reciprocal", "ReciprocalBackward0", (g, _x, out) => mul(neg(g), mul(out, out)));
export const sin = floatUnary("sin", "SinBackward0", (g, x) => mul(g, cos(x)));
export const cos = floatUnary("cos", "CosBackward0", (g, x) => mul(g, neg(sin(x))));
export const sigmoid = floatUnary("sigmoid", "SigmoidBackward0", (g, _x, out) => mul(g, mul(out, sub(1, out))));
export const tanh = floatUnary("tanh", "TanhBackward0", (g, _x, out) => mul(g, sub(1, mul(out, out))));
export const erf = floatUnary("erf", "ErfBackward0", (g, x) => mul(g, mul(exp(neg(mul(x, x))), 2 / Math.sqrt(Math.PI))));

export function relu(x: Tensor): Tensor {
  let out: Tensor;
  if (x.dtype === "float32" || x.dtype === "float64") {
    // The backend's ReLU kernel: one monomorphic loop per float storage type.
    out = unfilled(x.shape, x.dtype);
    backend().relu(x.data, out.data);
  } else out = unaryRaw("relu", x, x.dtype);
  const res = record(out, "ReluBackward0", [x], (g) => {
    // createGraph: differentiable ops.
    if (isGradEnabled()) return [mul(g, gt(out, 0))];
    // PyTorch's threshold_backward in one pass: g where the output is positive, else 0.
    const gx = unfilled(out.shape, g.dtype);
    backend().reluBackward(g.data, out.data, gx.data);
    return [markFresh(gx)];
  });
  // ReLU's node reads its output (PyTorch's `result`): changing it in place is an error.
  res.gradFn?.saveForBackward(res);
  return res;
}

/** Rounding ops have zero gradient almost everywhere, as in PyTorch. */
function stepUnary(op: UnaryOp, name: string): (x: Tensor) => Tensor {
  return (x: Tensor) => {
    const out = unaryRaw(op, x, x.dtype);
    return record(out, name, [x], (g) => [mul(g, 0)], false);
  };
}
export const floor = stepUnary("floor", "FloorBackward0");
export const ceil = stepUnary("ceil", "CeilBackward0");
export const trunc = stepUnary("trunc", "TruncBackward0");
export const sign = stepUnary("sign", "SignBackward0");
const roundHalfEven = stepUnary("round", "RoundBackward0");

/**
 * Rounds half to even (torch.round); with `decimals`, as PyTorch computes it:
 * round(x · 10^d) / 10^d, each step in the tensor's dtype.
 */
export function round(x: Tensor, opts?: { decimals?: number }): Tensor {
  const d = opts?.decimals ?? 0;
  if (d === 0) return roundHalfEven(x);
  const out = noGrad(() => {
    const f = 10 ** Math.abs(d);
    const scaled = d > 0 ? mul(x, f) : div(x, f);
    backend().unary("round", scaled.data, scaled.data);
    return d > 0 ? div(scaled, f) : mul(scaled, f);
  });
  return record(out, "RoundBackward1", [x], (g) => [mul(g, 0)], false);
}

/** Clamps into [min, max]; the gradient flows where the input was inside the range. */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new ValueError("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  const lo = min ?? -Infinity, hi = max ?? Infinity;
  // An integer tensor clamped to fractional bounds gives floats, as PyTorch's type promotion does.
  const whole = (v: number): boolean => Number.isInteger(v) || !Number.isFinite(v);
  const input = isFloating(x.dtype) || (whole(lo) && whole(hi)) ? x : asFloat(x);
  const out = paramRaw("clamp", input, lo, hi);
  return record(out, "ClampBackward1", [x], (g) => [mul(g, logicalAnd(ge(x, lo), le(x, hi)))]);
}

// ---- activations with parameters ----------------------------------------------

export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  const out = paramRaw("leakyRelu", x, negativeSlope);
  return record(out, "LeakyReluBackward0", [x], (g) => [mul(g, where(gt(x, 0), 1, negativeSlope))]);
}

export function elu(x: Tensor, alpha = 1): Tensor {
  const out = paramRaw("elu", x, alpha);
  return record(out, "EluBackward0", [x], (g) => [mul(g, where(gt(x, 0), 1, add(out, alpha)))]);
}

export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  const out = paramRaw("softplus", x, beta, threshold);
  return record(out, "SoftplusBackward0", [x], (g) => [mul(g, where(gt(mul(x, beta), threshold), 1, sigmoid(mul(x, beta))))]);
}

/** GELU, exact (erf) or with PyTorch's tanh approximation. */
export function gelu(x: Tensor, approximate: "none" | "tanh" = "none"): Tensor {
  const out = paramRaw(approximate === "tanh" ? "geluTanh" : "gelu", x);
  return record(out, "GeluBackward0", [x], (g) => {
    if (approximate === "tanh") {
      const k = Math.sqrt(2 / Math.PI);
      const inner = mul(add(x, mul(pow(x, 3), 0.044715)), k);
      const th = tanh(inner);
      const dInner = mul(add(mul(mul(x, x), 3 * 0.044715), 1), k);
      const d = add(mul(add(th, 1), 0.5), mul(mul(mul(x, 0.5), sub(1, mul(th, th))), dInner));
      return [mul(g, d)];
    }
    const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
    const pdf = mul(exp(mul(mul(x, x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
    return [mul(g, add(cdf, mul(x, pdf)))];
  });
}

export function silu(x: Tensor): Tensor {
  const out = paramRaw("silu", x);
  return record(out, "SiluBackward0", [x], (g) => {
    const s = sigmoid(x);
    return [mul(g, mul(s, add(mul(x, sub(1, s)), 1)))];
  });
}
