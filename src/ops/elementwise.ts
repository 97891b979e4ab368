/**
 * Element-wise ops, each with its gradient beside it. Binary ops broadcast and
 * promote dtypes as PyTorch does; JS numbers are wrapped scalars that never widen
 * a tensor's dtype (float32 * 0.5 stays float32).
 */
import { isGradEnabled, noGrad } from "../autograd/grad-mode.js";
import { fusedBackward, markFresh, record } from "../autograd/node.js";
import { deviceBackend, fused, hostReads, kernelsOn } from "./kernels.js";
import { commonDevice, onDevice } from "./device.js";
import { DTypeError, ValueError } from "../errors.js";
import { type BinaryOp, type ParamUnaryOp, type UnaryOp } from "../backend/backend.js";
import { defaultFloat, inferDType, INT32_MAX, INT32_MIN, isFloating, resultTypeOf, scalarTypeName, type DType } from "../tensor/dtype.js";
import { broadcastShapes, shapeEq } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { cast } from "./cast.js";
import { OPS } from "./table.js";
import { empty, operand, requireHost, unfilled, sumTo, type Operand } from "./util.js";
import { libm } from "../backend/libm.js";

// ---- forward helpers (no graph) -----------------------------------------

/** Broadcast binary kernel; operands are first cast to the computation dtype, as PyTorch does. */
function binaryRaw(op: BinaryOp, a: Tensor, b: Tensor, compute: DType, outDtype: DType): Tensor {
  const device = commonDevice(a, b);
  const x = onDevice(a.dtype === compute ? a : cast(a, compute).detach(), device);
  const y = onDevice(b.dtype === compute ? b : cast(b, opmathScalar(op, b, compute) ? "float32" : compute).detach(), device);
  const shape = shapeEq(x.shape, y.shape) ? x.shape : broadcastShapes(x.shape, y.shape);
  const out = unfilled(shape, outDtype, device);
  // bool + bool is a logical or in PyTorch: keep bool storage 0 or 1.
  const boolAdd = outDtype === "bool" && op === "add";
  kernelsOn(device).binary(boolAdd ? "logicalOr" : op, x.store, x.shape, y.store, y.shape, out.store, shape);
  return out;
}

/**
 * PyTorch's half multiply and divide take a one-element second operand of another dtype at its
 * own value in float32 (its kernels' "opmath" scalar), not rounded to half first:
 * `x / 0.3` divides by float32(0.3), where `x / torch.tensor(0.3).half()` divides by 0.2998.
 */
function opmathScalar(op: BinaryOp, b: Tensor, compute: DType): boolean {
  // (Only mul and div: PyTorch 2.13 rounds add's and sub's scalar to half, checked in the float16 fixture.)
  return compute === "float16" && b.numel() === 1 && b.device === "cpu" && (op === "mul" || op === "div");
}

function promote(a: TensorLike, b: TensorLike): [Tensor, Tensor, DType, Operand, Operand] {
  const oa = operand(a);
  const ob = operand(b);
  return [oa.t, ob.t, resultTypeOf([{ dtype: oa.t.dtype, kind: oa.kind }, { dtype: ob.t.dtype, kind: ob.kind }]), oa, ob];
}

function unaryRaw(op: UnaryOp, x: Tensor, outDtype: DType): Tensor {
  const out = unfilled(x.shape, outDtype, x.device);
  kernelsOn(x.device).unary(op, x.store, out.store);
  return out;
}

