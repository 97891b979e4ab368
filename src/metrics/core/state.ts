/** What a metric accumulates between `reset`s: updated by batches, merged, reduced by `compute`. */
import type { Tensor } from "../../tensor/tensor.js";

export interface MetricState<Self> {
  /** Adds one batch. */
  update(preds: Tensor, target: Tensor): void;
  /** A new state with the same settings and no data. */
  empty(): Self;
  /** Adds the data of another state with the same settings. */
  merge(other: Self): void;
}
