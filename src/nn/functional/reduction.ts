/** The `reduction` option of the losses: checking it and applying it to per-element losses. */
import { ValueError } from "../../errors.js";
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
 * How much of the upstream gradient reaches element i: `g[i]` for "none", `g` for
 * "sum", `g / denominator` for "mean". Returns a per-element reader. (For the losses'
 * loops not yet in the backend's kernels; it reads `g` through the public synchronous
 * reads, so it goes with its last caller.)
 */
export function upstreamScale(g: Tensor, reduction: Reduction, denominator: number): (i: number) => number {
  if (reduction === "none") {
    const gd = g.toArray();
    return (i) => gd[i];
  }
  const gv = g.item();
  const s = reduction === "mean" ? gv / denominator : gv;
  return () => s;
}

/**
 * upstreamScale from ops, for a backward that is itself recorded (createGraph): `g` for
 * "none" and "sum" (a scalar broadcasts over the elements), `g / denominator` for "mean".
 */
export function upstreamTensor(g: Tensor, reduction: Reduction, denominator: number): Tensor {
  return reduction === "mean" ? div(g, denominator) : g;
}

/** reduceLoss on per-element losses held as a tensor (a device's): composed of ops. */
export function reduceLossOps(each: Tensor, reduction: Reduction): Tensor {
  return reduction === "none" ? each : reduction === "sum" ? each.sum() : each.mean();
}