function paramRaw(op: ParamUnaryOp, x: Tensor, p0 = 0, p1 = 0): Tensor {
  const out = unfilled(x.shape, x.dtype, x.device);
  kernelsOn(x.device).unaryParam(op, x.store, out.store, p0, p1);
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

/**
 * `b · alpha` for add and sub. As PyTorch, alpha does not take part in the type promotion:
 * b is brought to the result dtype of a and b first (a float64 0-dim tensor plus int64
 * values times 0.5 is float64), and a fractional alpha with integer operands is refused.
 */
function scaledByAlpha(a: TensorLike, b: TensorLike, alpha: number): TensorLike {
  const [, y, dt, , ob] = promote(a, b);
  if (!isFloating(dt) && !Number.isInteger(alpha)) {
    throw new DTypeError("For integral input tensors, argument alpha must not be a floating point number.");
  }
  // A JS number stays a wrapped number (it never widens the tensor's dtype).
  if (ob.kind === "wrapped" && typeof b === "number") return b * alpha;
  const yc = y.dtype === dt ? y : cast(y, dt);
  // In bool, b · alpha is b and (alpha ≠ 0): a bool add is a logical or.
  return dt === "bool" ? mul(yc, alpha !== 0) : mul(yc, alpha);
}

export function add(a: TensorLike, b: TensorLike, opts?: { alpha?: number }): Tensor {
  if (opts?.alpha !== undefined && opts.alpha !== 1) return add(a, scaledByAlpha(a, b, opts.alpha));
  const [x, y, dt] = promote(a, b);
  const out = binaryRaw("add", x, y, dt, dt);
  return record(out, OPS.add, [x, y], (g) => [sumTo(g, x.shape), sumTo(g, y.shape)]);
}

export function sub(a: TensorLike, b: TensorLike, opts?: { alpha?: number }): Tensor {
  if (opts?.alpha !== undefined && opts.alpha !== 1) return sub(a, scaledByAlpha(a, b, opts.alpha));
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
  return record(out, OPS.sub, [x, y], (g) => [sumTo(g, x.shape), sumTo(neg(g), y.shape)], name);
}

export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt] = promote(a, b);
  const out = binaryRaw("mul", x, y, dt, dt);
  // A JS number stays a wrapped number in the backward too (PyTorch saves the scalar), so
  // it never widens the gradient: a 0-dim float32 gradient times 0.001 stays float32.
  return record(out, OPS.mul, [x, y], (g) => [
    x.requiresGrad ? sumTo(mul(g, typeof b === "number" ? b : y), x.shape) : null,
    y.requiresGrad ? sumTo(mul(g, typeof a === "number" ? a : x), y.shape) : null,
  ]);
}

/** True division (integers give floats), or `roundingMode` "trunc" / "floor" as torch.div. */
export function div(a: TensorLike, b: TensorLike, opts?: { roundingMode?: "trunc" | "floor" }): Tensor {
  const [x, y, dt0] = promote(a, b);
  if (opts?.roundingMode) {
    if (!isFloating(dt0)) checkIntDivisor(y);
    let q = binaryRaw(opts.roundingMode === "floor" ? "floorDivide" : "div", x, y, dt0, dt0);
    if (opts.roundingMode === "trunc") kernelsOn(q.device).unary("trunc", q.store, q.store);
    q = wholeZero(q);
    // Rounded quotients are piecewise constant: zero gradient, as PyTorch's DivBackward1/2.
    return record(q, OPS.divRounded, [x, y], (g) => [zerosOf(x, g), zerosOf(y, g)], "DivBackward2");
  }
  const dt = isFloating(dt0) ? dt0 : defaultFloat();
  // `2.5 / x` in half is PyTorch's x.reciprocal() * 2.5 in its forward too: the reciprocal rounds to half first.
  const out = dt === "float16" && !(a instanceof Tensor) ? binaryRaw("mul", unaryRaw("reciprocal", y, dt), x, dt, dt) : binaryRaw("div", x, y, dt, dt);
  // `2 / x` is computed by PyTorch as x.reciprocal() * 2.
  if (!(a instanceof Tensor)) {
    // `2 / x` is PyTorch's x.reciprocal() * 2: the node keeps its own reciprocal, so a
    // later change to x does not reach the gradient.
    // PyTorch's x.reciprocal() * 2: the node keeps its own reciprocal, recorded (its node
    // reads its result, which no user holds), so a later change to x does not reach the
    // gradient and the gradient of the gradient flows through it.
    const r = y.requiresGrad && isGradEnabled() ? reciprocal(y) : y;
    return record(out, OPS.rdiv, [x, y], (g) => [null, sumTo(neg(mul(mul(g, x), mul(r, r))), y.shape)]);
  }
  return record(out, OPS.div, [x, y], (g) => [
    x.requiresGrad ? sumTo(div(g, y), x.shape) : null,
    // -g x / y², computed as PyTorch does: (x / y) / y.
    y.requiresGrad ? sumTo(neg(mul(g, div(div(x, y), y))), y.shape) : null,
  ]);
}

