/**
 * The confusion-matrix family: the confusion matrix and the scores computed from it
 * (Jaccard index, Matthews correlation, Cohen's kappa), as classes, then their functional
 * forms (one update and one compute of the class).
 */
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { type Average, checkStatAverage, checkZeroDivision, pyStr, pyTuple, type ZeroDivision } from "./core/common.js";
import {
  binaryConfmatConfig, type BinaryConfmatOptions, ConfmatState, type ConfmatTaskOptions,
  multiclassConfmatConfig, type MulticlassConfmatOptions, multilabelConfmatConfig,
  type MultilabelConfmatOptions, type Normalize, type NormalizeOption, splitBinaryMulticlassTask,
  splitConfmatTask,
} from "./core/confmat-state.js";
import { computeOnce, Metric, type TaskConstructor, taskWrapper, type TwoTaskConstructor } from "./metric.js";
import {
  cohenKappaReduce, jaccardReduce, type KappaWeights, matthewsReduce, normalizeConfmat,
} from "./reduce/confmat.js";

// Confusion matrices: the base class of the Jaccard, Matthews and Cohen's kappa metrics.

abstract class ConfmatMetric<Out> extends Metric<ConfmatState, Out> {
  /** The accumulated counts, rows are targets. */
  get confmat(): Tensor {
    return normalizeConfmat(this.state.matrix, this.state.shape, null);
  }
}

export class BinaryConfusionMatrix extends ConfmatMetric<Tensor> {
  readonly normalize: Normalize;
  constructor(options: BinaryConfmatOptions & NormalizeOption = {}) {
    super(new ConfmatState("binary", binaryConfmatConfig(options)));
    this.normalize = options.normalize ?? null;
  }
  protected computeFrom(s: ConfmatState): Tensor {
    return normalizeConfmat(s.matrix, s.shape, this.normalize);
  }
}

export class MulticlassConfusionMatrix extends ConfmatMetric<Tensor> {
  readonly normalize: Normalize;
  constructor(options: MulticlassConfmatOptions & NormalizeOption) {
    super(new ConfmatState("multiclass", multiclassConfmatConfig(options)));
    this.normalize = options.normalize ?? null;
  }
  protected computeFrom(s: ConfmatState): Tensor {
    return normalizeConfmat(s.matrix, s.shape, this.normalize);
  }
}

export class MultilabelConfusionMatrix extends ConfmatMetric<Tensor> {
  readonly normalize: Normalize;
  constructor(options: MultilabelConfmatOptions & NormalizeOption) {
    super(new ConfmatState("multilabel", multilabelConfmatConfig(options)));
    this.normalize = options.normalize ?? null;
  }
  protected computeFrom(s: ConfmatState): Tensor {
    return normalizeConfmat(s.matrix, s.shape, this.normalize);
  }
}

export type ConfusionMatrixTaskOptions = ConfmatTaskOptions & NormalizeOption;

export type ConfusionMatrix = BinaryConfusionMatrix | MulticlassConfusionMatrix | MultilabelConfusionMatrix;
export const ConfusionMatrix = taskWrapper<
  TaskConstructor<ConfusionMatrixTaskOptions, BinaryConfusionMatrix, MulticlassConfusionMatrix, MultilabelConfusionMatrix>,
  ConfusionMatrixTaskOptions
>("ConfusionMatrix", (o) => {
  const s = splitConfmatTask(o);
  const normalize = o.normalize;
  if (s.task === "binary") return new BinaryConfusionMatrix({ ...s.options, normalize });
  if (s.task === "multiclass") return new MulticlassConfusionMatrix({ ...s.options, normalize });
  return new MultilabelConfusionMatrix({ ...s.options, normalize });
});

// Jaccard index (intersection over union) of the predicted and true classes.

export interface JaccardExtraOptions {
  zeroDivision?: ZeroDivision;
}
export interface JaccardAverageOption {
  /** Default "macro". */
  average?: Average;
}

function zeroDivisionOf(o: JaccardExtraOptions & { validateArgs?: boolean }): ZeroDivision {
  const zd = o.zeroDivision ?? 0;
  if (o.validateArgs ?? true) checkZeroDivision(zd);
  return zd;
}

function averageOf(o: JaccardAverageOption & { validateArgs?: boolean }): Average {
  const average = o.average === undefined ? "macro" : o.average;
  if (o.validateArgs ?? true) checkStatAverage(average);
  return average;
}

export class BinaryJaccardIndex extends BinaryConfusionMatrix {
  readonly zeroDivision: ZeroDivision;
  constructor(options: BinaryConfmatOptions & JaccardExtraOptions = {}) {
    super(options);
    this.zeroDivision = zeroDivisionOf(options);
  }
  protected override computeFrom(s: ConfmatState): Tensor {
    return jaccardReduce(s.matrix, "binary", 2, { average: "binary", ignoreIndex: null, zeroDivision: this.zeroDivision });
  }
}

