/** Stat scores [tp, fp, tn, fn, support]: the base class of every metric of the accuracy family. */
import type { Tensor } from "../../tensor/tensor.js";
import {
  binaryStatConfig, multiclassStatConfig, multilabelStatConfig,
  type BinaryStatOptions, type MulticlassStatOptions, type MultilabelStatOptions,
} from "../core/stat-config.js";
import { BinaryStatState, MulticlassStatState, MultilabelStatState } from "../core/stat-states.js";
import { statScoresReduce } from "../reduce/stat-scores-reduce.js";
import { splitStatTask, type StatTaskOptions } from "../functional/stat-task.js";
import { Metric } from "./metric.js";
import { taskWrapper, type TaskConstructor } from "./task-wrapper.js";

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
