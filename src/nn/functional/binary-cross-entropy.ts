/**
 * Binary cross-entropy on probabilities and on logits, each a single op with its gradient
 * beside it (one pass forward, one pass backward), in the backend's kernels (bceProbs,
 * bceLogits and their backwards, backend/js/losses.ts).
 * On a device the same node is composed of ops (forward and gradient), nothing read back;
 * there the probabilities' range is not checked (it needs a read-back; an input outside
 * [0, 1] gives NaN from its logarithms).
 *
 * On logits the loss is written with log σ(x) = min(x, 0) - log1p(exp(-|x|)), which
 * never overflows, so large logits give exact losses and gradients σ(x) - t.
 */
import { refuseHalf } from "../../ops/util.js";
import { deviceBceWithLogits } from "./device-loss.js";
import { mixedDevices, type Store } from "../../tensor/device.js";
import { fused } from "../../ops/kernels.js";
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
import { checkReduction, reduceLoss, reduceLossOps, refuseGradOf, upstreamTensor, type Reduction } from "./reduction.js";

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

/** The storage of `t` laid out over `shape` (broadcast), or null when there is no `t`. */
function spread(t: Tensor | null | undefined, shape: readonly number[]): Store | null {
  if (!t) return null;
  checkSpread(t, shape);
  return shapeEq(t.shape, shape) ? t.store : t.detach().expand(shape).store;
}

function onDevice(...ts: (Tensor | null | undefined)[]): boolean {
  return ts.some((t) => t && t.device !== "cpu");
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
  refuseGradOf(weight, "binary_cross_entropy", "weight");
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
  const kernels = fused(OPS.binaryCrossEntropy);
  const x = input.store, t = target.store;
  const w = spread(opts.weight, input.shape);
  const losses = new Float64Array(n);
  kernels.bceProbs(x, t, w, losses);
  const out = reduceLoss(losses, input.shape, input.dtype, reduction);
  return record(out, OPS.binaryCrossEntropy, [input, target], {
    composed,
    kernel: (g) => {
      const gx = input.requiresGrad ? empty(input.shape, input.dtype) : null;
      const gt = target.requiresGrad ? empty(target.shape, target.dtype) : null;
      kernels.bceProbsBackward(x, t, w, { g: g.store, reduction, denominator: n }, gx?.store ?? null, gt?.store ?? null);
      return [gx, gt];
    },
  });
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
  refuseGradOf(opts.weight, "binary_cross_entropy_with_logits", "weight");
  refuseGradOf(opts.posWeight, "binary_cross_entropy_with_logits", "pos_weight");
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
  const kernels = fused(OPS.binaryCrossEntropyWithLogits);
  const x = input.store, t = target.store;
  const w = spread(opts.weight, input.shape);
  const pw = spread(opts.posWeight, input.shape);
  const losses = new Float64Array(n);
  kernels.bceLogits(x, t, w, pw, losses);
  const out = reduceLoss(losses, input.shape, dtype, reduction);
  return record(out, OPS.binaryCrossEntropyWithLogits, [input, target], {
    composed,
    kernel: (g) => {
      const gx = input.requiresGrad ? empty(input.shape, input.dtype) : null;
      const gt = target.requiresGrad ? empty(target.shape, target.dtype) : null;
      kernels.bceLogitsBackward(x, t, w, pw, { g: g.store, reduction, denominator: n }, gx?.store ?? null, gt?.store ?? null);
      return [gx, gt];
    },
  });
}
