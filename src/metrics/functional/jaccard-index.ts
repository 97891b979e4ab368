/** Jaccard index of one batch. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryConfmatOptions, MulticlassConfmatOptions, MultilabelConfmatOptions } from "../core/confmat-config.js";
import type { ConfmatState } from "../core/confmat-states.js";
import {
  BinaryJaccardIndex, MulticlassJaccardIndex, MultilabelJaccardIndex,
  type JaccardAverageOption, type JaccardExtraOptions, type JaccardTaskOptions,
} from "../classes/jaccard.js";
import { computeOnce } from "../classes/metric.js";
import { splitConfmatTask } from "./confmat-task.js";

/** torchmetrics' function, unlike its class, hands the ignore index to the multi-label reduction. */
class MultilabelJaccardOfBatch extends MultilabelJaccardIndex {
  protected override reductionIgnoreIndex(s: ConfmatState): number | null {
    return s.cfg.ignoreIndex;
  }
}

export function binaryJaccardIndex(preds: Tensor, target: Tensor, options: BinaryConfmatOptions & JaccardExtraOptions = {}): Tensor {
  return computeOnce(new BinaryJaccardIndex(options), preds, target);
}

export function multiclassJaccardIndex(
  preds: Tensor, target: Tensor, options: MulticlassConfmatOptions & JaccardExtraOptions & JaccardAverageOption,
): Tensor {
  return computeOnce(new MulticlassJaccardIndex(options), preds, target);
}

export function multilabelJaccardIndex(
  preds: Tensor, target: Tensor, options: MultilabelConfmatOptions & JaccardExtraOptions & JaccardAverageOption,
): Tensor {
  return computeOnce(new MultilabelJaccardOfBatch(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "macro". */
export function jaccardIndex(preds: Tensor, target: Tensor, options: JaccardTaskOptions): Tensor {
  const s = splitConfmatTask(options);
  const extra = { zeroDivision: options.zeroDivision };
  if (s.task === "binary") return binaryJaccardIndex(preds, target, { ...s.options, ...extra });
  if (s.task === "multiclass") return multiclassJaccardIndex(preds, target, { ...s.options, ...extra, average: options.average });
  return multilabelJaccardIndex(preds, target, { ...s.options, ...extra, average: options.average });
}
