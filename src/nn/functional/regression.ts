/**
 * Regression losses (MSE, L1, smooth L1, Huber) as single ops: on the CPU in the backend's
 * pointLoss kernels (backend/js/losses.ts), on a device composed of ops (the same node and gradient),
 * with gradients for input and target. Input and target broadcast as PyTorch lets them
 * (it warns; Kindling does not) and are computed in their promoted dtype.
 */
import { refuseHalf } from "../../ops/util.js";
import { fused } from "../../ops/kernels.js";
import type { PointLossKind } from "../../backend/backend.js";
import type { Store } from "../../tensor/device.js";
import { record } from "../../autograd/node.js";
import { OPS } from "../../ops/table.js";
import { DTypeError, ValueError } from "../../errors.js";
import { noGrad } from "../../autograd/grad-mode.js";
import { cast } from "../../ops/cast.js";
import { empty, sumTo } from "../../ops/util.js";
import { isFloating, promoteTypes, type DType } from "../../tensor/dtype.js";
import { broadcastShapes, numelOf, shapeEq } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { scalarTypeName } from "../format.js";
import { abs, div, le, lt, mul, sign, sub, where } from "../../ops/elementwise.js";
import { checkReduction, reduceLoss, reduceLossOps, upstreamTensor, type Reduction } from "./reduction.js";

export interface RegressionLossOptions {
  reduction?: Reduction;
}

/**
 * Per-element loss of the difference d = input - target: the CPU kernel's (`kind`, with
 * its `param`), and its derivative in d and the loss as ops.
 */
interface PointLoss {
  kind: PointLossKind;
  /** Smooth L1's β, Huber's δ (0 for the others). */
  param: number;
  slopeOf(d: Tensor): Tensor;
  /** The loss as ops, for a device whose numbers the CPU cannot loop over. */
  lossOf(d: Tensor): Tensor;
}

function pointwiseLoss(
  name: string,
  dtypeMessage: string,
  input: Tensor,
  target: Tensor,
  reduction: Reduction,
  loss: PointLoss,
): Tensor {
  const dtype = promoteTypes(input.dtype, target.dtype);
  if (!isFloating(dtype)) throw new DTypeError(dtypeMessage);
  const shape = shapeEq(input.shape, target.shape) ? input.shape : broadcastShapes(input.shape, target.shape);
  if (input.device !== "cpu" || target.device !== "cpu") return deviceLoss(name, input, target, dtype, shape, reduction, loss);
  const l1 = name === "L1LossBackward0";
  const spread = (t: Tensor): Store => {
    const c = t.dtype === dtype ? t.detach() : cast(t.detach(), dtype);
    return shapeEq(c.shape, shape) ? c.store : c.expand(shape).store;
  };
  const kernels = fused(l1 ? OPS.l1Loss : OPS.regressionLoss);
  const n = numelOf(shape);
  const losses = new Float64Array(n);
  // The differences, kept by the node: its backward never reads the caller's tensors again.
  const diffs = new Float64Array(n);
  kernels.pointLoss(loss.kind, loss.param, spread(input), spread(target), diffs, losses);
  const out = reduceLoss(losses, shape, dtype, reduction);
  const split = (grad: Tensor): (Tensor | null)[] => {
    const forInput = input.requiresGrad ? sumTo(grad, input.shape) : null;
    const forTarget = target.requiresGrad ? sumTo(grad.neg(), target.shape) : null;
    return [forInput && cast(forInput, input.dtype), forTarget && (isFloating(target.dtype) ? cast(forTarget, target.dtype) : null)];
  };
  return record(out, l1 ? OPS.l1Loss : OPS.regressionLoss, [input, target], {
    kernel: (g) => {
      const grad = empty([...shape], dtype);
      kernels.pointLossBackward(loss.kind, loss.param, diffs, { g: g.store, reduction, denominator: n }, grad.store);
      return split(grad);
    },
    composed: (g) => {
      // L1's node keeps its differences (its slope is piecewise constant); the others read
      // input and target, so their second derivatives flow through d.
      const d = l1 ? new Tensor(Float64Array.from(diffs), [...shape], "float64").to(dtype) : sub(cast(input, dtype), cast(target, dtype));
      return split(mul(loss.slopeOf(d), upstreamTensor(g, reduction, n)));
    },
  }, name);
}

