/** The `reduction` option of the losses: checking it and applying it to per-element losses. */
import { isGradEnabled } from "../../autograd/grad-mode.js";
import { AutogradError, ValueError } from "../../errors.js";
import type { DType } from "../../tensor/dtype.js";
import { allocate } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { div } from "../../ops/elementwise.js";
import { fused } from "../../ops/kernels.js";
import { UNRECORDED } from "../../ops/table.js";

export type Reduction = "none" | "mean" | "sum";

/** Refuses an unknown reduction with PyTorch's message. */
export function checkReduction(reduction: string): Reduction {
  if (reduction !== "none" && reduction !== "mean" && reduction !== "sum") {
    throw new ValueError(`${reduction} is not a valid value for reduction`);
  }
  return reduction;
}

/**
 * The loss tensor from per-element losses computed in float64: all of them in `shape`
 * ("none"), their sum, or their sum divided by `denominator` ("mean").
 */
export function reduceLoss(values: Float64Array, shape: readonly number[], dtype: DType, reduction: Reduction, denominator = values.length): Tensor {
  const out = reduction === "none" ? new Tensor(allocate(dtype, values.length, false), [...shape], dtype) : new Tensor(allocate(dtype, 1, false), [], dtype);
  fused(UNRECORDED.reduceLoss).lossReduce(values, out.store, reduction, denominator);
  return out;
}

/**
 * The upstream gradient each element gets, from ops, for a backward that is itself recorded (createGraph): `g` for
 * "none" and "sum" (a scalar broadcasts over the elements), `g / denominator` for "mean".
 */
export function upstreamTensor(g: Tensor, reduction: Reduction, denominator: number): Tensor {
  // A mean over nothing (every target ignored, or only zero class weights) is 0/0, but each
  // element's coefficient is then zero and PyTorch's backward writes no gradient: 0, not 0/0.
  return reduction === "mean" ? div(g, denominator === 0 ? 1 : denominator) : g;
}

/** reduceLoss on per-element losses held as a tensor (a device's): composed of ops. */
export function reduceLossOps(each: Tensor, reduction: Reduction): Tensor {
  return reduction === "none" ? each : reduction === "sum" ? each.sum() : each.mean();
}

/**
 * PyTorch's refusal of a loss argument it does not differentiate (a class weight, BCE's
 * weight or pos_weight) that requires grad: an error now, not a gradient silently left null.
 */
export function refuseGradOf(t: Tensor | null | undefined, fn: string, arg: string): void {
  if (t?.requiresGrad && isGradEnabled()) {
    throw new AutogradError(`The function '${fn}' is not differentiable with respect to argument '${arg}'. This input cannot have requires_grad True.`);
  }
}
