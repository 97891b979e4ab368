/** Precision-recall curve of one batch: (precision, recall, thresholds). */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryCurveOptions, MulticlassCurveOptions, MultilabelCurveOptions } from "../core/curve-config.js";
import {
  BinaryPrecisionRecallCurve, MulticlassPrecisionRecallCurve, MultilabelPrecisionRecallCurve,
  type CurveAverageOption, type CurveWrapperOptions,
} from "../classes/precision-recall-curve.js";
import { computeOnce } from "../classes/metric.js";
import type { CurveResult, CurveTriple } from "../reduce/curve-outputs.js";
import { splitCurveTask } from "./curve-task.js";

export function binaryPrecisionRecallCurve(preds: Tensor, target: Tensor, options: BinaryCurveOptions = {}): CurveTriple {
  return computeOnce(new BinaryPrecisionRecallCurve(options), preds, target);
}

export function multiclassPrecisionRecallCurve(
  preds: Tensor, target: Tensor, options: MulticlassCurveOptions & CurveAverageOption,
): CurveResult {
  return computeOnce(new MulticlassPrecisionRecallCurve(options), preds, target);
}

export function multilabelPrecisionRecallCurve(preds: Tensor, target: Tensor, options: MultilabelCurveOptions): CurveResult {
  return computeOnce(new MultilabelPrecisionRecallCurve(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task. */
export function precisionRecallCurve(preds: Tensor, target: Tensor, options: CurveWrapperOptions): CurveResult {
  const s = splitCurveTask(options);
  if (s.task === "binary") return binaryPrecisionRecallCurve(preds, target, s.options);
  if (s.task === "multiclass") return multiclassPrecisionRecallCurve(preds, target, { ...s.options, average: options.average });
  return multilabelPrecisionRecallCurve(preds, target, s.options);
}
