/** Hamming distance of one batch. The same computation as the classes: one update, then compute. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryStatOptions, MulticlassStatOptions, MultilabelStatOptions } from "../core/stat-config.js";
import { BinaryHammingDistance, MulticlassHammingDistance, MultilabelHammingDistance } from "../classes/hamming.js";
import { computeOnce } from "../classes/metric.js";
import type { StatTaskOptions } from "./stat-task.js";
import { splitStatTask } from "./stat-task.js";

export function binaryHammingDistance(preds: Tensor, target: Tensor, options: BinaryStatOptions = {}): Tensor {
  return computeOnce(new BinaryHammingDistance(options), preds, target);
}

export function multiclassHammingDistance(preds: Tensor, target: Tensor, options: MulticlassStatOptions = {}): Tensor {
  return computeOnce(new MulticlassHammingDistance(options), preds, target);
}

export function multilabelHammingDistance(preds: Tensor, target: Tensor, options: MultilabelStatOptions): Tensor {
  return computeOnce(new MultilabelHammingDistance(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "micro". */
export function hammingDistance(preds: Tensor, target: Tensor, options: StatTaskOptions): Tensor {
  const s = splitStatTask(options, "expected");
  if (s.task === "binary") return binaryHammingDistance(preds, target, { ...s.options });
  if (s.task === "multiclass") return multiclassHammingDistance(preds, target, { ...s.options });
  return multilabelHammingDistance(preds, target, { ...s.options });
}
