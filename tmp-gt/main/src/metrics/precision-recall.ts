/**
 * Precision, recall and the F-scores (F-beta, F1), as classes on the stat-score state,
 * then their functional forms (one update and one compute of the class).
 */
import type { Tensor } from "../tensor/tensor.js";
import { checkBeta } from "./core/common.js";
import {
  type BinaryStatOptions, type BinaryStatState, type MulticlassStatOptions, type MulticlassStatState,
  type MultilabelStatOptions, type MultilabelStatState, splitStatTask, type StatTaskOptions,
} from "./core/stat-state.js";
import { computeOnce, type TaskConstructor, taskWrapper } from "./metric.js";
import { fbetaReduce, precisionRecallReduce } from "./reduce/stat.js";
import { BinaryStatScores, MulticlassStatScores, MultilabelStatScores } from "./stat-scores.js";

// Precision tp / (tp + fp) and recall tp / (tp + fn), with torchmetrics' `zero_division`.

export class BinaryPrecision extends BinaryStatScores {
  protected override computeFrom(s: BinaryStatState): Tensor {
    return precisionRecallReduce("precision", s.counts, "binary", { zeroDivision: s.cfg.zeroDivision });
  }
}

export class MulticlassPrecision extends MulticlassStatScores {
  protected override computeFrom(s: MulticlassStatState): Tensor {
    return precisionRecallReduce("precision", s.counts, s.cfg.average, { topK: s.cfg.topK, zeroDivision: s.cfg.zeroDivision });
  }
}

export class MultilabelPrecision extends MultilabelStatScores {
  protected override computeFrom(s: MultilabelStatState): Tensor {
    return precisionRecallReduce("precision", s.counts, s.cfg.average, { multilabel: true, zeroDivision: s.cfg.zeroDivision });
  }
}

export class BinaryRecall extends BinaryStatScores {
  protected override computeFrom(s: BinaryStatState): Tensor {
    return precisionRecallReduce("recall", s.counts, "binary", { zeroDivision: s.cfg.zeroDivision });
  }
}

export class MulticlassRecall extends MulticlassStatScores {
  protected override computeFrom(s: MulticlassStatState): Tensor {
    return precisionRecallReduce("recall", s.counts, s.cfg.average, { topK: s.cfg.topK, zeroDivision: s.cfg.zeroDivision });
  }
}

export class MultilabelRecall extends MultilabelStatScores {
  protected override computeFrom(s: MultilabelStatState): Tensor {
    return precisionRecallReduce("recall", s.counts, s.cfg.average, { multilabel: true, zeroDivision: s.cfg.zeroDivision });
  }
}

export type Precision = BinaryPrecision | MulticlassPrecision | MultilabelPrecision;
export const Precision = taskWrapper<
  TaskConstructor<StatTaskOptions, BinaryPrecision, MulticlassPrecision, MultilabelPrecision>, StatTaskOptions
>("Precision", (o) => {
  const s = splitStatTask(o, "expected");
  if (s.task === "binary") return new BinaryPrecision(s.options);
  if (s.task === "multiclass") return new MulticlassPrecision(s.options);
  return new MultilabelPrecision(s.options);
});

export type Recall = BinaryRecall | MulticlassRecall | MultilabelRecall;
export const Recall = taskWrapper<
  TaskConstructor<StatTaskOptions, BinaryRecall, MulticlassRecall, MultilabelRecall>, StatTaskOptions
>("Recall", (o) => {
  const s = splitStatTask(o, "expected");
  if (s.task === "binary") return new BinaryRecall(s.options);
  if (s.task === "multiclass") return new MulticlassRecall(s.options);
  return new MultilabelRecall(s.options);
});

// F-beta and F1 scores: weighted harmonic means of precision and recall.

/** `beta` weighs recall beta times as much as precision. */
export interface BetaOption {
  beta: number;
}

function validBeta(o: { beta: number; validateArgs?: boolean }): number {
  if (o.validateArgs ?? true) checkBeta(o.beta);
  return o.beta;
}

export class BinaryFBetaScore extends BinaryStatScores {
  readonly beta: number;
  constructor(options: BinaryStatOptions & BetaOption) {
    super(options);
    this.beta = validBeta(options);
  }
  protected override computeFrom(s: BinaryStatState): Tensor {
    return fbetaReduce(s.counts, this.beta, "binary", { zeroDivision: s.cfg.zeroDivision });
  }
}

export class MulticlassFBetaScore extends MulticlassStatScores {
  readonly beta: number;
  constructor(options: MulticlassStatOptions & BetaOption) {
    super(options);
    this.beta = validBeta(options);
  }
  protected override computeFrom(s: MulticlassStatState): Tensor {
    return fbetaReduce(s.counts, this.beta, s.cfg.average, { zeroDivision: s.cfg.zeroDivision });
  }
}

export class MultilabelFBetaScore extends MultilabelStatScores {
  readonly beta: number;
  constructor(options: MultilabelStatOptions & BetaOption) {
    super(options);
    this.beta = validBeta(options);
  }
  protected override computeFrom(s: MultilabelStatState): Tensor {
    return fbetaReduce(s.counts, this.beta, s.cfg.average, { multilabel: true, zeroDivision: s.cfg.zeroDivision });
  }
}

