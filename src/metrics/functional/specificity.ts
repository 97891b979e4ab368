/** Specificity of one batch. The same computation as the classes: one update, then compute. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryStatOptions, MulticlassStatOptions, MultilabelStatOptions } from "../core/stat-config.js";
import { BinarySpecificity, MulticlassSpecificity, MultilabelSpecificity } from "../classes/specificity.js";
import { computeOnce } from "../classes/metric.js";
import type { StatTaskOptions } from "./stat-task.js";
import { splitStatTask } from "./stat-task.js";

export function binarySpecificity(preds: Tensor, target: Tensor, options: BinaryStatOptions = {}): Tensor {
  return computeOnce(new BinarySpecificity(options), preds, target);
}

export function multiclassSpecificity(preds: Tensor, target: Tensor, options: MulticlassStatOptions = {}): Tensor {
  return computeOnce(new MulticlassSpecificity(options), preds, target);
}

export function multilabelSpecificity(preds: Tensor, target: Tensor, options: MultilabelStatOptions): Tensor {
  return computeOnce(new MultilabelSpecificity(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "micro". */
export function specificity(preds: Tensor, target: Tensor, options: StatTaskOptions): Tensor {
  const s = splitStatTask(options, "expected");
  if (s.task === "binary") return binarySpecificity(preds, target, { ...s.options });
  if (s.task === "multiclass") return multiclassSpecificity(preds, target, { ...s.options });
  return multilabelSpecificity(preds, target, { ...s.options });
}
