/**
 * In-place updates. Outside a graph (optimizers, initialisers, running statistics) they
 * write straight into the storage. On a tensor that is part of a recorded graph (or with
 * an operand that needs a gradient), they are recorded as PyTorch records them: the
 * tensor's history is rebased onto the in-place op's node, so `h = x.mul(2); h.mul_(3)`
 * gives x the gradient 6, never the stale 2. A leaf that requires grad is refused while
 * grad mode is on, as PyTorch does.
 */
import { isGradEnabled } from "../autograd/grad-mode.js";
import { record } from "../autograd/node.js";
import { kernelsOn } from "./kernels.js";
import { commonDevice, onDevice } from "./device.js";
import { DeviceError, DTypeError, ShapeError } from "../errors.js";
import { cppTypeName, isFloating, resultTypeOf, scalarTypeName, type DType } from "../tensor/dtype.js";
import { broadcastShapes, fmtShape, shapeEq } from "../tensor/shape.js";
import { bumpHistory, Tensor, type TensorLike } from "../tensor/tensor.js";
import { cast } from "./cast.js";
import * as ew from "./elementwise.js";
import { OPS } from "./table.js";
import { operand, sumTo, unfilled } from "./util.js";

/**
 * Whether an in-place change of `x` (with `other`) must be recorded: grad mode is on and
 * `x` or the operand is part of a graph.
 */
function recorded(x: Tensor, other?: TensorLike): boolean {
  return isGradEnabled() && (x.requiresGrad || (other instanceof Tensor && other.requiresGrad));
}

/**
 * Records an in-place op on a graph tensor: `compute` gets a snapshot of x's values that
 * carries x's history (PyTorch saves a copy of the original self for the same reason),
 * returns the out-of-place result, whose values and node x then takes over.
 */
function rebase<T extends Tensor>(x: T, compute: (old: Tensor) => Tensor): T {
  const old = copyOf(x);
  old.gradFn = x.gradFn;
  old.requiresGrad = x.requiresGrad;
  const r = compute(old);
  // The version is counted after `compute` has recorded its node: when the operand is x
  // itself (`h.mul_(h)`), the node saved x at the version before this change, so backward
  // raises PyTorch's "modified by an inplace operation" instead of reading x's new values.
  x.checkInplace();
  if (!shapeEq(r.shape, x.shape)) {
    throw new ShapeError(`output with shape ${fmtShape(x.shape)} doesn't match the broadcast shape ${fmtShape(r.shape)}`);
  }
  checkCast(r.dtype, x.dtype);
  const v = r.dtype === x.dtype ? r : cast(r.detach(), x.dtype);
  kernelsOn(x.device).copyRange(v.store, 0, x.store, 0, x.numel());
  x.gradFn = r.gradFn;
  x.requiresGrad = r.requiresGrad;
  const base = x._view?.base ?? null;
  if (base !== null) {
    // Changed through a view: the base's values are the view's new ones, so its history
    // goes through them (PyTorch's CopySlices), and every view of it, this one included,
    // regenerates its node from the base when next read.
    if (x.requiresGrad) record(base, OPS.copySlices, [x], (g) => [g.reshape([...x.shape])]);
    bumpHistory(base);
  } else {
    // The views of x read its new values: they regenerate their nodes from x.
    bumpHistory(x);
  }
  return x;
}

/** A copy of t's values (no history), on t's device. */
function copyOf(t: Tensor): Tensor {
  const out = unfilled(t.shape, t.dtype, t.device);
  kernelsOn(t.device).copyRange(t.store, 0, out.store, 0, t.numel());
  return out;
}

/**
 * PyTorch's canCast: no floats into integers, nothing but bool into bool. (PyTorch names the
 * target by its C++ type for some ops, clamp_ with numbers: `toName` picks the naming.)
 */
function checkCast(from: DType, to: DType, toName: (d: DType) => string = scalarTypeName): void {
  if ((isFloating(from) && !isFloating(to)) || (from !== "bool" && to === "bool")) {
    throw new DTypeError(`result type ${scalarTypeName(from)} can't be cast to the desired output type ${toName(to)}`);
  }
}

