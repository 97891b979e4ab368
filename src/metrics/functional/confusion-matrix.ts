/** Confusion matrix of one batch (rows: targets, columns: predictions). */
import type { Tensor } from "../../tensor/tensor.js";
import type {
  BinaryConfmatOptions, MulticlassConfmatOptions, MultilabelConfmatOptions, NormalizeOption,
} from "../core/confmat-config.js";
import {
  BinaryConfusionMatrix, MulticlassConfusionMatrix, MultilabelConfusionMatrix, type ConfusionMatrixTaskOptions,
} from "../classes/confusion-matrix.js";
import { computeOnce } from "../classes/metric.js";
import { splitConfmatTask } from "./confmat-task.js";

export function binaryConfusionMatrix(
  preds: Tensor, target: Tensor, options: BinaryConfmatOptions & NormalizeOption = {},
): Tensor {
  return computeOnce(new BinaryConfusionMatrix(options), preds, target);
}

export function multiclassConfusionMatrix(
  preds: Tensor, target: Tensor, options: MulticlassConfmatOptions & NormalizeOption,
): Tensor {
  return computeOnce(new MulticlassConfusionMatrix(options), preds, target);
}

export function multilabelConfusionMatrix(
  preds: Tensor, target: Tensor, options: MultilabelConfmatOptions & NormalizeOption,
): Tensor {
  return computeOnce(new MultilabelConfusionMatrix(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task. */
export function confusionMatrix(preds: Tensor, target: Tensor, options: ConfusionMatrixTaskOptions): Tensor {
  const s = splitConfmatTask(options);
  const normalize = options.normalize;
  if (s.task === "binary") return binaryConfusionMatrix(preds, target, { ...s.options, normalize });
  if (s.task === "multiclass") return multiclassConfusionMatrix(preds, target, { ...s.options, normalize });
  return multilabelConfusionMatrix(preds, target, { ...s.options, normalize });
}
