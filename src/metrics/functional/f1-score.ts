/** F1 score of one batch. The same computation as the classes: one update, then compute. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryStatOptions, MulticlassStatOptions, MultilabelStatOptions } from "../core/stat-config.js";
import { BinaryF1Score, MulticlassF1Score, MultilabelF1Score } from "../classes/f-beta.js";
import { computeOnce } from "../classes/metric.js";
import type { StatTaskOptions } from "./stat-task.js";
import { splitStatTask } from "./stat-task.js";

export function binaryF1Score(preds: Tensor, target: Tensor, options: BinaryStatOptions = {}): Tensor {
  return computeOnce(new BinaryF1Score(options), preds, target);
}

export function multiclassF1Score(preds: Tensor, target: Tensor, options: MulticlassStatOptions = {}): Tensor {
  return computeOnce(new MulticlassF1Score(options), preds, target);
}

export function multilabelF1Score(preds: Tensor, target: Tensor, options: MultilabelStatOptions): Tensor {
  return computeOnce(new MultilabelF1Score(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "micro". */
export function f1Score(preds: Tensor, target: Tensor, options: StatTaskOptions): Tensor {
  const s = splitStatTask(options, "expected");
  if (s.task === "binary") return binaryF1Score(preds, target, { ...s.options });
  if (s.task === "multiclass") return multiclassF1Score(preds, target, { ...s.options });
  return multilabelF1Score(preds, target, { ...s.options });
}
