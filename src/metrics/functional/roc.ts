/** ROC curve of one batch: (fpr, tpr, thresholds). */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryCurveOptions, MulticlassCurveOptions, MultilabelCurveOptions } from "../core/curve-config.js";
import type { CurveAverageOption, CurveWrapperOptions } from "../classes/precision-recall-curve.js";
import { BinaryROC, MulticlassROC, MultilabelROC } from "../classes/roc.js";
import { computeOnce } from "../classes/metric.js";
import type { CurveResult, CurveTriple } from "../reduce/curve-outputs.js";
import { splitCurveTask } from "./curve-task.js";

export function binaryRoc(preds: Tensor, target: Tensor, options: BinaryCurveOptions = {}): CurveTriple {
  return computeOnce(new BinaryROC(options), preds, target);
}

export function multiclassRoc(preds: Tensor, target: Tensor, options: MulticlassCurveOptions & CurveAverageOption): CurveResult {
  return computeOnce(new MulticlassROC(options), preds, target);
}

export function multilabelRoc(preds: Tensor, target: Tensor, options: MultilabelCurveOptions): CurveResult {
  return computeOnce(new MultilabelROC(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task. */
export function roc(preds: Tensor, target: Tensor, options: CurveWrapperOptions): CurveResult {
  const s = splitCurveTask(options);
  if (s.task === "binary") return binaryRoc(preds, target, s.options);
  if (s.task === "multiclass") return multiclassRoc(preds, target, { ...s.options, average: options.average });
  return multilabelRoc(preds, target, s.options);
}
