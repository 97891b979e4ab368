/**
 * Binary cross-entropy on probabilities and on logits, each a single op computed on
 * the typed arrays with its gradient beside it (one pass forward, one pass backward).
 * On a device the same node is composed of ops (forward and gradient), nothing read back;
 * there the probabilities' range is not checked (it needs a read-back; an input outside
 * [0, 1] gives NaN from its logarithms).
 *
 * On logits the loss is written with log σ(x) = min(x, 0) - log1p(exp(-|x|)), which
 * never overflows, so large logits give exact losses and gradients σ(x) - t.
 */
import { refuseHalf } from "../../ops/util.js";
import { deviceBceWithLogits } from "./device-loss.js";
import { mixedDevices } from "../../tensor/device.js";
import { record } from "../../autograd/node.js";
import { OPS } from "../../ops/table.js";
import { DTypeError, ShapeError, ValueError } from "../../errors.js";
import { noGrad } from "../../autograd/grad-mode.js";
import { empty } from "../../ops/util.js";
import { isFloating, promoteTypes } from "../../tensor/dtype.js";
import { broadcastShapes, shapeEq } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { scalarTypeName, torchSize } from "../format.js";
import { fusedBceWithLogits } from "./fused-loss.js";
import { add, clamp, div, log, log1p, logSigmoid as logSigmoidOp, mul, neg, sigmoid, sub } from "../../ops/elementwise.js";
import { checkReduction, reduceLoss, reduceLossOps, upstreamScale, upstreamTensor, type Reduction } from "./reduction.js";
import { libm } from "../../backend/libm.js";

export interface BinaryCrossEntropyOptions {
  /** Per-element rescaling, broadcast to the input's shape. */
  weight?: Tensor | null;
  reduction?: Reduction;
}

export interface BinaryCrossEntropyWithLogitsOptions extends BinaryCrossEntropyOptions {
  /** Weight of the positive examples, broadcast along the last dim (one per class). */
  posWeight?: Tensor | null;
}

/** Refuses a weight that does not broadcast to `shape` without growing it. */
function checkSpread(t: Tensor | null | undefined, shape: readonly number[]): void {
  if (!t) return;
  const full = broadcastShapes(shape, t.shape);
  if (!shapeEq(full, shape)) {
    throw new ShapeError(`output with shape ${torchSize(shape)} doesn't match the broadcast shape ${torchSize(full)}`);
  }
}

/** The values of `t` laid out over `shape` (broadcast), or null when there is no `t`. */
function spread(t: Tensor | null | undefined, shape: readonly number[]): ArrayLike<number> | null {
  if (!t) return null;
  checkSpread(t, shape);
  return shapeEq(t.shape, shape) ? t.data : t.detach().expand(shape).data;
}

function onDevice(...ts: (Tensor | null | undefined)[]): boolean {
  return ts.some((t) => t && t.device !== "cpu");
}

/** log σ(x) = min(x, 0) - log1p(exp(-|x|)): never overflows. */
function logSigmoid(x: number): number {
  return Math.min(x, 0) - libm.log1p(libm.exp(-Math.abs(x)));
}

/** log(v) clamped at -100, as binary_cross_entropy clamps it. */
function clampedLog(v: number): number {
  return Math.max(libm.log(v), -100);
}

/** log(1 - v) clamped at -100. */
function clampedLog1m(v: number): number {
  return Math.max(libm.log1p(-v), -100);
}

