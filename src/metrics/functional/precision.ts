/** Precision of one batch. The same computation as the classes: one update, then compute. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryStatOptions, MulticlassStatOptions, MultilabelStatOptions } from "../core/stat-config.js";
import { BinaryPrecision, MulticlassPrecision, MultilabelPrecision } from "../classes/precision-recall.js";
import { computeOnce } from "../classes/metric.js";
import type { StatTaskOptions } from "./stat-task.js";
import { splitStatTask } from "./stat-task.js";

export function binaryPrecision(preds: Tensor, target: Tensor, options: BinaryStatOptions = {}): Tensor {
  return computeOnce(new BinaryPrecision(options), preds, target);
}

export function multiclassPrecision(preds: Tensor, target: Tensor, options: MulticlassStatOptions = {}): Tensor {
  return computeOnce(new MulticlassPrecision(options), preds, target);
}

export function multilabelPrecision(preds: Tensor, target: Tensor, options: MultilabelStatOptions): Tensor {
  return computeOnce(new MultilabelPrecision(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "micro". */
export function precision(preds: Tensor, target: Tensor, options: StatTaskOptions): Tensor {
  const s = splitStatTask(options, "expected");
  if (s.task === "binary") return binaryPrecision(preds, target, { ...s.options });
  if (s.task === "multiclass") return multiclassPrecision(preds, target, { ...s.options });
  return multilabelPrecision(preds, target, { ...s.options });
}
