/** Average precision of one batch. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryCurveOptions, MulticlassCurveOptions, MultilabelCurveOptions } from "../core/curve-config.js";
import type { ScoreAverageOption } from "../classes/auroc.js";
import {
  BinaryAveragePrecision, MulticlassAveragePrecision, MultilabelAveragePrecision, type AveragePrecisionTaskOptions,
} from "../classes/average-precision.js";
import { computeOnce } from "../classes/metric.js";
import { splitCurveTask } from "./curve-task.js";

export function binaryAveragePrecision(preds: Tensor, target: Tensor, options: BinaryCurveOptions = {}): Tensor {
  return computeOnce(new BinaryAveragePrecision(options), preds, target);
}

export function multiclassAveragePrecision(
  preds: Tensor, target: Tensor, options: MulticlassCurveOptions & ScoreAverageOption,
): Tensor {
  return computeOnce(new MulticlassAveragePrecision(options), preds, target);
}

export function multilabelAveragePrecision(
  preds: Tensor, target: Tensor, options: MultilabelCurveOptions & ScoreAverageOption,
): Tensor {
  return computeOnce(new MultilabelAveragePrecision(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "macro". */
export function averagePrecision(preds: Tensor, target: Tensor, options: AveragePrecisionTaskOptions): Tensor {
  const s = splitCurveTask(options);
  if (s.task === "binary") return binaryAveragePrecision(preds, target, s.options);
  if (s.task === "multiclass") return multiclassAveragePrecision(preds, target, { ...s.options, average: options.average });
  return multilabelAveragePrecision(preds, target, { ...s.options, average: options.average });
}