/** F.binary_cross_entropy: inputs are probabilities in [0, 1]; each log is clamped at -100. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: BinaryCrossEntropyOptions = {}): Tensor {
  refuseHalf(input.dtype, "binary_cross_entropy");
  const reduction = checkReduction(opts.reduction ?? "mean");
  if (!shapeEq(input.shape, target.shape)) {
    throw new ValueError(
      `Using a target size (${torchSize(target.shape)}) that is different to the input size (${torchSize(input.shape)}) is deprecated. ` +
        "Please ensure they have the same size.",
    );
  }
  if (target.dtype !== input.dtype) {
    throw new DTypeError(`Found dtype ${scalarTypeName(target.dtype)} but expected ${scalarTypeName(input.dtype)}`);
  }
  if (!isFloating(input.dtype)) {
    throw new DTypeError(`"binary_cross_entropy" not implemented for '${scalarTypeName(input.dtype)}'`);
  }
  const n = input.numel();
  const weight = opts.weight ?? null;
  const composed = (g: Tensor): (Tensor | null)[] => {
    const s = weight ? mul(upstreamTensor(g, reduction, n), weight) : upstreamTensor(g, reduction, n);
    return [
      input.requiresGrad ? div(mul(s, sub(input, target)), clamp(mul(sub(1, input), input), 1e-12, null)) : null,
      target.requiresGrad ? mul(s, sub(clamp(log1p(neg(input)), -100, null), clamp(log(input), -100, null))) : null,
    ];
  };
  if (onDevice(input, target, weight)) {
    checkSpread(weight, input.shape);
    const out = noGrad(() => {
      const each = sub(mul(sub(target, 1), clamp(log1p(neg(input)), -100, null)), mul(target, clamp(log(input), -100, null)));
      return reduceLossOps(weight ? mul(each, weight) : each, reduction);
    });
    return record(out, OPS.binaryCrossEntropy, [input, target], { composed, kernel: composed });
  }
  const x = input.data, t = target.data;
  const w = spread(opts.weight, input.shape);
  const losses = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x[i], ti = t[i];
    if (!(xi >= 0 && xi <= 1)) throw new ValueError("all elements of input should be between 0 and 1");
    if (!(ti >= 0 && ti <= 1)) throw new ValueError("all elements of target should be between 0 and 1");
    losses[i] = ((ti - 1) * clampedLog1m(xi) - ti * clampedLog(xi)) * (w ? w[i] : 1);
  }
  const out = reduceLoss(losses, input.shape, input.dtype, reduction);
  return record(out, OPS.binaryCrossEntropy, [input, target], { composed, kernel: (g) => bceGrads(g) });

  function bceGrads(g: Tensor): (Tensor | null)[] {
    const scale = upstreamScale(g, reduction, n);
    const gx = input.requiresGrad ? empty(input.shape, input.dtype) : null;
    const gt = target.requiresGrad ? empty(target.shape, target.dtype) : null;
    for (let i = 0; i < n; i++) {
      const s = scale(i) * (w ? w[i] : 1);
      const xi = x[i];
      // PyTorch's gradient: (x - t) / max(x(1 - x), 1e-12).
      if (gx) gx.data[i] = (s * (xi - t[i])) / Math.max((1 - xi) * xi, 1e-12);
      if (gt) gt.data[i] = s * (clampedLog1m(xi) - clampedLog(xi));
    }
    return [gx, gt];
  }
}

/**
 * F.binary_cross_entropy_with_logits: ℓ = w·[(1 - t)·x - (1 + (p - 1)·t)·log σ(x)], p the
 * positive weight. Works element-wise on any shape, so [N, C] inputs give multi-label losses.
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  opts: BinaryCrossEntropyWithLogitsOptions = {},
): Tensor {
  refuseHalf(input.dtype, "binary_cross_entropy_with_logits");
  const reduction = checkReduction(opts.reduction ?? "mean");
  if (!shapeEq(input.shape, target.shape)) {
    throw new ValueError(`Target size (${torchSize(target.shape)}) must be the same as input size (${torchSize(input.shape)})`);
  }
  if (target.dtype === "bool") {
    throw new DTypeError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
  }
  if (!isFloating(input.dtype)) throw new DTypeError(`"log_sigmoid_cpu" not implemented for '${scalarTypeName(input.dtype)}'`);
  if (!isFloating(target.dtype)) {
    throw new DTypeError(`result type ${scalarTypeName(input.dtype)} can't be cast to the desired output type ${scalarTypeName(target.dtype)}`);
  }
  const simple = reduction !== "none" && !opts.weight && !opts.posWeight && target.dtype === input.dtype && !target.requiresGrad;
  const weight = opts.weight ?? null, posWeight = opts.posWeight ?? null;
  const n = input.numel();
  const composed = (g: Tensor): (Tensor | null)[] => {
    const s = weight ? mul(upstreamTensor(g, reduction, n), weight) : upstreamTensor(g, reduction, n);
    const sig = sigmoid(input);
    return [
      input.requiresGrad ? mul(s, posWeight ? sub(mul(add(mul(posWeight, target), sub(1, target)), sig), mul(posWeight, target)) : sub(sig, target)) : null,
      target.requiresGrad ? mul(s, posWeight ? sub(neg(input), mul(sub(posWeight, 1), logSigmoidOp(input))) : neg(input)) : null,
    ];
  };
  if (onDevice(input, target, weight, posWeight)) {
    if (input.device !== target.device) throw mixedDevices(input.device, target.device);
    // The plain form in one fused kernel; weights, "none" or a target's gradient composed of ops.
    if (simple) return deviceBceWithLogits(input, target, reduction);
    checkSpread(weight, input.shape);
    checkSpread(posWeight, input.shape);
    const out = noGrad(() => {
      const lw = posWeight ? add(mul(sub(posWeight, 1), target), 1) : null;
      const ls = logSigmoidOp(input);
      const each = sub(mul(sub(1, target), input), lw ? mul(lw, ls) : ls);
      return reduceLossOps(weight ? mul(each, weight) : each, reduction);
    });
    return record(out, OPS.binaryCrossEntropyWithLogits, [input, target], { composed, kernel: composed });
  }
  if (simple) return fusedBceWithLogits(input, target, reduction);
  const dtype = promoteTypes(input.dtype, target.dtype);
  const x = input.data, t = target.data;
  const w = spread(opts.weight, input.shape);
  const pw = spread(opts.posWeight, input.shape);
  const losses = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x[i], ti = t[i];
    const lw = pw ? 1 + (pw[i] - 1) * ti : 1;
    losses[i] = ((1 - ti) * xi - lw * logSigmoid(xi)) * (w ? w[i] : 1);
  }
  const out = reduceLoss(losses, input.shape, dtype, reduction);
  return record(out, OPS.binaryCrossEntropyWithLogits, [input, target], { composed, kernel: (g) => withLogitsGrads(g) });

  function withLogitsGrads(g: Tensor): (Tensor | null)[] {
    const scale = upstreamScale(g, reduction, n);
    const gx = input.requiresGrad ? empty(input.shape, input.dtype) : null;
    const gt = target.requiresGrad ? empty(target.shape, target.dtype) : null;
    for (let i = 0; i < n; i++) {
      const xi = x[i], ti = t[i];
      const s = scale(i) * (w ? w[i] : 1);
      if (gx) {
        // σ(x) without overflow on either side.
        const e = libm.exp(-Math.abs(xi));
        const sig = xi >= 0 ? 1 / (1 + e) : e / (1 + e);
        gx.data[i] = s * (pw ? (pw[i] * ti + 1 - ti) * sig - pw[i] * ti : sig - ti);
      }
      if (gt) gt.data[i] = s * (-xi - (pw ? (pw[i] - 1) * logSigmoid(xi) : 0));
    }
    return [gx, gt];
  }
}
