/** Stat scores [tp, fp, tn, fn, support] of one batch. The same computation as the classes: one update, then compute. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryStatOptions, MulticlassStatOptions, MultilabelStatOptions } from "../core/stat-config.js";
import { BinaryStatScores, MulticlassStatScores, MultilabelStatScores } from "../classes/stat-scores.js";
import { computeOnce } from "../classes/metric.js";
import type { StatTaskOptions } from "./stat-task.js";
import { splitStatTask } from "./stat-task.js";

export function binaryStatScores(preds: Tensor, target: Tensor, options: BinaryStatOptions = {}): Tensor {
  return computeOnce(new BinaryStatScores(options), preds, target);
}

export function multiclassStatScores(preds: Tensor, target: Tensor, options: MulticlassStatOptions = {}): Tensor {
  return computeOnce(new MulticlassStatScores(options), preds, target);
}

export function multilabelStatScores(preds: Tensor, target: Tensor, options: MultilabelStatOptions): Tensor {
  return computeOnce(new MultilabelStatScores(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "micro". */
export function statScores(preds: Tensor, target: Tensor, options: StatTaskOptions): Tensor {
  const s = splitStatTask(options, "expected");
  if (s.task === "binary") return binaryStatScores(preds, target, { ...s.options });
  if (s.task === "multiclass") return multiclassStatScores(preds, target, { ...s.options });
  return multilabelStatScores(preds, target, { ...s.options });
}
