/** Matthews correlation coefficient of one batch. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryConfmatOptions, MulticlassConfmatOptions, MultilabelConfmatOptions } from "../core/confmat-config.js";
import { BinaryMatthewsCorrCoef, MulticlassMatthewsCorrCoef, MultilabelMatthewsCorrCoef } from "../classes/matthews.js";
import { computeOnce } from "../classes/metric.js";
import { splitConfmatTask, type ConfmatTaskOptions } from "./confmat-task.js";

export function binaryMatthewsCorrcoef(preds: Tensor, target: Tensor, options: BinaryConfmatOptions = {}): Tensor {
  return computeOnce(new BinaryMatthewsCorrCoef(options), preds, target);
}

export function multiclassMatthewsCorrcoef(preds: Tensor, target: Tensor, options: MulticlassConfmatOptions): Tensor {
  return computeOnce(new MulticlassMatthewsCorrCoef(options), preds, target);
}

export function multilabelMatthewsCorrcoef(preds: Tensor, target: Tensor, options: MultilabelConfmatOptions): Tensor {
  return computeOnce(new MultilabelMatthewsCorrCoef(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task. */
export function matthewsCorrcoef(preds: Tensor, target: Tensor, options: ConfmatTaskOptions): Tensor {
  const s = splitConfmatTask(options);
  if (s.task === "binary") return binaryMatthewsCorrcoef(preds, target, s.options);
  if (s.task === "multiclass") return multiclassMatthewsCorrcoef(preds, target, s.options);
  return multilabelMatthewsCorrcoef(preds, target, s.options);
}