/**
 * int64 values live in doubles, where a zero quotient or remainder of a negative operand
 * comes out as −0 (JS's −315 % 7), which an integer has not: adding 0 makes it +0 (a later
 * cast to float, and 1 / x, would otherwise see the sign).
 */
function wholeZero(t: Tensor): Tensor {
  return t.dtype === "int64" ? binaryRaw("add", t, operand(0).t, "int64", "int64") : t;
}

/** Zeros shaped like `x` in the dtype of `g` (the gradient of a piecewise-constant op). */
function zerosOf(x: Tensor, g: Tensor): Tensor | null {
  return x.requiresGrad ? empty(x.shape, g.dtype, g.device) : null;
}

export function pow(a: TensorLike, b: TensorLike): Tensor {
  if (a instanceof Tensor && typeof b === "number") return powScalar(a, b);
  const [x, y, dt, oa, ob] = promote(a, b);
  checkFitsInt32(ob, dt); // a JS base wraps, a JS exponent is range-checked (as PyTorch)
  let out = binaryRaw("pow", x, y, dt, dt);
  if (dt === "int64") out = int64NegativePowers(x, y, out);
  // ln of a JS number base in double precision, as PyTorch takes a wrapped scalar's.
  const logBase = (): Tensor | number => (typeof a === "number" ? libm.log(a) : log(x));
  // x ** y is PowBackward1; a JS number raised to a tensor (2 ** x) is PowBackward2.
  return record(out, OPS.pow, [x, y], (g) => [
    // d/dx x^y = y x^(y-1), taken as 0 where y = 0 (so 0^-1 gives no nan).
    x.requiresGrad ? sumTo(where(eq(y, 0), 0, mul(g, mul(y, pow(x, sub(y, 1))))), x.shape) : null,
    // d/dy x^y = x^y ln x, taken as 0 where x = 0 and y >= 0 (as PyTorch does).
    y.requiresGrad ? sumTo(mul(g, where(logicalAnd(eq(x, 0), ge(y, 0)), 0, mul(out, logBase()))), y.shape) : null,
  ], oa.kind === "wrapped" ? "PowBackward2" : "PowBackward1");
}

/** A JS integer taking part in an int32 op where PyTorch converts it with a range check (pow, where). */
function checkFitsInt32(o: Operand, dt: DType): void {
  if (o.kind !== "wrapped") return;
  const v = hostReads().item(o.t.store, 0); // a wrapped JS number: a CPU scalar
  if (o.kind === "wrapped" && dt === "int32" && (v < INT32_MIN || v > INT32_MAX)) {
    throw new DTypeError(`value cannot be converted to type int without overflow: ${v} is outside int32's range [${INT32_MIN}, ${INT32_MAX}]`);
  }
}

/**
 * An integer quotient or remainder by zero has no value: PyTorch raises (floats give inf
 * or nan). On a device the check runs there, and the next read raises the same error.
 */
function checkIntDivisor(divisor: Tensor): void {
  kernelsOn(divisor.device).checkDivisor(divisor.store);
}

/**
 * PyTorch's integer pow for negative tensor exponents, which the float kernel would give as
 * fractions: 1 stays 1, −1 gives ±1 by the exponent's parity, anything else 0 (the int32
 * kernel applies the same rule itself).
 */
