/** F-beta and F1 scores: weighted harmonic means of precision and recall. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryStatOptions, MulticlassStatOptions, MultilabelStatOptions } from "../core/stat-config.js";
import type { BinaryStatState, MulticlassStatState, MultilabelStatState } from "../core/stat-states.js";
import { checkBeta } from "../internal/validate-args.js";
import { fbetaReduce } from "../reduce/stat-reductions.js";
import { splitStatTask, type StatTaskOptions } from "../functional/stat-task.js";
import { BinaryStatScores, MulticlassStatScores, MultilabelStatScores } from "./stat-scores.js";
import { taskWrapper, type TaskConstructor } from "./task-wrapper.js";

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
