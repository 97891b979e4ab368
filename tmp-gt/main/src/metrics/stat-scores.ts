/**
 * Stat scores [tp, fp, tn, fn, support] and the metrics read straight off them: accuracy,
 * specificity, hamming distance. Classes first (each a state plus one reduction), then the
 * functional forms, which are one update and one compute of the class.
 */
import type { Tensor } from "../tensor/tensor.js";
import {
  binaryStatConfig, type BinaryStatOptions, BinaryStatState, multiclassStatConfig, type MulticlassStatOptions,
  MulticlassStatState, multilabelStatConfig, type MultilabelStatOptions, MultilabelStatState, splitStatTask,
  type StatTaskOptions,
} from "./core/stat-state.js";
import { computeOnce, Metric, type TaskConstructor, taskWrapper } from "./metric.js";
import { accuracyReduce, hammingReduce, specificityReduce, statScoresReduce } from "./reduce/stat.js";

// Stat scores [tp, fp, tn, fn, support]: the base class of every metric of the accuracy family.

export class BinaryStatScores extends Metric<BinaryStatState, Tensor> {
  constructor(options: BinaryStatOptions = {}) {
    super(new BinaryStatState(binaryStatConfig(options)));
  }
  protected computeFrom(s: BinaryStatState): Tensor {
    return statScoresReduce(s.counts, "binary", false);
  }
}

export class MulticlassStatScores extends Metric<MulticlassStatState, Tensor> {
  constructor(options: MulticlassStatOptions = {}) {
    super(new MulticlassStatState(multiclassStatConfig(options)));
  }
  protected computeFrom(s: MulticlassStatState): Tensor {
    return statScoresReduce(s.counts, s.cfg.average, false);
  }
}

export class MultilabelStatScores extends Metric<MultilabelStatState, Tensor> {
  constructor(options: MultilabelStatOptions) {
    super(new MultilabelStatState(multilabelStatConfig(options)));
  }
  protected computeFrom(s: MultilabelStatState): Tensor {
    return statScoresReduce(s.counts, s.cfg.average, true);
  }
}

export type StatScores = BinaryStatScores | MulticlassStatScores | MultilabelStatScores;
export const StatScores = taskWrapper<
  TaskConstructor<StatTaskOptions, BinaryStatScores, MulticlassStatScores, MultilabelStatScores>, StatTaskOptions
>("StatScores", (o) => {
  const s = splitStatTask(o, "expected");
  if (s.task === "binary") return new BinaryStatScores(s.options);
  if (s.task === "multiclass") return new MulticlassStatScores(s.options);
  return new MultilabelStatScores(s.options);
});

// Accuracy: the share of right answers (per class, the share of each class's targets found).

export class BinaryAccuracy extends BinaryStatScores {
  protected override computeFrom(s: BinaryStatState): Tensor {
    return accuracyReduce(s.counts, "binary");
  }
}

export class MulticlassAccuracy extends MulticlassStatScores {
  protected override computeFrom(s: MulticlassStatState): Tensor {
    return accuracyReduce(s.counts, s.cfg.average, { topK: s.cfg.topK });
  }
}

export class MultilabelAccuracy extends MultilabelStatScores {
  protected override computeFrom(s: MultilabelStatState): Tensor {
    return accuracyReduce(s.counts, s.cfg.average, { multilabel: true });
  }
}

export type Accuracy = BinaryAccuracy | MulticlassAccuracy | MultilabelAccuracy;
export const Accuracy = taskWrapper<
  TaskConstructor<StatTaskOptions, BinaryAccuracy, MulticlassAccuracy, MultilabelAccuracy>, StatTaskOptions
>("Accuracy", (o) => {
  const s = splitStatTask(o, "optional-arg");
  if (s.task === "binary") return new BinaryAccuracy(s.options);
  if (s.task === "multiclass") return new MulticlassAccuracy(s.options);
  return new MultilabelAccuracy(s.options);
});

// Specificity tn / (tn + fp): the share of negatives recognised as negative.

export class BinarySpecificity extends BinaryStatScores {
  protected override computeFrom(s: BinaryStatState): Tensor {
    return specificityReduce(s.counts, "binary");
  }
}

export class MulticlassSpecificity extends MulticlassStatScores {
  protected override computeFrom(s: MulticlassStatState): Tensor {
    return specificityReduce(s.counts, s.cfg.average);
  }
}

export class MultilabelSpecificity extends MultilabelStatScores {
  protected override computeFrom(s: MultilabelStatState): Tensor {
    return specificityReduce(s.counts, s.cfg.average, { multilabel: true });
  }
}

export type Specificity = BinarySpecificity | MulticlassSpecificity | MultilabelSpecificity;
export const Specificity = taskWrapper<
  TaskConstructor<StatTaskOptions, BinarySpecificity, MulticlassSpecificity, MultilabelSpecificity>, StatTaskOptions
>("Specificity", (o) => {
  const s = splitStatTask(o, "expected");
  if (s.task === "binary") return new BinarySpecificity(s.options);
  if (s.task === "multiclass") return new MulticlassSpecificity(s.options);
  return new MultilabelSpecificity(s.options);
});

// Hamming distance: the share of wrong answers (1 - accuracy).

