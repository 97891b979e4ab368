/** The option vocabulary shared by the metrics, in torchmetrics' terms. */
import type { Tensor } from "../../tensor/tensor.js";

export type Task = "binary" | "multiclass" | "multilabel";

/**
 * How per-class scores become one number. `"none"` and `null` (Python's `None`) both keep
 * one score per class.
 */
export type Average = "micro" | "macro" | "weighted" | "none" | null;

/** "global" pools every element; "samplewise" gives one value per sample (first dimension). */
export type MultidimAverage = "global" | "samplewise";

/**
 * Thresholds of the curve metrics: `null` keeps every distinct score (exact curve), a number n
 * uses n evenly spaced thresholds in [0, 1], a list or 1-D tensor uses those values.
 */
export type Thresholds = number | readonly number[] | Tensor | null;

/** `torchmetrics`' `zero_division`: the value given to 0/0. */
export type ZeroDivision = 0 | 1;

/** Options every metric takes. */
export interface CommonOptions {
  /** Target value whose positions are left out of the metric. */
  ignoreIndex?: number | null;
  /** Check arguments and inputs (default true); false skips the checks that cost a pass over the data. */
  validateArgs?: boolean;
}