export class MulticlassJaccardIndex extends MulticlassConfusionMatrix {
  readonly zeroDivision: ZeroDivision;
  readonly average: Average;
  constructor(options: MulticlassConfmatOptions & JaccardExtraOptions & JaccardAverageOption) {
    super(options);
    this.zeroDivision = zeroDivisionOf(options);
    this.average = averageOf(options);
  }
  protected override computeFrom(s: ConfmatState): Tensor {
    return jaccardReduce(s.matrix, "multiclass", s.cfg.size, {
      average: this.average, ignoreIndex: s.cfg.ignoreIndex, zeroDivision: this.zeroDivision,
    });
  }
}

export class MultilabelJaccardIndex extends MultilabelConfusionMatrix {
  readonly zeroDivision: ZeroDivision;
  readonly average: Average;
  constructor(options: MultilabelConfmatOptions & JaccardExtraOptions & JaccardAverageOption) {
    super(options);
    this.zeroDivision = zeroDivisionOf(options);
    this.average = averageOf(options);
  }
  /**
   * torchmetrics' class leaves the ignore index out of the reduction; its function passes it,
   * where an index in [0, numLabels) then drops that label from the averages.
   */
  protected reductionIgnoreIndex(_s: ConfmatState): number | null {
    return null;
  }
  protected override computeFrom(s: ConfmatState): Tensor {
    return jaccardReduce(s.matrix, "multilabel", s.cfg.size, {
      average: this.average, ignoreIndex: this.reductionIgnoreIndex(s), zeroDivision: this.zeroDivision,
    });
  }
}

export type JaccardTaskOptions = ConfmatTaskOptions & JaccardExtraOptions & JaccardAverageOption;

export type JaccardIndex = BinaryJaccardIndex | MulticlassJaccardIndex | MultilabelJaccardIndex;
export const JaccardIndex = taskWrapper<
  TaskConstructor<JaccardTaskOptions, BinaryJaccardIndex, MulticlassJaccardIndex, MultilabelJaccardIndex>,
  JaccardTaskOptions
>("JaccardIndex", (o) => {
  const s = splitConfmatTask(o);
  const extra = { zeroDivision: o.zeroDivision };
  if (s.task === "binary") return new BinaryJaccardIndex({ ...s.options, ...extra });
  if (s.task === "multiclass") return new MulticlassJaccardIndex({ ...s.options, ...extra, average: o.average });
  return new MultilabelJaccardIndex({ ...s.options, ...extra, average: o.average });
});

// Matthews correlation coefficient: the correlation between predicted and true classes.

export class BinaryMatthewsCorrCoef extends BinaryConfusionMatrix {
  protected override computeFrom(s: ConfmatState): Tensor {
    return matthewsReduce(s.matrix, "binary", 2);
  }
}

export class MulticlassMatthewsCorrCoef extends MulticlassConfusionMatrix {
  protected override computeFrom(s: ConfmatState): Tensor {
    return matthewsReduce(s.matrix, "multiclass", s.cfg.size);
  }
}

export class MultilabelMatthewsCorrCoef extends MultilabelConfusionMatrix {
  protected override computeFrom(s: ConfmatState): Tensor {
    return matthewsReduce(s.matrix, "multilabel", s.cfg.size);
  }
}

export type MatthewsCorrCoef = BinaryMatthewsCorrCoef | MulticlassMatthewsCorrCoef | MultilabelMatthewsCorrCoef;
export const MatthewsCorrCoef = taskWrapper<
  TaskConstructor<ConfmatTaskOptions, BinaryMatthewsCorrCoef, MulticlassMatthewsCorrCoef, MultilabelMatthewsCorrCoef>,
  ConfmatTaskOptions
>("MatthewsCorrCoef", (o) => {
  const s = splitConfmatTask(o);
  if (s.task === "binary") return new BinaryMatthewsCorrCoef(s.options);
  if (s.task === "multiclass") return new MulticlassMatthewsCorrCoef(s.options);
  return new MultilabelMatthewsCorrCoef(s.options);
});

// Cohen's kappa: agreement between predicted and true classes beyond chance.

export type { KappaWeights };

export interface KappaOptions {
  /** Disagreement weights: none (0/1), "linear" |i - j| or "quadratic" (i - j)^2. */
  weights?: KappaWeights;
}

const WEIGHTS: readonly KappaWeights[] = ["linear", "quadratic", "none", null];

function weightsOf(o: KappaOptions & { validateArgs?: boolean }): KappaWeights {
  const w = o.weights === undefined ? null : o.weights;
  if ((o.validateArgs ?? true) && !WEIGHTS.includes(w)) {
    throw new ValueError(`Expected argument \`weight\` to be one of ${pyTuple(WEIGHTS)}, but got ${pyStr(w)}.`);
  }
  return w;
}

export class BinaryCohenKappa extends BinaryConfusionMatrix {
  readonly weights: KappaWeights;
  constructor(options: BinaryConfmatOptions & KappaOptions = {}) {
    super(options);
    this.weights = weightsOf(options);
  }
  protected override computeFrom(s: ConfmatState): Tensor {
    return cohenKappaReduce(s.matrix, 2, this.weights);
  }
}

