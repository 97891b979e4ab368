/** Recall of one batch. The same computation as the classes: one update, then compute. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryStatOptions, MulticlassStatOptions, MultilabelStatOptions } from "../core/stat-config.js";
import { BinaryRecall, MulticlassRecall, MultilabelRecall } from "../classes/precision-recall.js";
import { computeOnce } from "../classes/metric.js";
import type { StatTaskOptions } from "./stat-task.js";
import { splitStatTask } from "./stat-task.js";

export function binaryRecall(preds: Tensor, target: Tensor, options: BinaryStatOptions = {}): Tensor {
  return computeOnce(new BinaryRecall(options), preds, target);
}

export function multiclassRecall(preds: Tensor, target: Tensor, options: MulticlassStatOptions = {}): Tensor {
  return computeOnce(new MulticlassRecall(options), preds, target);
}

export function multilabelRecall(preds: Tensor, target: Tensor, options: MultilabelStatOptions): Tensor {
  return computeOnce(new MultilabelRecall(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "micro". */
export function recall(preds: Tensor, target: Tensor, options: StatTaskOptions): Tensor {
  const s = splitStatTask(options, "expected");
  if (s.task === "binary") return binaryRecall(preds, target, { ...s.options });
  if (s.task === "multiclass") return multiclassRecall(preds, target, { ...s.options });
  return multilabelRecall(preds, target, { ...s.options });
}