export class BinaryHammingDistance extends BinaryStatScores {
  protected override computeFrom(s: BinaryStatState): Tensor {
    return hammingReduce(s.counts, "binary");
  }
}

export class MulticlassHammingDistance extends MulticlassStatScores {
  protected override computeFrom(s: MulticlassStatState): Tensor {
    return hammingReduce(s.counts, s.cfg.average);
  }
}

export class MultilabelHammingDistance extends MultilabelStatScores {
  protected override computeFrom(s: MultilabelStatState): Tensor {
    return hammingReduce(s.counts, s.cfg.average, { multilabel: true });
  }
}

export type HammingDistance = BinaryHammingDistance | MulticlassHammingDistance | MultilabelHammingDistance;
export const HammingDistance = taskWrapper<
  TaskConstructor<StatTaskOptions, BinaryHammingDistance, MulticlassHammingDistance, MultilabelHammingDistance>,
  StatTaskOptions
>("HammingDistance", (o) => {
  const s = splitStatTask(o, "expected");
  if (s.task === "binary") return new BinaryHammingDistance(s.options);
  if (s.task === "multiclass") return new MulticlassHammingDistance(s.options);
  return new MultilabelHammingDistance(s.options);
});

// Stat scores [tp, fp, tn, fn, support] of one batch. The same computation as the classes: one update, then compute.

export function binaryStatScores(preds: Tensor, target: Tensor, options: BinaryStatOptions = {}): Tensor {
  return computeOnce(new BinaryStatScores(options), preds, target);
}

export function multiclassStatScores(preds: Tensor, target: Tensor, options: MulticlassStatOptions = {}): Tensor {
  return computeOnce(new MulticlassStatScores(options), preds, target);
}

export function multilabelStatScores(preds: Tensor, target: Tensor, options: MultilabelStatOptions): Tensor {
  return computeOnce(new MultilabelStatScores(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "micro". */
export function statScores(preds: Tensor, target: Tensor, options: StatTaskOptions): Tensor {
  const s = splitStatTask(options, "expected");
  if (s.task === "binary") return binaryStatScores(preds, target, { ...s.options });
  if (s.task === "multiclass") return multiclassStatScores(preds, target, { ...s.options });
  return multilabelStatScores(preds, target, { ...s.options });
}

// Accuracy of one batch. The same computation as the classes: one update, then compute.

export function binaryAccuracy(preds: Tensor, target: Tensor, options: BinaryStatOptions = {}): Tensor {
  return computeOnce(new BinaryAccuracy(options), preds, target);
}

export function multiclassAccuracy(preds: Tensor, target: Tensor, options: MulticlassStatOptions = {}): Tensor {
  return computeOnce(new MulticlassAccuracy(options), preds, target);
}

export function multilabelAccuracy(preds: Tensor, target: Tensor, options: MultilabelStatOptions): Tensor {
  return computeOnce(new MultilabelAccuracy(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "micro". */
export function accuracy(preds: Tensor, target: Tensor, options: StatTaskOptions): Tensor {
  const s = splitStatTask(options, "optional-arg");
  if (s.task === "binary") return binaryAccuracy(preds, target, { ...s.options });
  if (s.task === "multiclass") return multiclassAccuracy(preds, target, { ...s.options });
  return multilabelAccuracy(preds, target, { ...s.options });
}

// Specificity of one batch. The same computation as the classes: one update, then compute.

export function binarySpecificity(preds: Tensor, target: Tensor, options: BinaryStatOptions = {}): Tensor {
  return computeOnce(new BinarySpecificity(options), preds, target);
}

export function multiclassSpecificity(preds: Tensor, target: Tensor, options: MulticlassStatOptions = {}): Tensor {
  return computeOnce(new MulticlassSpecificity(options), preds, target);
}

export function multilabelSpecificity(preds: Tensor, target: Tensor, options: MultilabelStatOptions): Tensor {
  return computeOnce(new MultilabelSpecificity(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "micro". */
export function specificity(preds: Tensor, target: Tensor, options: StatTaskOptions): Tensor {
  const s = splitStatTask(options, "expected");
  if (s.task === "binary") return binarySpecificity(preds, target, { ...s.options });
  if (s.task === "multiclass") return multiclassSpecificity(preds, target, { ...s.options });
  return multilabelSpecificity(preds, target, { ...s.options });
}

// Hamming distance of one batch. The same computation as the classes: one update, then compute.

export function binaryHammingDistance(preds: Tensor, target: Tensor, options: BinaryStatOptions = {}): Tensor {
  return computeOnce(new BinaryHammingDistance(options), preds, target);
}

export function multiclassHammingDistance(preds: Tensor, target: Tensor, options: MulticlassStatOptions = {}): Tensor {
  return computeOnce(new MulticlassHammingDistance(options), preds, target);
}

export function multilabelHammingDistance(preds: Tensor, target: Tensor, options: MultilabelStatOptions): Tensor {
  return computeOnce(new MultilabelHammingDistance(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "micro". */
export function hammingDistance(preds: Tensor, target: Tensor, options: StatTaskOptions): Tensor {
  const s = splitStatTask(options, "expected");
  if (s.task === "binary") return binaryHammingDistance(preds, target, { ...s.options });
  if (s.task === "multiclass") return multiclassHammingDistance(preds, target, { ...s.options });
  return multilabelHammingDistance(preds, target, { ...s.options });
}