function int64NegativePowers(x: Tensor, y: Tensor, out: Tensor): Tensor {
  // On the CPU only when an exponent is negative (a device applies the rule without a read-back).
  if (y.device === "cpu" && !hostReads().item(noGrad(() => lt(y, 0).any()).store, 0)) return out;
  return noGrad(() => where(lt(y, 0), where(eq(x, 1), 1, where(eq(x, -1), sub(1, mul(remainder(y, 2), 2)), 0)), out));
}

/** x ** p for a JS number p (PowBackward0): the fast kernel, p = 2 as a square. */
function powScalar(a: Tensor, p: number): Tensor {
  const dt = resultTypeOf([{ dtype: a.dtype, kind: a.ndim === 0 ? "zerodim" : "dim" }, { dtype: inferDType(p), kind: "wrapped" }]);
  if (!isFloating(dt) && p < 0) throw new ValueError("Integers to negative integer powers are not allowed.");
  checkFitsInt32(operand(p), dt);
  const x = a.dtype === dt ? a : cast(a, dt).detach();
  const out = paramRaw("powScalar", x, p);
  return record(out, OPS.powScalar, [a], (g) => [p === 0 ? mul(g, 0) : mul(g, mul(pow(a, p - 1), p))]);
}

/**
 * The two remainders: torch.remainder (Python's %, the divisor's sign: a − floor(a / b)·b)
 * and torch.fmod (C's fmod, the dividend's sign: a − trunc(a / b)·b). The gradient is g for
 * a and −g times the rounded quotient for b. `x % 2` takes the Scalar overload's node name.
 */
function modulo(kind: "remainder" | "fmod", a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt, , ob] = promote(a, b);
  if (!isFloating(dt)) checkIntDivisor(y);
  const out = wholeZero(binaryRaw(kind, x, y, dt, dt));
  const rounding = kind === "remainder" ? "floor" : "trunc";
  const names = kind === "remainder" ? ["RemainderBackward0", "RemainderBackward1"] : ["FmodBackward0", "FmodBackward1"];
  return record(out, kind === "remainder" ? OPS.remainder : OPS.fmod, [x, y], (g) => [
    sumTo(g, x.shape),
    y.requiresGrad ? sumTo(mul(neg(g), div(x, y, { roundingMode: rounding })), y.shape) : null,
  ], ob.kind === "wrapped" ? names[0] : names[1]);
}

export const remainder = (a: TensorLike, b: TensorLike): Tensor => modulo("remainder", a, b);
/** C's fmod (torch.fmod), exactly; the result takes the dividend's sign. */
export const fmod = (a: TensorLike, b: TensorLike): Tensor => modulo("fmod", a, b);

/** torch.floor_divide: the quotient rounded down (div with roundingMode "floor"). */
export function floorDivide(a: TensorLike, b: TensorLike): Tensor {
  return div(a, b, { roundingMode: "floor" });
}

