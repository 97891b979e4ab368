/**
 * The stat-score family's options (accuracy, precision, recall, F-scores, specificity,
 * hamming), their task-agnostic form, and the state the family's metrics accumulate.
 */
import { ShapeError, ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import {
  ALL_TASKS, type Average, checkIgnoreIndex, checkMulticlassStatArgs, checkMultidimAverage, checkNumLabels,
  checkStatAverage, checkThreshold, checkZeroDivision, type CommonOptions, type IntArgWording, type MetricState,
  type MultidimAverage, parseTask, requireInt, type Task, type ZeroDivision,
} from "./common.js";
import {
  countDecisions, countMulticlass, decideBinary, decodeMulticlass, emptyCounts, mergeCounts, type StatCounts,
} from "./labels.js";
import {
  checkBinaryLabelPreds, checkBinaryTargetValues, checkMulticlassShapes, checkMultilabelShapes, checkSameShape,
} from "./tensors.js";

// Options of the stat-score family (accuracy, precision, recall, F-scores, specificity, hamming).

export interface BinaryStatOptions extends CommonOptions {
  /** Scores above it are positive (default 0.5). */
  threshold?: number;
  multidimAverage?: MultidimAverage;
  zeroDivision?: ZeroDivision;
}

export interface MulticlassStatOptions extends CommonOptions {
  numClasses?: number;
  /** Default "macro" (the task-agnostic functions and classes default to "micro"). */
  average?: Average;
  /** A position is right when its target is among the k highest scores (default 1). */
  topK?: number;
  multidimAverage?: MultidimAverage;
  zeroDivision?: ZeroDivision;
}

export interface MultilabelStatOptions extends CommonOptions {
  numLabels: number;
  threshold?: number;
  average?: Average;
  multidimAverage?: MultidimAverage;
  zeroDivision?: ZeroDivision;
}

export interface BinaryStatConfig {
  readonly threshold: number;
  readonly samplewise: boolean;
  readonly ignoreIndex: number | null;
  readonly validateArgs: boolean;
  readonly zeroDivision: ZeroDivision;
}

export interface MulticlassStatConfig {
  readonly numClasses: number | undefined;
  readonly average: Average;
  readonly topK: number;
  readonly samplewise: boolean;
  readonly ignoreIndex: number | null;
  readonly validateArgs: boolean;
  readonly zeroDivision: ZeroDivision;
}

export interface MultilabelStatConfig extends BinaryStatConfig {
  readonly numLabels: number;
  readonly average: Average;
}

function common(o: CommonOptions & { multidimAverage?: MultidimAverage; zeroDivision?: ZeroDivision }) {
  const multidim = o.multidimAverage ?? "global";
  const ignoreIndex = o.ignoreIndex ?? null;
  const zeroDivision = o.zeroDivision ?? 0;
  const validateArgs = o.validateArgs ?? true;
  if (validateArgs) {
    checkMultidimAverage(multidim);
    checkIgnoreIndex(ignoreIndex);
    checkZeroDivision(zeroDivision);
  }
  return { samplewise: multidim === "samplewise", ignoreIndex, zeroDivision, validateArgs };
}

export function binaryStatConfig(o: BinaryStatOptions = {}): BinaryStatConfig {
  const threshold = o.threshold ?? 0.5;
  const c = common(o);
  if (c.validateArgs) checkThreshold(threshold, true);
  return { threshold, ...c };
}

export function multiclassStatConfig(o: MulticlassStatOptions): MulticlassStatConfig {
  const average = o.average === undefined ? "macro" : o.average;
  const topK = o.topK ?? 1;
  const c = common(o);
  if (c.validateArgs) checkMulticlassStatArgs(o.numClasses ?? undefined, topK, average);
  return { numClasses: o.numClasses ?? undefined, average, topK, ...c };
}

export function multilabelStatConfig(o: MultilabelStatOptions): MultilabelStatConfig {
  const threshold = o.threshold ?? 0.5;
  const average = o.average === undefined ? "macro" : o.average;
  const c = common(o);
  if (c.validateArgs) {
    checkNumLabels(o.numLabels);
    checkThreshold(threshold, false);
    checkStatAverage(average);
  }
  return { numLabels: o.numLabels, threshold, average, ...c };
}

// Splits the options of a task-agnostic stat-score metric into the task-specific options.

export interface StatTaskOptions extends CommonOptions {
  task: Task;
  threshold?: number;
  numClasses?: number;
  numLabels?: number;
  /** Default "micro" here (the task-specific metrics default to "macro"). */
  average?: Average;
  multidimAverage?: MultidimAverage;
  topK?: number;
  zeroDivision?: ZeroDivision;
}

export type SplitStatOptions =
  | { task: "binary"; options: BinaryStatOptions }
  | { task: "multiclass"; options: MulticlassStatOptions & { numClasses: number } }
  | { task: "multilabel"; options: MultilabelStatOptions };

export function splitStatTask(o: StatTaskOptions, wording: IntArgWording): SplitStatOptions {
  const task = parseTask(o.task, ALL_TASKS);
  const shared = {
    multidimAverage: o.multidimAverage, ignoreIndex: o.ignoreIndex, validateArgs: o.validateArgs,
    zeroDivision: o.zeroDivision,
  };
  const average = o.average === undefined ? "micro" : o.average;
  if (task === "binary") return { task, options: { threshold: o.threshold, ...shared } };
  if (task === "multiclass") {
    const numClasses = requireInt(o.numClasses, "num_classes", task, wording);
    const topK = requireInt(o.topK ?? 1, "top_k", task, wording);
    return { task, options: { numClasses, topK, average, ...shared } };
  }
  const numLabels = requireInt(o.numLabels, "num_labels", task, wording);
  return { task, options: { numLabels, threshold: o.threshold, average, ...shared } };
}

// Accumulated stat counts of the three tasks. `update` checks a batch (unless validateArgs is
// false), turns it into decisions or labels, counts, and adds the counts to the state.

export class BinaryStatState implements MetricState<BinaryStatState> {
  counts: StatCounts;
  constructor(readonly cfg: BinaryStatConfig) {
    this.counts = emptyCounts(1, cfg.samplewise);
  }
  update(preds: Tensor, target: Tensor): void {
    const { cfg } = this;
    if (cfg.validateArgs) {
      checkSameShape(preds, target);
      checkBinaryTargetValues(target, cfg.ignoreIndex);
      checkBinaryLabelPreds(preds, true);
      if (cfg.samplewise && preds.ndim < 2) {
        throw new ShapeError("Expected input to be at least 2D when multidim_average is set to `samplewise`");
      }
    }
    const d = decideBinary(preds, target, { threshold: cfg.threshold, ignoreIndex: cfg.ignoreIndex, cols: 1, logitScope: "all" });
    this.counts = mergeCounts(this.counts, countDecisions(d, cfg.samplewise));
  }
  empty(): BinaryStatState {
    return new BinaryStatState(this.cfg);
  }
  merge(other: BinaryStatState): void {
    this.counts = mergeCounts(this.counts, other.counts);
  }
}

export class MulticlassStatState implements MetricState<MulticlassStatState> {
  counts: StatCounts;
  constructor(readonly cfg: MulticlassStatConfig) {
    this.counts = emptyCounts(cfg.numClasses ?? 1, cfg.samplewise);
  }
  update(preds: Tensor, target: Tensor): void {
    const { cfg } = this;
    if (cfg.validateArgs) checkMulticlassShapes(preds, target, cfg.numClasses, cfg.samplewise);
    if (cfg.topK > 1 && preds.ndim !== target.ndim + 1) {
      throw new ShapeError(`top_k=${cfg.topK} needs scores of shape (N, C, ...), but \`preds\` has the shape of \`target\``);
    }
    if (cfg.topK > 1 && cfg.numClasses === undefined) throw new ValueError("`num_classes` is needed when `top_k` > 1");
    const lab = decodeMulticlass(preds, target, {
      numClasses: cfg.numClasses, topK: cfg.topK, ignoreIndex: cfg.ignoreIndex, checkUniqueCounts: cfg.validateArgs,
    });
    this.counts = mergeCounts(this.counts, countMulticlass(lab, cfg.numClasses, cfg.samplewise));
  }
  empty(): MulticlassStatState {
    return new MulticlassStatState(this.cfg);
  }
  merge(other: MulticlassStatState): void {
    this.counts = mergeCounts(this.counts, other.counts);
  }
}

export class MultilabelStatState implements MetricState<MultilabelStatState> {
  counts: StatCounts;
  constructor(readonly cfg: MultilabelStatConfig) {
    this.counts = emptyCounts(cfg.numLabels, cfg.samplewise);
  }
  update(preds: Tensor, target: Tensor): void {
    const { cfg } = this;
    if (cfg.validateArgs) {
      checkMultilabelShapes(preds, target, cfg.numLabels);
      checkBinaryTargetValues(target, cfg.ignoreIndex);
      checkBinaryLabelPreds(preds, false);
      if (cfg.samplewise && preds.ndim < 3) {
        throw new ShapeError("Expected input to be at least 3D when multidim_average is set to `samplewise`");
      }
    }
    const d = decideBinary(preds, target, {
      threshold: cfg.threshold, ignoreIndex: cfg.ignoreIndex, cols: cfg.numLabels, logitScope: "all",
    });
    this.counts = mergeCounts(this.counts, countDecisions(d, cfg.samplewise));
  }
  empty(): MultilabelStatState {
    return new MultilabelStatState(this.cfg);
  }
  merge(other: MultilabelStatState): void {
    this.counts = mergeCounts(this.counts, other.counts);
  }
}