function binaryInto(op: "add" | "sub" | "mul" | "div", x: Tensor, other: TensorLike, alpha = 1): Tensor {
  x.checkInplace();
  const { t: o0, kind } = operand(other);
  const o = alpha === 1 ? o0 : o0.detach().mul(alpha);
  let dt = resultTypeOf([{ dtype: x.dtype, kind: x.ndim === 0 ? "zerodim" : "dim" }, { dtype: o.dtype, kind }]);
  if (op === "div" && !isFloating(dt)) dt = "float32";
  checkCast(dt, x.dtype);
  const shape = shapeEq(x.shape, o.shape) ? x.shape : broadcastShapes(x.shape, o.shape);
  if (!shapeEq(shape, x.shape)) {
    throw new ShapeError(`output with shape ${fmtShape(x.shape)} doesn't match the broadcast shape ${fmtShape(shape)}`);
  }
  // The other operand in the computation dtype first (float32(0.9) for a float32 tensor, as PyTorch).
  const oc = onDevice(o.dtype === dt ? o : cast(o.detach(), dt), commonDevice(x, o));
  kernelsOn(x.device).binary(op, x.store, x.shape, oc.store, oc.shape, x.store, x.shape);
  return x;
}

export function add_<T extends Tensor>(x: T, other: TensorLike, opts?: { alpha?: number }): T {
  if (recorded(x, other)) return rebase(x, (old) => ew.add(old, other, opts));
  binaryInto("add", x, other, opts?.alpha);
  return x;
}
export function sub_<T extends Tensor>(x: T, other: TensorLike, opts?: { alpha?: number }): T {
  if (recorded(x, other)) return rebase(x, (old) => ew.sub(old, other, opts));
  binaryInto("sub", x, other, opts?.alpha);
  return x;
}
export function mul_<T extends Tensor>(x: T, other: TensorLike): T {
  if (recorded(x, other)) return rebase(x, (old) => ew.mul(old, other));
  binaryInto("mul", x, other);
  return x;
}
export function div_<T extends Tensor>(x: T, other: TensorLike): T {
  if (recorded(x, other)) return rebase(x, (old) => ew.div(old, other));
  binaryInto("div", x, other);
  return x;
}
export function clamp_<T extends Tensor>(x: T, min?: ew.ClampBound, max?: ew.ClampBound): T {
  if (recorded(x, min ?? undefined) || recorded(x, max ?? undefined)) return rebase(x, (old) => ew.clamp(old, min, max));
  x.checkInplace();
  if (min instanceof Tensor || max instanceof Tensor) {
    // Tensor bounds: the out-of-place clamp, which must keep x's shape and cast into its dtype.
    const r = ew.clamp(x, min, max);
    if (!shapeEq(r.shape, x.shape)) {
      throw new ShapeError(`output with shape ${fmtShape(x.shape)} doesn't match the broadcast shape ${fmtShape(r.shape)}`);
    }
    checkCast(r.dtype, x.dtype);
    const v = r.dtype === x.dtype ? r : cast(r, x.dtype);
    kernelsOn(x.device).copyRange(v.store, 0, x.store, 0, x.numel());
    return x;
  }
  // Number bounds promote as in clamp: a fraction cannot go into an integer tensor (nor an
  // integer into a bool one), where the kernel would store it as it is.
  if (!(x.dtype === "float32" || x.dtype === "float64")) checkCast(ew.clampDType(x, min ?? null, max ?? null), x.dtype, cppTypeName);
  kernelsOn(x.device).unaryParam("clamp", x.store, x.store, min ?? -Infinity, max ?? Infinity);
  return x;
}
export function fill_<T extends Tensor>(x: T, value: number): T {
  if (recorded(x)) {
    // The old values no longer matter: their gradient is zero (PyTorch's FillBackward).
    return rebase(x, (old) => record(ew.add(ew.mul(old.detach(), 0), value), OPS.fill, [old], (g) => [ew.mul(g, 0)]));
  }
  x.checkInplace();
  kernelsOn(x.device).fill(x.store, value);
  return x;
}
export function copy_<T extends Tensor>(x: T, src: Tensor): T {
  if (recorded(x, src)) {
    // x's old values get no gradient; src gets the gradient of where it was copied to.
    return rebase(x, (old) => {
      const s = shapeEq(src.shape, x.shape) ? src.detach() : src.detach().expand(x.shape);
      const values = copyOf(s.dtype === x.dtype ? s : cast(s, x.dtype));
      return record(values, OPS.copy, [old, src], (g) => [
        old.requiresGrad ? ew.mul(g, 0) : null,
        src.requiresGrad ? sumTo(cast(g, src.dtype), src.shape) : null,
      ]);
    });
  }
  x.checkInplace();
  const s = shapeEq(src.shape, x.shape) ? src.detach() : src.detach().expand(x.shape);
  // Values convert as a cast would (int64 truncates, bool tests for non-zero).
  const v = s.dtype === x.dtype ? s : cast(s, x.dtype);
  if (x.device !== v.device) throw new DeviceError(`copy_ between devices (${v.device} into ${x.device}): move the source with .to("${x.device}") first (a GPU's values come back with await t.cpuAsync())`);
  kernelsOn(x.device).copyRange(v.store, 0, x.store, 0, x.numel());
  return x;
}