export function atan2(a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt0] = promote(a, b);
  const dt = isFloating(dt0) ? dt0 : defaultFloat();
  const out = binaryRaw("atan2", x, y, dt, dt);
  return record(out, OPS.atan2, [x, y], (g) => {
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
  return record(out, OPS[op], [x, y], (g) => {
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
  requireHost(a);
  requireHost(b);
  // Exactly equal (NaN equals nothing): allclose with no tolerance.
  return hostReads().allClose(a.store, b.store, 0, 0, false);
}

/** torch.allclose: |a - b| <= atol + rtol * |b| everywhere (broadcasting). */
export function allclose(a: Tensor, b: Tensor, opts: { rtol?: number; atol?: number; equalNan?: boolean } = {}): boolean {
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = opts;
  const shape = broadcastShapes(a.shape, b.shape);
  requireHost(a);
  requireHost(b);
  return hostReads().allClose(a.expand(shape).store, b.expand(shape).store, rtol, atol, equalNan);
}

/** torch.where(condition, input, other): picks from input where condition holds. */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt, oa, ob] = promote(a, b);
  checkFitsInt32(oa, dt);
  checkFitsInt32(ob, dt);
  if (condition.dtype !== "bool") {
    throw new DTypeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${scalarTypeName(condition.dtype)}`);
  }
  const c = condition;
  const shape = broadcastShapes(broadcastShapes(c.shape, x.shape), y.shape);
  // One kernel over the broadcast shapes, on the one device of the operands (a 0-dim CPU
  // operand joins them there).
  const ref = [c, x, y].find((t) => t.device !== "cpu") ?? c;
  for (const t of [c, x, y]) commonDevice(t, ref); // refuses two devices
  const device = ref.device;
  const cs = onDevice(c, device);
  const xs = onDevice(cast(x, dt).detach(), device), ys = onDevice(cast(y, dt).detach(), device);
  const out = unfilled(shape, dt, device);
  kernelsOn(device).where(cs.store, xs.store, ys.store, out.store, cs.shape, xs.shape, ys.shape, shape);
  return record(out, OPS.where, [x, y], (g) => [
    x.requiresGrad ? sumTo(where(cs, g, 0), x.shape) : null,
    y.requiresGrad ? sumTo(where(cs, 0, g), y.shape) : null,
  ]);
}

// ---- one operand ----------------------------------------------------------

export function clone(x: Tensor): Tensor {
  const out = unaryRaw("copy", x, x.dtype);
  return record(out, OPS.clone, [x], (g) => [g]);
}

export function neg(x: Tensor): Tensor {
  if (x.dtype === "bool") {
    throw new DTypeError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
  }
  const out = unaryRaw("neg", x, x.dtype);
  return record(out, OPS.neg, [x], (g) => [neg(g)]);
}

export function abs(x: Tensor): Tensor {
  const out = unaryRaw("abs", x, x.dtype);
  return record(out, OPS.abs, [x], (g) => [mul(g, sign(x))]);
}

type FloatUnaryOp = UnaryOp & { [P in keyof typeof OPS]: (typeof OPS)[P] extends { kernel: true } ? never : P }[keyof typeof OPS];

/** A float-valued op: integer inputs are computed in the default float dtype. */
function floatUnary(op: FloatUnaryOp, grad: (g: Tensor, x: Tensor, out: Tensor) => Tensor): (x: Tensor) => Tensor {
  return (input: Tensor) => {
    const x = asFloat(input);
    // PyTorch's half rsqrt takes the reciprocal of the half square root (checked in the float16 fixture).
    const out = op === "rsqrt" && x.dtype === "float16" ? unaryRaw("reciprocal", unaryRaw("sqrt", x, "float16"), "float16") : unaryRaw(op, x, floatOut(x));
    return record(out, OPS[op], [x], (g) => [grad(g, x, out)]);
  };
}

export const exp = floatUnary("exp", (g, _x, out) => mul(g, out));
export const expm1 = floatUnary("expm1", (g, _x, out) => mul(g, add(out, 1)));
export const log = floatUnary("log", (g, x) => div(g, x));
export const log1p = floatUnary("log1p", (g, x) => div(g, add(x, 1)));
export const log2 = floatUnary("log2", (g, x) => div(g, mul(x, Math.LN2)));
export const sqrt = floatUnary("sqrt", (g, _x, out) => div(g, mul(out, 2)));
export const rsqrt = floatUnary("rsqrt", (g, _x, out) => mul(g, mul(pow(out, 3), -0.5)));
const floatSquare = floatUnary("square", (g, x) => mul(g, mul(x, 2)));
/**
 * x², in x's dtype for integers too (PyTorch's square is pow(x, 2): an int32 square wraps),
 * and int64 for bool (pow's promotion of bool with the integer 2).
 */
export const square = (x: Tensor): Tensor => (isFloating(x.dtype) ? floatSquare(x) : powScalar(x, 2));
export const reciprocal = floatUnary("reciprocal", (g, _x, out) => mul(neg(g), mul(out, out)));
export const sin = floatUnary("sin", (g, x) => mul(g, cos(x)));
export const cos = floatUnary("cos", (g, x) => mul(g, neg(sin(x))));
/**
 * An activation whose gradient is a function of its output: composed of ops, and one
 * backend kernel (wasm SIMD for long float32 arrays) for a plain backward in one dtype.
 */
function activation(act: "relu" | "sigmoid" | "tanh", out: Tensor, x: Tensor, composed: (g: Tensor) => Tensor): Tensor {
  return record(out, OPS[act], [x], fusedBackward(
    (g) => {
      if (g.dtype !== out.dtype || g.device !== out.device) return [composed(g)];
      if (g.device !== "cpu") {
        // Same dtype as the output, a float on a device: float32, which its kernel takes.
        const gd = markFresh(unfilled(out.shape, g.dtype, g.device));
        deviceBackend(g.device).activationBackward(act, g.store, out.store, gd.store);
        return [gd];
      }
      const gx = unfilled(out.shape, g.dtype);
      fused(OPS[act]).activationBackward(act, g.store, out.store, gx.store);
      return [markFresh(gx)];
    },
    (g) => [composed(g)],
  ));
}

export function sigmoid(input: Tensor): Tensor {
  const x = asFloat(input);
  const out = unaryRaw("sigmoid", x, floatOut(x));
  return activation("sigmoid", out, x, (g) => mul(g, mul(out, sub(1, out))));
}

export function tanh(input: Tensor): Tensor {
  const x = asFloat(input);
  const out = unaryRaw("tanh", x, floatOut(x));
  return activation("tanh", out, x, (g) => mul(g, sub(1, mul(out, out))));
}
export const erf = floatUnary("erf", (g, x) => mul(g, mul(exp(neg(mul(x, x))), 2 / Math.sqrt(Math.PI))));

export function relu(x: Tensor): Tensor {
  const out = unfilled(x.shape, x.dtype, x.device);
  if (x.device !== "cpu") {
    if (x.dtype === "bool") kernelsOn(x.device).unary("copy", x.store, out.store);
    else deviceBackend(x.device).relu(x.store, out.store);
  }
  else fused(OPS.relu).relu(x.store, out.store);
  // PyTorch's threshold_backward: 0 where the output is <= 0, else g (a NaN output passes g).
  return activation("relu", out, x, (g) => mul(g, logicalNot(le(out, 0))));
}

/** Rounding ops have zero gradient almost everywhere, as in PyTorch. */
function stepUnary(op: UnaryOp, name: string): (x: Tensor) => Tensor {
  return (x: Tensor) => {
    const out = unaryRaw(op, x, x.dtype);
    return record(out, OPS.step, [x], (g) => [mul(g, 0)], name);
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
    const f = libm.pow(10, Math.abs(d));
    const scaled = d > 0 ? mul(x, f) : div(x, f);
    kernelsOn(scaled.device).unary("round", scaled.store, scaled.store);
    return d > 0 ? div(scaled, f) : mul(scaled, f);
  });
  return record(out, OPS.step, [x], (g) => [mul(g, 0)], "RoundBackward1");
}

/** A bound of clamp: a JS number, a tensor (broadcast with the input), or none. */
export type ClampBound = number | Tensor | null | undefined;

/**
 * Clamps into [min, max] (min(max(x, min), max), as PyTorch: NaN anywhere gives NaN and
 * min > max gives max). The result dtype promotes the input with the bounds; with tensor
 * bounds the three broadcast together.
 */
export function clamp(x: Tensor, min?: ClampBound, max?: ClampBound): Tensor {
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new ValueError("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  if (min instanceof Tensor || max instanceof Tensor) return clampTensor(x, min ?? null, max ?? null);
  return clampScalar(x, min ?? null, max ?? null);
}

/** clamp with JS-number bounds: one parameterised kernel, the gradient where the input was inside. */
function clampScalar(x: Tensor, min: number | null, max: number | null): Tensor {
  const lo = min ?? -Infinity, hi = max ?? Infinity;
  // The bounds are wrapped numbers in the promotion: an integer tensor clamped to fractional
  // bounds gives floats, a bool tensor clamped to integers gives int64.
  const dt = x.dtype === "int32" || x.dtype === "int64" || isFloating(x.dtype) ? wholeOrFloat(x.dtype, lo, hi) : clampDType(x, min, max);
  if (dt === "bool") {
    const kernel = min === null ? "clamp_max_scalar_cpu" : max === null ? "clamp_min_scalar_cpu" : "clamp_scalar_cpu";
    throw new DTypeError(`"${kernel}" not implemented for 'Bool'`);
  }
  const input = x.dtype === dt ? x : cast(x, dt).detach();
  const out = paramRaw("clamp", input, lo, hi);
  return record(out, OPS.clamp, [x], (g) => [mul(g, logicalAnd(ge(x, lo), le(x, hi)))]);
}

/** The usual cases of clampScalar's promotion without building operands: floats stay, integers stay unless a bound is fractional. */
function wholeOrFloat(dt: DType, lo: number, hi: number): DType {
  const whole = (v: number): boolean => Number.isInteger(v) || !Number.isFinite(v);
  return isFloating(dt) || (whole(lo) && whole(hi)) ? dt : defaultFloat();
}

/** PyTorch's result type of clamp's input with its bounds (numbers as wrapped scalars). */
export function clampDType(x: Tensor, min: number | Tensor | null, max: number | Tensor | null): DType {
  const ops = [x, ...[min, max].filter((b) => b !== null)].map((b) => operand(b));
  return resultTypeOf(ops.map((o) => ({ dtype: o.t.dtype, kind: o.kind })));
}

/**
 * clamp with a tensor bound (PyTorch's ClampBackward0): the gradient goes to x where
 * min <= x <= max, to min where x < min < max, and to max where x > max or min > max
 * (the output is max there); at a tie of x with a bound, x gets it. NaNs give nothing.
 */
function clampTensor(x: Tensor, min: number | Tensor | null, max: number | Tensor | null): Tensor {
  const dt = clampDType(x, min, max);
  if (dt === "bool" && min !== null && max !== null) throw new DTypeError(`"clamp_cpu" not implemented for 'Bool'`);
  const lo = min === null ? null : operand(min).t, hi = max === null ? null : operand(max).t;
  // maximum then minimum: both propagate NaN, and min > max gives max, as PyTorch's clamp.
  let out = x;
  if (lo !== null) out = binaryRaw("maximum", out, lo, dt, dt);
  if (hi !== null) out = binaryRaw("minimum", out, hi, dt, dt);
  // The node's inputs are (self, min, max); an absent bound is a number that needs no gradient.
  const loIn = lo ?? operand(-Infinity).t, hiIn = hi ?? operand(Infinity).t;
  return record(out, OPS.clampTensor, [x, loIn, hiIn], (g) => {
    const inside = lo === null ? le(x, hiIn) : hi === null ? ge(x, loIn) : logicalAnd(ge(x, loIn), le(x, hiIn));
    const loWins = hi === null ? lt(x, loIn) : logicalAnd(lt(x, loIn), lt(loIn, hiIn));
    const hiWins = lo === null ? gt(x, hiIn) : logicalOr(gt(x, hiIn), gt(loIn, hiIn));
    return [
      x.requiresGrad ? sumTo(where(inside, g, 0), x.shape) : null,
      loIn.requiresGrad ? sumTo(where(loWins, g, 0), loIn.shape) : null,
      hiIn.requiresGrad ? sumTo(where(hiWins, g, 0), hiIn.shape) : null,
    ];
  });
}

// ---- activations with parameters ----------------------------------------------

export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  const out = paramRaw("leakyRelu", x, negativeSlope);
  // where(x > 0, g, g · slope): the slope multiplies in g's dtype (a where of two JS
  // numbers would be float32, rounding a float64 gradient).
  return record(out, OPS.leakyRelu, [x], (g) => [where(gt(x, 0), g, mul(g, negativeSlope))]);
}

export function elu(x: Tensor, alpha = 1): Tensor {
  return eluScaled(x, alpha, 1, paramRaw("elu", x, alpha));
}

/**
 * ELU with an output scale (SELU is ELU with scale and alpha fixed): PyTorch's node for
 * both is EluBackward0 and reads the input, so the output may change in place.
 */
function eluScaled(x: Tensor, alpha: number, scale: number, out: Tensor): Tensor {
  // The negative branch where x <= 0, the scale elsewhere (a NaN input passes g · scale, as PyTorch's).
  return record(out, OPS.elu, [x], (g) => [mul(g, where(le(x, 0), mul(exp(x), alpha * scale), scale))]);
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** SELU: scale · ELU(x, alpha) with the self-normalising constants (Klambauer et al.). */
export function selu(x: Tensor): Tensor {
  const out = noGrad(() => where(gt(x, 0), mul(x, SELU_SCALE), mul(expm1(x), SELU_ALPHA * SELU_SCALE)));
  return eluScaled(x, SELU_ALPHA, SELU_SCALE, out);
}

/** Hardtanh: x clamped into [minVal, maxVal]; the gradient flows strictly inside. */
export function hardtanh(x: Tensor, minVal = -1, maxVal = 1): Tensor {
  if (maxVal < minVal) throw new ValueError("hardtanh: min_val cannot be greater than max_val");
  if (x.dtype === "bool") throw new DTypeError("Bool inputs not supported for hardtanh");
  // Unlike clamp, hardtanh keeps the input's dtype: an integer tensor takes the bounds as its
  // dtype holds them (truncated, as PyTorch converts them), never a fraction in int storage.
  // (+ 0 turns trunc(−0.5), which is −0, into the 0 an integer holds.)
  const whole = (v: number): number => (isFloating(x.dtype) ? v : Math.trunc(v) + 0);
  const out = paramRaw("clamp", x, whole(minVal), whole(maxVal));
  // Zero at and beyond the bounds, g elsewhere (a NaN input passes g, as PyTorch's).
  return record(out, OPS.hardtanh, [x], (g) => [mul(g, logicalNot(logicalOr(le(x, minVal), ge(x, maxVal))))]);
}

/**
 * log σ(x), computed stably as min(x, 0) − log1p(exp(−|x|)) (never log(1 + exp(x)),
 * which overflows for large |x|). The gradient is σ(−x).
 */
export function logSigmoid(input: Tensor): Tensor {
  const x = asFloat(input);
  const out = noGrad(() => sub(minimum(x, zerosLike(x)), log1p(exp(neg(abs(x))))));
  return record(out, OPS.logSigmoid, [x], (g) => [mul(g, sigmoid(neg(x)))]);
}

/** Mish: x · tanh(softplus(x)) (Misra, 2019). */
export function mish(input: Tensor): Tensor {
  const x = asFloat(input);
  const out = noGrad(() => mul(x, tanh(softplus(x))));
  return record(out, OPS.mish, [x], (g) => {
    const t = tanh(softplus(x));
    return [mul(g, add(t, mul(mul(x, sigmoid(x)), sub(1, mul(t, t)))))];
  });
}

/** Softsign: x / (1 + |x|), composed of ops as PyTorch composes it (its node is DivBackward0). */
export function softsign(x: Tensor): Tensor {
  return div(x, add(abs(x), 1));
}

function zerosLike(x: Tensor): Tensor {
  return empty(x.shape, x.dtype, x.device);
}

export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  const out = paramRaw("softplus", x, beta, threshold);
  return record(out, OPS.softplus, [x], (g) => [mul(g, where(gt(mul(x, beta), threshold), 1, sigmoid(mul(x, beta))))]);
}

/** GELU, exact (erf) or with PyTorch's tanh approximation. */
export function gelu(x: Tensor, approximate: "none" | "tanh" = "none"): Tensor {
  const out = paramRaw(approximate === "tanh" ? "geluTanh" : "gelu", x);
  return record(out, OPS.gelu, [x], (g) => {
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
  return record(out, OPS.silu, [x], (g) => {
    const s = sigmoid(x);
    return [mul(g, mul(s, add(mul(x, sub(1, s)), 1)))];
  });
}
