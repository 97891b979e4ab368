/** Accuracy of one batch. The same computation as the classes: one update, then compute. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryStatOptions, MulticlassStatOptions, MultilabelStatOptions } from "../core/stat-config.js";
import { BinaryAccuracy, MulticlassAccuracy, MultilabelAccuracy } from "../classes/accuracy.js";
import { computeOnce } from "../classes/metric.js";
import type { StatTaskOptions } from "./stat-task.js";
import { splitStatTask } from "./stat-task.js";

export function binaryAccuracy(preds: Tensor, target: Tensor, options: BinaryStatOptions = {}): Tensor {
  return computeOnce(new BinaryAccuracy(options), preds, target);
}

export function multiclassAccuracy(preds: Tensor, target: Tensor, options: MulticlassStatOptions = {}): Tensor {
  return computeOnce(new MulticlassAccuracy(options), preds, target);
}

export function multilabelAccuracy(preds: Tensor, target: Tensor, options: MultilabelStatOptions): Tensor {
  return computeOnce(new MultilabelAccuracy(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "micro". */
export function accuracy(preds: Tensor, target: Tensor, options: StatTaskOptions): Tensor {
  const s = splitStatTask(options, "optional-arg");
  if (s.task === "binary") return binaryAccuracy(preds, target, { ...s.options });
  if (s.task === "multiclass") return multiclassAccuracy(preds, target, { ...s.options });
  return multilabelAccuracy(preds, target, { ...s.options });
}
