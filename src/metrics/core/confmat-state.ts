/**
 * The confusion-matrix family's options (confusion matrix, Jaccard, Matthews, Cohen's
 * kappa, calibration's task form), their task-agnostic form, and the matrices accumulated.
 */
import type { Tensor } from "../../tensor/tensor.js";
import {
  ALL_TASKS, checkIgnoreIndex, checkNormalize, checkNumClasses, checkNumLabels, checkThreshold,
  type CommonOptions, type DeviceState, type MetricState, NO_MULTILABEL, type Normalize, parseTask, requireInt, type Task,
} from "./common.js";
import type { Device } from "../../tensor/device.js";
import {
  binaryBadValues, binaryCounts, confmatOf, DeviceTally, multiclassBadValues,
} from "./device-counts.js";
import { countDecisions, decideBinary, decodeMulticlass, multiclassConfmat, type StatCounts } from "./labels.js";
import {
  checkBinaryLabelPreds, checkBinaryTargetValues, checkMulticlassShapes, checkMultilabelShapes, checkSameShape,
} from "./tensors.js";

// Options of the confusion-matrix family (confusion matrix, Jaccard, Matthews, Cohen's kappa).

export type { Normalize };

export interface BinaryConfmatOptions extends CommonOptions {
  threshold?: number;
}

export interface MulticlassConfmatOptions extends CommonOptions {
  numClasses: number;
}

export interface MultilabelConfmatOptions extends CommonOptions {
  numLabels: number;
  threshold?: number;
}

/** `normalize`: divide counts by the true-class totals ("true"), predicted totals ("pred") or all ("all"). */
export interface NormalizeOption {
  normalize?: Normalize;
}

export interface ConfmatConfig {
  readonly threshold: number;
  readonly ignoreIndex: number | null;
  readonly validateArgs: boolean;
  /** Classes (multi-class) or labels (multi-label); 2 for binary. */
  readonly size: number;
}

export function binaryConfmatConfig(o: BinaryConfmatOptions & NormalizeOption = {}): ConfmatConfig {
  const cfg = { threshold: o.threshold ?? 0.5, ignoreIndex: o.ignoreIndex ?? null, validateArgs: o.validateArgs ?? true, size: 2 };
  if (cfg.validateArgs) {
    checkThreshold(cfg.threshold, true);
    checkIgnoreIndex(cfg.ignoreIndex);
    checkNormalize(o.normalize === undefined ? null : o.normalize);
  }
  return cfg;
}

export function multiclassConfmatConfig(o: MulticlassConfmatOptions & NormalizeOption): ConfmatConfig {
  const cfg = { threshold: 0.5, ignoreIndex: o.ignoreIndex ?? null, validateArgs: o.validateArgs ?? true, size: o.numClasses };
  if (cfg.validateArgs) {
    checkNumClasses(o.numClasses);
    checkIgnoreIndex(cfg.ignoreIndex);
    checkNormalize(o.normalize === undefined ? null : o.normalize);
  }
  return cfg;
}

export function multilabelConfmatConfig(o: MultilabelConfmatOptions & NormalizeOption): ConfmatConfig {
  const cfg = { threshold: o.threshold ?? 0.5, ignoreIndex: o.ignoreIndex ?? null, validateArgs: o.validateArgs ?? true, size: o.numLabels };
  if (cfg.validateArgs) {
    checkNumLabels(o.numLabels);
    checkThreshold(cfg.threshold, false);
    checkIgnoreIndex(cfg.ignoreIndex);
    checkNormalize(o.normalize === undefined ? null : o.normalize);
  }
  return cfg;
}

// Splits the options of a task-agnostic confusion-matrix metric into the task-specific options.

export interface ConfmatTaskOptions extends CommonOptions {
  task: Task;
  threshold?: number;
  numClasses?: number;
  numLabels?: number;
}

export type SplitConfmatOptions =
  | { task: "binary"; options: BinaryConfmatOptions }
  | { task: "multiclass"; options: MulticlassConfmatOptions }
  | { task: "multilabel"; options: MultilabelConfmatOptions };

export function splitConfmatTask(o: ConfmatTaskOptions, tasks: readonly Task[] = ALL_TASKS): SplitConfmatOptions {
  const task = parseTask(o.task, tasks);
  const shared = { ignoreIndex: o.ignoreIndex, validateArgs: o.validateArgs };
  if (task === "binary") return { task, options: { threshold: o.threshold, ...shared } };
  if (task === "multiclass") {
    return { task, options: { numClasses: requireInt(o.numClasses, "num_classes", task, "expected"), ...shared } };
  }
  const numLabels = requireInt(o.numLabels, "num_labels", task, "expected");
  return { task, options: { numLabels, threshold: o.threshold, ...shared } };
}

/** For Cohen's kappa and the calibration error, which have no multi-label form. */
export function splitBinaryMulticlassTask(o: ConfmatTaskOptions): Exclude<SplitConfmatOptions, { task: "multilabel" }> {
  // parseTask throws on "multilabel", which NO_MULTILABEL leaves out
  return splitConfmatTask(o, NO_MULTILABEL) as Exclude<SplitConfmatOptions, { task: "multilabel" }>;
}

// Accumulated confusion matrices: 2 x 2 (binary), C x C (multi-class, rows are targets) and
// L x 2 x 2 (one binary matrix per label), each laid out as [[tn, fp], [fn, tp]] for the
// binary ones. Built on the same decisions and labels as the stat scores.