export class MulticlassCohenKappa extends MulticlassConfusionMatrix {
  readonly weights: KappaWeights;
  constructor(options: MulticlassConfmatOptions & KappaOptions) {
    super(options);
    this.weights = weightsOf(options);
  }
  protected override computeFrom(s: ConfmatState): Tensor {
    return cohenKappaReduce(s.matrix, s.cfg.size, this.weights);
  }
}

export type CohenKappaTaskOptions = ConfmatTaskOptions & KappaOptions;

export type CohenKappa = BinaryCohenKappa | MulticlassCohenKappa;
export const CohenKappa = taskWrapper<
  TwoTaskConstructor<CohenKappaTaskOptions, BinaryCohenKappa, MulticlassCohenKappa>, CohenKappaTaskOptions
>("CohenKappa", (o) => {
  const s = splitBinaryMulticlassTask(o);
  if (s.task === "binary") return new BinaryCohenKappa({ ...s.options, weights: o.weights });
  return new MulticlassCohenKappa({ ...s.options, weights: o.weights });
});

// Confusion matrix of one batch (rows: targets, columns: predictions).

export function binaryConfusionMatrix(
  preds: Tensor, target: Tensor, options: BinaryConfmatOptions & NormalizeOption = {},
): Tensor {
  return computeOnce(new BinaryConfusionMatrix(options), preds, target);
}

export function multiclassConfusionMatrix(
  preds: Tensor, target: Tensor, options: MulticlassConfmatOptions & NormalizeOption,
): Tensor {
  return computeOnce(new MulticlassConfusionMatrix(options), preds, target);
}

export function multilabelConfusionMatrix(
  preds: Tensor, target: Tensor, options: MultilabelConfmatOptions & NormalizeOption,
): Tensor {
  return computeOnce(new MultilabelConfusionMatrix(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task. */
export function confusionMatrix(preds: Tensor, target: Tensor, options: ConfusionMatrixTaskOptions): Tensor {
  const s = splitConfmatTask(options);
  const normalize = options.normalize;
  if (s.task === "binary") return binaryConfusionMatrix(preds, target, { ...s.options, normalize });
  if (s.task === "multiclass") return multiclassConfusionMatrix(preds, target, { ...s.options, normalize });
  return multilabelConfusionMatrix(preds, target, { ...s.options, normalize });
}

// Jaccard index of one batch.

/** torchmetrics' function, unlike its class, hands the ignore index to the multi-label reduction. */
class MultilabelJaccardOfBatch extends MultilabelJaccardIndex {
  protected override reductionIgnoreIndex(s: ConfmatState): number | null {
    return s.cfg.ignoreIndex;
  }
}

export function binaryJaccardIndex(preds: Tensor, target: Tensor, options: BinaryConfmatOptions & JaccardExtraOptions = {}): Tensor {
  return computeOnce(new BinaryJaccardIndex(options), preds, target);
}

export function multiclassJaccardIndex(
  preds: Tensor, target: Tensor, options: MulticlassConfmatOptions & JaccardExtraOptions & JaccardAverageOption,
): Tensor {
  return computeOnce(new MulticlassJaccardIndex(options), preds, target);
}

export function multilabelJaccardIndex(
  preds: Tensor, target: Tensor, options: MultilabelConfmatOptions & JaccardExtraOptions & JaccardAverageOption,
): Tensor {
  return computeOnce(new MultilabelJaccardOfBatch(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "macro". */
export function jaccardIndex(preds: Tensor, target: Tensor, options: JaccardTaskOptions): Tensor {
  const s = splitConfmatTask(options);
  const extra = { zeroDivision: options.zeroDivision };
  if (s.task === "binary") return binaryJaccardIndex(preds, target, { ...s.options, ...extra });
  if (s.task === "multiclass") return multiclassJaccardIndex(preds, target, { ...s.options, ...extra, average: options.average });
  return multilabelJaccardIndex(preds, target, { ...s.options, ...extra, average: options.average });
}

// Matthews correlation coefficient of one batch.

export function binaryMatthewsCorrcoef(preds: Tensor, target: Tensor, options: BinaryConfmatOptions = {}): Tensor {
  return computeOnce(new BinaryMatthewsCorrCoef(options), preds, target);
}

export function multiclassMatthewsCorrcoef(preds: Tensor, target: Tensor, options: MulticlassConfmatOptions): Tensor {
  return computeOnce(new MulticlassMatthewsCorrCoef(options), preds, target);
}

export function multilabelMatthewsCorrcoef(preds: Tensor, target: Tensor, options: MultilabelConfmatOptions): Tensor {
  return computeOnce(new MultilabelMatthewsCorrCoef(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task. */
export function matthewsCorrcoef(preds: Tensor, target: Tensor, options: ConfmatTaskOptions): Tensor {
  const s = splitConfmatTask(options);
  if (s.task === "binary") return binaryMatthewsCorrcoef(preds, target, s.options);
  if (s.task === "multiclass") return multiclassMatthewsCorrcoef(preds, target, s.options);
  return multilabelMatthewsCorrcoef(preds, target, s.options);
}

// Cohen's kappa of one batch.

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