export class BinaryF1Score extends BinaryFBetaScore {
  constructor(options: BinaryStatOptions = {}) {
    super({ ...options, beta: 1 });
  }
}

export class MulticlassF1Score extends MulticlassFBetaScore {
  constructor(options: MulticlassStatOptions = {}) {
    super({ ...options, beta: 1 });
  }
}

export class MultilabelF1Score extends MultilabelFBetaScore {
  constructor(options: MultilabelStatOptions) {
    super({ ...options, beta: 1 });
  }
}

/** Options of `FBetaScore` / `fbetaScore`: `beta` defaults to 1. */
export type FBetaTaskOptions = StatTaskOptions & Partial<BetaOption>;

export type FBetaScore = BinaryFBetaScore | MulticlassFBetaScore | MultilabelFBetaScore;
export const FBetaScore = taskWrapper<
  TaskConstructor<FBetaTaskOptions, BinaryFBetaScore, MulticlassFBetaScore, MultilabelFBetaScore>, FBetaTaskOptions
>("FBetaScore", (o) => {
  const s = splitStatTask(o, "expected");
  const beta = o.beta ?? 1;
  if (s.task === "binary") return new BinaryFBetaScore({ ...s.options, beta });
  if (s.task === "multiclass") return new MulticlassFBetaScore({ ...s.options, beta });
  return new MultilabelFBetaScore({ ...s.options, beta });
});

export type F1Score = BinaryF1Score | MulticlassF1Score | MultilabelF1Score;
export const F1Score = taskWrapper<
  TaskConstructor<StatTaskOptions, BinaryF1Score, MulticlassF1Score, MultilabelF1Score>, StatTaskOptions
>("F1Score", (o) => {
  const s = splitStatTask(o, "expected");
  if (s.task === "binary") return new BinaryF1Score(s.options);
  if (s.task === "multiclass") return new MulticlassF1Score(s.options);
  return new MultilabelF1Score(s.options);
});

// Precision of one batch. The same computation as the classes: one update, then compute.

export function binaryPrecision(preds: Tensor, target: Tensor, options: BinaryStatOptions = {}): Tensor {
  return computeOnce(new BinaryPrecision(options), preds, target);
}

export function multiclassPrecision(preds: Tensor, target: Tensor, options: MulticlassStatOptions = {}): Tensor {
  return computeOnce(new MulticlassPrecision(options), preds, target);
}

export function multilabelPrecision(preds: Tensor, target: Tensor, options: MultilabelStatOptions): Tensor {
  return computeOnce(new MultilabelPrecision(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "micro". */
export function precision(preds: Tensor, target: Tensor, options: StatTaskOptions): Tensor {
  const s = splitStatTask(options, "expected");
  if (s.task === "binary") return binaryPrecision(preds, target, { ...s.options });
  if (s.task === "multiclass") return multiclassPrecision(preds, target, { ...s.options });
  return multilabelPrecision(preds, target, { ...s.options });
}

// Recall of one batch. The same computation as the classes: one update, then compute.

export function binaryRecall(preds: Tensor, target: Tensor, options: BinaryStatOptions = {}): Tensor {
  return computeOnce(new BinaryRecall(options), preds, target);
}

export function multiclassRecall(preds: Tensor, target: Tensor, options: MulticlassStatOptions = {}): Tensor {
  return computeOnce(new MulticlassRecall(options), preds, target);
}

export function multilabelRecall(preds: Tensor, target: Tensor, options: MultilabelStatOptions): Tensor {
  return computeOnce(new MultilabelRecall(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "micro". */
export function recall(preds: Tensor, target: Tensor, options: StatTaskOptions): Tensor {
  const s = splitStatTask(options, "expected");
  if (s.task === "binary") return binaryRecall(preds, target, { ...s.options });
  if (s.task === "multiclass") return multiclassRecall(preds, target, { ...s.options });
  return multilabelRecall(preds, target, { ...s.options });
}

// F-beta score of one batch. The same computation as the classes: one update, then compute.

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

// F1 score of one batch. The same computation as the classes: one update, then compute.

export function binaryF1Score(preds: Tensor, target: Tensor, options: BinaryStatOptions = {}): Tensor {
  return computeOnce(new BinaryF1Score(options), preds, target);
}

export function multiclassF1Score(preds: Tensor, target: Tensor, options: MulticlassStatOptions = {}): Tensor {
  return computeOnce(new MulticlassF1Score(options), preds, target);
}

export function multilabelF1Score(preds: Tensor, target: Tensor, options: MultilabelStatOptions): Tensor {
  return computeOnce(new MultilabelF1Score(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "micro". */
export function f1Score(preds: Tensor, target: Tensor, options: StatTaskOptions): Tensor {
  const s = splitStatTask(options, "expected");
  if (s.task === "binary") return binaryF1Score(preds, target, { ...s.options });
  if (s.task === "multiclass") return multiclassF1Score(preds, target, { ...s.options });
  return multilabelF1Score(preds, target, { ...s.options });
}
