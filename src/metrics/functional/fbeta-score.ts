/** F-beta score of one batch. The same computation as the classes: one update, then compute. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryStatOptions, MulticlassStatOptions, MultilabelStatOptions } from "../core/stat-config.js";
import {
  BinaryFBetaScore, MulticlassFBetaScore, MultilabelFBetaScore, type BetaOption, type FBetaTaskOptions,
} from "../classes/f-beta.js";
import { computeOnce } from "../classes/metric.js";
import { splitStatTask } from "./stat-task.js";

export function binaryFbetaScore(preds: Tensor, target: Tensor, options: BinaryStatOptions & BetaOption): Tensor {
  return computeOnce(new BinaryFBetaScore(options), preds, target);
}

export function multiclassFbetaScore(preds: Tensor, target: Tensor, options: MulticlassStatOptions & BetaOption): Tensor {
  return computeOnce(new MulticlassFBetaScore(options), preds, target);
}

export function multilabelFbetaScore(preds: Tensor, target: Tensor, options: MultilabelStatOptions & BetaOption): Tensor {
  return computeOnce(new MultilabelFBetaScore(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "micro". */
export function fbetaScore(preds: Tensor, target: Tensor, options: FBetaTaskOptions): Tensor {
  const s = splitStatTask(options, "expected");
  if (s.task === "binary") return binaryFbetaScore(preds, target, { ...s.options, beta: options.beta ?? 1 });
  if (s.task === "multiclass") return multiclassFbetaScore(preds, target, { ...s.options, beta: options.beta ?? 1 });
  return multilabelFbetaScore(preds, target, { ...s.options, beta: options.beta ?? 1 });
}
