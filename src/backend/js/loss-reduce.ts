/** The `reduction` of the losses (nn/functional/reduction.ts) over per-element losses computed in float64. */
import type { Storage } from "../../tensor/dtype.js";

/**
 * "none": out = the losses, each rounded once to out's type; "sum" / "mean": out[0] = their
 * float64 sum in index order (divided by `denominator` for a mean), rounded once.
 */
export function lossReduce(values: Float64Array, out: Storage, reduction: "none" | "sum" | "mean", denominator: number): void {
  if (reduction === "none") {
    out.set(values);
    return;
  }
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  out[0] = reduction === "mean" ? total / denominator : total;
}
