/** Area under the ROC curve of one batch. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryCurveOptions, MulticlassCurveOptions, MultilabelCurveOptions } from "../core/curve-config.js";
import {
  BinaryAUROC, MulticlassAUROC, MultilabelAUROC,
  type AurocTaskOptions, type MaxFprOption, type ScoreAverageOption,
} from "../classes/auroc.js";
import { computeOnce } from "../classes/metric.js";
import { splitCurveTask } from "./curve-task.js";

export function binaryAuroc(preds: Tensor, target: Tensor, options: BinaryCurveOptions & MaxFprOption = {}): Tensor {
  return computeOnce(new BinaryAUROC(options), preds, target);
}

export function multiclassAuroc(preds: Tensor, target: Tensor, options: MulticlassCurveOptions & ScoreAverageOption): Tensor {
  return computeOnce(new MulticlassAUROC(options), preds, target);
}

export function multilabelAuroc(preds: Tensor, target: Tensor, options: MultilabelCurveOptions & ScoreAverageOption): Tensor {
  return computeOnce(new MultilabelAUROC(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "macro". */
export function auroc(preds: Tensor, target: Tensor, options: AurocTaskOptions): Tensor {
  const s = splitCurveTask(options);
  if (s.task === "binary") return binaryAuroc(preds, target, { ...s.options, maxFpr: options.maxFpr });
  if (s.task === "multiclass") return multiclassAuroc(preds, target, { ...s.options, average: options.average });
  return multilabelAuroc(preds, target, { ...s.options, average: options.average });
}