/** The same loss on a device: composed of ops, the node and its gradient as on the CPU. */
function deviceLoss(name: string, input: Tensor, target: Tensor, dtype: DType, shape: readonly number[], reduction: Reduction, loss: PointLoss): Tensor {
  const n = numelOf(shape);
  const d = (): Tensor => sub(cast(input, dtype), cast(target, dtype));
  const out = noGrad(() => {
    return reduceLossOps(loss.lossOf(d().detach()), reduction);
  });
  const split = (grad: Tensor): (Tensor | null)[] => [
    input.requiresGrad ? cast(sumTo(grad, input.shape), input.dtype) : null,
    target.requiresGrad && isFloating(target.dtype) ? cast(sumTo(grad.neg(), target.shape), target.dtype) : null,
  ];
  const backward = (g: Tensor): (Tensor | null)[] => split(mul(loss.slopeOf(d()), upstreamTensor(g, reduction, n)));
  return record(out, name === "L1LossBackward0" ? OPS.l1Loss : OPS.regressionLoss, [input, target], { kernel: backward, composed: backward }, name);
}

function notImplemented(kernel: string, input: Tensor, target: Tensor): string {
  return `"${kernel}" not implemented for '${scalarTypeName(promoteTypes(input.dtype, target.dtype))}'`;
}

/** F.mse_loss: (input - target)². */
export function mseLoss(input: Tensor, target: Tensor, opts: RegressionLossOptions = {}): Tensor {
  refuseHalf(input.dtype, "mse_loss");
  return pointwiseLoss("MseLossBackward0", notImplemented("mse_cpu", input, target), input, target, checkReduction(opts.reduction ?? "mean"), {
    kind: "mse",
    param: 0,
    slopeOf: (d) => mul(d, 2),
    lossOf: (d) => mul(d, d),
  });
}

/** F.l1_loss: |input - target|. */
export function l1Loss(input: Tensor, target: Tensor, opts: RegressionLossOptions = {}): Tensor {
  refuseHalf(input.dtype, "l1_loss");
  const message =
    "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. " +
    `Got: ${scalarTypeName(promoteTypes(input.dtype, target.dtype))}`;
  return pointwiseLoss("L1LossBackward0", message, input, target, checkReduction(opts.reduction ?? "mean"), {
    kind: "l1",
    param: 0,
    slopeOf: (d) => sign(d),
    lossOf: (d) => abs(d),
  });
}

/** F.smooth_l1_loss: quadratic below `beta`, linear above (plain L1 when beta is 0). */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: RegressionLossOptions & { beta?: number } = {}): Tensor {
  refuseHalf(input.dtype, "smooth_l1_loss");
  const beta = opts.beta ?? 1;
  if (beta < 0) throw new ValueError("smooth_l1_loss does not support negative values for beta.");
  if (beta === 0) return l1Loss(input, target, opts);
  return pointwiseLoss("SmoothL1LossBackward0", notImplemented("smooth_l1_cpu", input, target), input, target, checkReduction(opts.reduction ?? "mean"), {
    kind: "smoothL1",
    param: beta,
    slopeOf: (d) => where(lt(abs(d), beta), div(d, beta), sign(d)),
    lossOf: (d) => {
      const a = abs(d);
      return where(lt(a, beta), div(mul(mul(d, d), 0.5), beta), sub(a, 0.5 * beta));
    },
  });
}

/** F.huber_loss: quadratic below `delta`, delta-scaled linear above. */
export function huberLoss(input: Tensor, target: Tensor, opts: RegressionLossOptions & { delta?: number } = {}): Tensor {
  refuseHalf(input.dtype, "huber_loss");
  const delta = opts.delta ?? 1;
  if (!(delta > 0)) throw new ValueError("huber_loss does not support non-positive values for delta.");
  return pointwiseLoss("HuberLossBackward0", notImplemented("huber_cpu", input, target), input, target, checkReduction(opts.reduction ?? "mean"), {
    kind: "huber",
    param: delta,
    slopeOf: (d) => where(le(abs(d), delta), d, mul(sign(d), delta)),
    lossOf: (d) => {
      const a = abs(d);
      return where(lt(a, delta), mul(mul(d, d), 0.5), mul(sub(a, 0.5 * delta), delta));
    },
  });
}
