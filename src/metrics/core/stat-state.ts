/**
 * The stat-score family's options (accuracy, precision, recall, F-scores, specificity,
 * hamming), their task-agnostic form, and the state the family's metrics accumulate.
 */
import { ShapeError, ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import {
  ALL_TASKS, type Average, checkIgnoreIndex, checkMulticlassStatArgs, checkMultidimAverage, checkNumLabels,
  checkStatAverage, checkThreshold, checkZeroDivision, type CommonOptions, type IntArgWording, type MetricState,
  type MultidimAverage, parseTask, requireInt, type Task, type ZeroDivision, type DeviceState,
} from "./common.js";
import {
  type BadValueMessages, binaryBadValues, binaryCounts, DeviceTally, multiclassBadValues, multiclassCounts,
} from "./device-counts.js";
import type { Device } from "../../tensor/device.js";
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
// false), turns it into decisions or labels, counts, and adds the counts to the state. On a
// device, the batch becomes bin numbers counted there (core/device-counts.ts): the shape
// checks run at once, the value checks when the counts are read.

abstract class StatState<Self extends StatState<Self>> implements MetricState<Self>, DeviceState<Self> {
  counts: StatCounts;
  device: Device = "cpu";
  /** Counts waiting on the device, after `counts`. */
  protected tally: DeviceTally | null = null;

  constructor(cols: number, samplewise: boolean) {
    this.counts = emptyCounts(cols, samplewise);
  }

  /** A new state of these settings on the CPU. */
  protected abstract fresh(): Self;
  protected abstract updateCpu(preds: Tensor, target: Tensor): void;
  /** Checks the shapes and adds the batch to the device's tally. */
  protected abstract updateDevice(tally: DeviceTally, preds: Tensor, target: Tensor): void;
  protected abstract countsOf(parts: { bins: Float64Array; rows: number }[]): StatCounts;
  protected abstract badValues(): BadValueMessages;

  update(preds: Tensor, target: Tensor): void {
    if (this.device === "cpu") this.updateCpu(preds, target);
    else this.updateDevice((this.tally ??= new DeviceTally(this.device)), preds, target);
  }
  empty(): Self {
    const e = this.fresh();
    e.device = this.device;
    return e;
  }
  merge(other: Self): void {
    this.counts = mergeCounts(this.counts, other.counts);
    if (other.tally) (this.tally ??= new DeviceTally(other.tally.device)).merge(other.tally);
  }
  moveTo(device: Device): void {
    this.device = device;
  }
  get pendingOnDevice(): boolean {
    return this.tally !== null;
  }
  async hostAsync(): Promise<Self> {
    const host = this.fresh();
    host.counts = this.tally ? mergeCounts(this.counts, this.countsOf(await this.tally.readAsync(this.badValues()))) : this.counts;
    return host;
  }
}

export class BinaryStatState extends StatState<BinaryStatState> {
  constructor(readonly cfg: BinaryStatConfig) {
    super(1, cfg.samplewise);
  }
  private checkRank(preds: Tensor): void {
    if (this.cfg.samplewise && preds.ndim < 2) {
      throw new ShapeError("Expected input to be at least 2D when multidim_average is set to `samplewise`");
    }
  }
  protected updateCpu(preds: Tensor, target: Tensor): void {
    const { cfg } = this;
    if (cfg.validateArgs) {
      checkSameShape(preds, target);
      checkBinaryTargetValues(target, cfg.ignoreIndex);
      checkBinaryLabelPreds(preds, true);
      this.checkRank(preds);
    }
    const d = decideBinary(preds, target, { threshold: cfg.threshold, ignoreIndex: cfg.ignoreIndex, cols: 1, logitScope: "all" });
    this.counts = mergeCounts(this.counts, countDecisions(d, cfg.samplewise));
  }
  protected updateDevice(tally: DeviceTally, preds: Tensor, target: Tensor): void {
    const { cfg } = this;
    if (cfg.validateArgs) {
      checkSameShape(preds, target);
      this.checkRank(preds);
    }
    tally.addBinary(preds, target, {
      threshold: cfg.threshold, ignoreIndex: cfg.ignoreIndex, cols: 1, logitScope: "all", samplewise: cfg.samplewise, validate: cfg.validateArgs,
    });
  }
  protected countsOf(parts: { bins: Float64Array; rows: number }[]): StatCounts {
    return binaryCounts(parts, 1, this.cfg.samplewise);
  }
  protected badValues(): BadValueMessages {
    return binaryBadValues(this.device, this.cfg.ignoreIndex);
  }
  protected fresh(): BinaryStatState {
    return new BinaryStatState(this.cfg);
  }
}

export class MulticlassStatState extends StatState<MulticlassStatState> {
  constructor(readonly cfg: MulticlassStatConfig) {
    super(cfg.numClasses ?? 1, cfg.samplewise);
  }
  private checkShapes(preds: Tensor, target: Tensor): void {
    const { cfg } = this;
    if (cfg.validateArgs) checkMulticlassShapes(preds, target, cfg.numClasses, cfg.samplewise);
    if (cfg.topK > 1 && preds.ndim !== target.ndim + 1) {
      throw new ShapeError(`top_k=${cfg.topK} needs scores of shape (N, C, ...), but \`preds\` has the shape of \`target\``);
    }
    if (cfg.topK > 1 && cfg.numClasses === undefined) throw new ValueError("`num_classes` is needed when `top_k` > 1");
  }
  protected updateCpu(preds: Tensor, target: Tensor): void {
    const { cfg } = this;
    this.checkShapes(preds, target);
    const lab = decodeMulticlass(preds, target, {
      numClasses: cfg.numClasses, topK: cfg.topK, ignoreIndex: cfg.ignoreIndex, checkUniqueCounts: cfg.validateArgs,
    });
    this.counts = mergeCounts(this.counts, countMulticlass(lab, cfg.numClasses, cfg.samplewise));
  }
  protected updateDevice(tally: DeviceTally, preds: Tensor, target: Tensor): void {
    const { cfg } = this;
    this.checkShapes(preds, target);
    if (cfg.numClasses === undefined && cfg.samplewise) throw new ValueError("`num_classes` is needed when multidim_average is set to `samplewise`");
    tally.addMulticlass(preds, target, { numClasses: cfg.numClasses, topK: cfg.topK, ignoreIndex: cfg.ignoreIndex, samplewise: cfg.samplewise });
  }
  protected countsOf(parts: { bins: Float64Array; rows: number }[]): StatCounts {
    return multiclassCounts(parts, this.cfg.numClasses, this.cfg.samplewise);
  }
  protected badValues(): BadValueMessages {
    return multiclassBadValues(this.device, this.cfg.numClasses ?? 0, this.cfg.ignoreIndex);
  }
  protected fresh(): MulticlassStatState {
    return new MulticlassStatState(this.cfg);
  }
}

export class MultilabelStatState extends StatState<MultilabelStatState> {
  constructor(readonly cfg: MultilabelStatConfig) {
    super(cfg.numLabels, cfg.samplewise);
  }
  private checkRank(preds: Tensor): void {
    if (this.cfg.samplewise && preds.ndim < 3) {
      throw new ShapeError("Expected input to be at least 3D when multidim_average is set to `samplewise`");
    }
  }
  protected updateCpu(preds: Tensor, target: Tensor): void {
    const { cfg } = this;
    if (cfg.validateArgs) {
      checkMultilabelShapes(preds, target, cfg.numLabels);
      checkBinaryTargetValues(target, cfg.ignoreIndex);
      checkBinaryLabelPreds(preds, false);
      this.checkRank(preds);
    }
    const d = decideBinary(preds, target, {
      threshold: cfg.threshold, ignoreIndex: cfg.ignoreIndex, cols: cfg.numLabels, logitScope: "all",
    });
    this.counts = mergeCounts(this.counts, countDecisions(d, cfg.samplewise));
  }
  protected updateDevice(tally: DeviceTally, preds: Tensor, target: Tensor): void {
    const { cfg } = this;
    if (cfg.validateArgs) {
      checkMultilabelShapes(preds, target, cfg.numLabels);
      this.checkRank(preds);
    }
    tally.addBinary(preds, target, {
      threshold: cfg.threshold, ignoreIndex: cfg.ignoreIndex, cols: cfg.numLabels, logitScope: "all", samplewise: cfg.samplewise, validate: cfg.validateArgs,
    });
  }
  protected countsOf(parts: { bins: Float64Array; rows: number }[]): StatCounts {
    return binaryCounts(parts, this.cfg.numLabels, this.cfg.samplewise);
  }
  protected badValues(): BadValueMessages {
    return binaryBadValues(this.device, this.cfg.ignoreIndex, "multilabel");
  }
  protected fresh(): MultilabelStatState {
    return new MultilabelStatState(this.cfg);
  }
}
