/**
 * The classification task decides the output layer, the loss and how logits become
 * labels: binary → one logit, BCE-with-logits, sigmoid + round; multi-class → one
 * logit per class, cross-entropy, softmax + argmax (as the tutorial does).
 */
import * as kd from "../../index.js";
import { UsageError } from "../errors.js";

export type Task = "binary" | "multiclass";
export type LossName = "bce" | "cross-entropy" | "mse";

export function taskFor(numClasses: number): Task {
  if (numClasses < 2) throw new UsageError(`the target has ${numClasses} class; a classifier needs at least 2`);
  return numClasses === 2 ? "binary" : "multiclass";
}

export function outputUnits(task: Task, numClasses: number): number {
  return task === "binary" ? 1 : numClasses;
}

/** Labels from raw logits (int64): [N, 1] or [N] → sigmoid + round; [N, C] → softmax + argmax. */
export function logitsToLabels(logits: kd.Tensor): kd.Tensor {
  const predicted = predictedClasses(logits);
  return predicted.dtype === "int64" ? predicted : predicted.long();
}

/**
 * The same predictions in the dtype they come in, for counting matches each epoch: one
 * logit gives booleans, sigmoid > 0.5, which is round(sigmoid) exactly (round halves to
 * even, so 0.5 gives 0) without the rounding pass and the int64 copy; several give argmax's
 * int64 classes.
 */
export function predictedClasses(logits: kd.Tensor): kd.Tensor {
  if (logits.ndim === 1 || logits.shape[1] === 1) return kd.gt(kd.sigmoid(logits.reshape([-1])), 0.5);
  return kd.softmax(logits, 1).argmax({ dim: 1 });
}

/** Class probabilities [N, C] from logits (two columns for a binary model). */
export function logitsToProbabilities(logits: kd.Tensor): kd.Tensor {
  if (logits.ndim === 1 || logits.shape[1] === 1) {
    const p = kd.sigmoid(logits.reshape([-1, 1]));
    return kd.cat([kd.sub(1, p), p], 1);
  }
  return kd.softmax(logits, 1);
}

/**
 * Labels and probabilities from one softmax (or sigmoid) instead of two: the same tensors
 * as logitsToLabels and logitsToProbabilities give (argmax of the same probabilities,
 * rounding of the same sigmoid), for predict's million rows.
 */
export function logitsToPredictions(logits: kd.Tensor): { labels: kd.Tensor; probabilities: kd.Tensor } {
  if (logits.ndim === 1 || logits.shape[1] === 1) {
    const p = kd.sigmoid(logits.reshape([-1, 1]));
    return { labels: kd.round(p.reshape([-1])).long(), probabilities: kd.cat([kd.sub(1, p), p], 1) };
  }
  const probabilities = kd.softmax(logits, 1);
  return { labels: probabilities.argmax({ dim: 1 }), probabilities };
}

export interface LossFn {
  forward(input: kd.Tensor, target: kd.Tensor): kd.Tensor;
}

/** The loss module and the target in the form that loss wants. */
export function makeLoss(name: LossName | "auto", task: Task, numClasses: number): { loss: LossFn; prepareTarget: (y: kd.Tensor) => kd.Tensor; name: LossName } {
  const chosen: LossName = name === "auto" ? (task === "binary" ? "bce" : "cross-entropy") : name;
  switch (chosen) {
    case "bce":
      if (task !== "binary") throw new UsageError(`--loss bce needs a binary target, but the data has ${numClasses} classes; use cross-entropy`);
      return { loss: new kd.nn.BCEWithLogitsLoss(), prepareTarget: (y) => y.float().reshape([-1, 1]), name: chosen };
    case "cross-entropy":
      if (task === "binary") {
        throw new UsageError("--loss cross-entropy needs a multi-class target; a binary model has one output: use bce");
      }
      return { loss: new kd.nn.CrossEntropyLoss(), prepareTarget: (y) => y, name: chosen };
    case "mse": {
      if (task !== "binary") throw new UsageError("--loss mse is supported for binary targets (one output squashed by sigmoid)");
      const mse = new kd.nn.MSELoss();
      return {
        loss: { forward: (input, target) => mse.forward(kd.sigmoid(input), target) },
        prepareTarget: (y) => y.float().reshape([-1, 1]),
        name: chosen,
      };
    }
  }
}