export type ConfmatKind = "binary" | "multiclass" | "multilabel";

export class ConfmatState implements MetricState<ConfmatState>, DeviceState<ConfmatState> {
  /** Counts in row-major order of `shape`. */
  matrix: Float64Array;
  readonly shape: readonly number[];
  device: Device = "cpu";
  /** Counts waiting on the device (core/device-counts.ts), after `matrix`. */
  private tally: DeviceTally | null = null;

  constructor(readonly kind: ConfmatKind, readonly cfg: ConfmatConfig) {
    this.shape = kind === "binary" ? [2, 2] : kind === "multiclass" ? [cfg.size, cfg.size] : [cfg.size, 2, 2];
    this.matrix = new Float64Array(this.shape.reduce((a, b) => a * b, 1));
  }

  update(preds: Tensor, target: Tensor): void {
    if (this.device !== "cpu") {
      const tally = (this.tally ??= new DeviceTally(this.device));
      if (this.kind === "multiclass") this.multiclassOnDevice(tally, preds, target);
      else this.binaryLikeOnDevice(tally, preds, target);
      return;
    }
    const add = this.kind === "multiclass" ? this.multiclass(preds, target) : this.binaryLike(preds, target);
    for (let i = 0; i < add.length; i++) this.matrix[i] += add[i];
  }

  private multiclass(preds: Tensor, target: Tensor): Float64Array {
    const { cfg } = this;
    if (cfg.validateArgs) checkMulticlassShapes(preds, target, cfg.size, false, true);
    const lab = decodeMulticlass(preds, target, {
      numClasses: cfg.size, topK: 1, ignoreIndex: cfg.ignoreIndex, checkUniqueCounts: cfg.validateArgs, confmatWording: true,
    });
    return multiclassConfmat(lab, cfg.size);
  }

  private multiclassOnDevice(tally: DeviceTally, preds: Tensor, target: Tensor): void {
    const { cfg } = this;
    if (cfg.validateArgs) checkMulticlassShapes(preds, target, cfg.size, false, true);
    tally.addMulticlass(preds, target, { numClasses: cfg.size, topK: 1, ignoreIndex: cfg.ignoreIndex, samplewise: false });
  }

  private binaryLike(preds: Tensor, target: Tensor): Float64Array {
    const { cfg } = this;
    const multilabel = this.kind === "multilabel";
    if (cfg.validateArgs) {
      if (multilabel) checkMultilabelShapes(preds, target, cfg.size);
      else checkSameShape(preds, target);
      checkBinaryTargetValues(target, cfg.ignoreIndex);
      checkBinaryLabelPreds(preds, false);
    }
    const d = decideBinary(preds, target, {
      threshold: cfg.threshold, ignoreIndex: cfg.ignoreIndex, cols: multilabel ? cfg.size : 1,
      // the binary matrix drops ignored positions before looking for logits, the multi-label one after
      logitScope: multilabel ? "all" : "kept",
    });
    return binaryMatrices(countDecisions(d, false));
  }

  private binaryLikeOnDevice(tally: DeviceTally, preds: Tensor, target: Tensor): void {
    const { cfg } = this;
    const multilabel = this.kind === "multilabel";
    if (cfg.validateArgs) {
      if (multilabel) checkMultilabelShapes(preds, target, cfg.size);
      else checkSameShape(preds, target);
    }
    tally.addBinary(preds, target, {
      threshold: cfg.threshold, ignoreIndex: cfg.ignoreIndex, cols: multilabel ? cfg.size : 1,
      logitScope: multilabel ? "all" : "kept", samplewise: false, validate: cfg.validateArgs,
    });
  }

  empty(): ConfmatState {
    const e = new ConfmatState(this.kind, this.cfg);
    e.device = this.device;
    return e;
  }

  merge(other: ConfmatState): void {
    for (let i = 0; i < this.matrix.length; i++) this.matrix[i] += other.matrix[i];
    if (other.tally) (this.tally ??= new DeviceTally(other.tally.device)).merge(other.tally);
  }

  moveTo(device: Device): void {
    this.device = device;
  }

  get pendingOnDevice(): boolean {
    return this.tally !== null;
  }

  async hostAsync(): Promise<ConfmatState> {
    const host = new ConfmatState(this.kind, this.cfg);
    host.matrix = this.matrix.slice();
    if (!this.tally) return host;
    const multiclass = this.kind === "multiclass";
    const bad = multiclass ? multiclassBadValues(this.device, this.cfg.size, this.cfg.ignoreIndex) : binaryBadValues(this.device, this.cfg.ignoreIndex);
    const parts = await this.tally.readAsync(bad);
    const add = multiclass ? confmatOf(parts, this.cfg.size * this.cfg.size) : binaryMatrices(binaryCounts(parts, this.kind === "multilabel" ? this.cfg.size : 1, false));
    for (let i = 0; i < add.length; i++) host.matrix[i] += add[i];
    return host;
  }
}

/** One [[tn, fp], [fn, tp]] block per column of the counts. */
function binaryMatrices(c: StatCounts): Float64Array {
  const out = new Float64Array(4 * c.cols);
  for (let k = 0; k < c.cols; k++) out.set([c.tn[k], c.fp[k], c.fn[k], c.tp[k]], 4 * k);
  return out;
}
