/** Cohen's kappa of one batch. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryConfmatOptions, MulticlassConfmatOptions } from "../core/confmat-config.js";
import {
  BinaryCohenKappa, MulticlassCohenKappa, type CohenKappaTaskOptions, type KappaOptions,
} from "../classes/cohen-kappa.js";
import { computeOnce } from "../classes/metric.js";
import { splitBinaryMulticlassTask } from "./confmat-task.js";

export function binaryCohenKappa(preds: Tensor, target: Tensor, options: BinaryConfmatOptions & KappaOptions = {}): Tensor {
  return computeOnce(new BinaryCohenKappa(options), preds, target);
}

export function multiclassCohenKappa(preds: Tensor, target: Tensor, options: MulticlassConfmatOptions & KappaOptions): Tensor {
  return computeOnce(new MulticlassCohenKappa(options), preds, target);
}

/** The task-agnostic form: `options.task` is "binary" or "multiclass". */
export function cohenKappa(preds: Tensor, target: Tensor, options: CohenKappaTaskOptions): Tensor {
  const s = splitBinaryMulticlassTask(options);
  if (s.task === "binary") return binaryCohenKappa(preds, target, { ...s.options, weights: options.weights });
  return multiclassCohenKappa(preds, target, { ...s.options, weights: options.weights });
}
