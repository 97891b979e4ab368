/**
 * The areas under the curves: AUROC and average precision, as classes on the curve state,
 * then their functional forms.
 */
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { pyFloat, pyStr, pyTuple } from "./core/common.js";
import {
  binaryCurveConfig, type BinaryCurveOptions, binaryCurveState, type CurveState, type CurveTaskOptions,
  multiclassCurveConfig, type MulticlassCurveOptions, multiclassCurveState, multilabelCurveConfig,
  type MultilabelCurveOptions, multilabelCurveState, splitCurveTask,
} from "./core/curve-state.js";
import { f32 } from "./core/tensors.js";
import { CurveMetric } from "./curves.js";
import { computeOnce, type TaskConstructor, taskWrapper } from "./metric.js";
import {
  apArea, averageClasses, type ClassAverage, columnCurves, columnSupport, type CurveSource, pooledSource,
  rocArea, trapezoid,
} from "./reduce/curves.js";

// The `average` of AUROC and average precision: macro, weighted, per class, and micro for multi-label.

export type CurveScoreAverage = "micro" | "macro" | "weighted" | "none" | null;

const MULTICLASS: readonly CurveScoreAverage[] = ["macro", "weighted", "none", null];
const MULTILABEL: readonly CurveScoreAverage[] = ["micro", "macro", "weighted", "none", null];

function scoreAverage(
  o: { average?: CurveScoreAverage; validateArgs?: boolean }, task: "multiclass" | "multilabel",
): CurveScoreAverage {
  const average = o.average === undefined ? "macro" : o.average;
  const allowed = task === "multiclass" ? MULTICLASS : MULTILABEL;
  if ((o.validateArgs ?? true) && !allowed.includes(average)) {
    throw new ValueError(`Expected argument \`average\` to be one of ${pyTuple(allowed)} but got ${pyStr(average)}`);
  }
  return average;
}

export interface ScoreAverageOption {
  /** Default "macro". */
  average?: CurveScoreAverage;
}

// The multi-class and multi-label classes of a score over curves (AUROC, average precision):
// one score per class, averaged as `average` asks, or for multi-label "micro" one score of the
// labels pooled. Subclasses give only how a curve becomes a score.

export abstract class MulticlassCurveScore extends CurveMetric<Tensor> {
  readonly average: CurveScoreAverage;
  constructor(options: MulticlassCurveOptions & ScoreAverageOption) {
    super(multiclassCurveState(multiclassCurveConfig(options)));
    this.average = scoreAverage(options, "multiclass");
  }
  /** The score of each class's curve. */
  protected abstract classScores(src: CurveSource): number[];
  protected computeFrom(s: CurveState): Tensor {
    const src = this.source(s);
    return averageClasses(this.classScores(src), this.average as ClassAverage, columnSupport(src));
  }
}

export abstract class MultilabelCurveScore extends CurveMetric<Tensor> {
  readonly average: CurveScoreAverage;
  constructor(options: MultilabelCurveOptions & ScoreAverageOption) {
    super(multilabelCurveState(multilabelCurveConfig(options)));
    this.average = scoreAverage(options, "multilabel");
  }
  /** The score of each label's curve. */
  protected abstract classScores(src: CurveSource): number[];
  /** The score of the one curve of a pooled source, for "micro". */
  protected abstract pooledScore(pooled: CurveSource): number;
  protected computeFrom(s: CurveState): Tensor {
    const src = this.source(s);
    if (this.average === "micro") return f32([this.pooledScore(pooledSource(src))], []);
    return averageClasses(this.classScores(src), this.average, columnSupport(src));
  }
}

// Area under the ROC curve.

export interface MaxFprOption {
  /** Only the area up to this false-positive rate, standardised (McClish); binary task only. */
  maxFpr?: number | null;
}

export class BinaryAUROC extends CurveMetric<Tensor> {
  readonly maxFpr: number | null;
  constructor(options: BinaryCurveOptions & MaxFprOption = {}) {
    super(binaryCurveState(binaryCurveConfig(options)));
    this.maxFpr = options.maxFpr ?? null;
    if ((options.validateArgs ?? true) && this.maxFpr !== null && !(this.maxFpr > 0 && this.maxFpr <= 1)) {
      throw new ValueError(`Arguments \`max_fpr\` should be a float in range (0, 1], but got: ${pyFloat(this.maxFpr)}`);
    }
  }
  protected computeFrom(s: CurveState): Tensor {
    return f32([rocArea(columnCurves(this.source(s), "roc")[0], this.maxFpr)], []);
  }
}

function rocAreas(src: CurveSource): number[] {
  return columnCurves(src, "roc").map((c) => trapezoid(c.x, c.y));
}

export class MulticlassAUROC extends MulticlassCurveScore {
  protected classScores(src: CurveSource): number[] {
    return rocAreas(src);
  }
}

export class MultilabelAUROC extends MultilabelCurveScore {
  protected classScores(src: CurveSource): number[] {
    return rocAreas(src);
  }
  protected pooledScore(pooled: CurveSource): number {
    return rocArea(columnCurves(pooled, "roc")[0], null);
  }
}

export type AurocTaskOptions = CurveTaskOptions & MaxFprOption & ScoreAverageOption;

export type AUROC = BinaryAUROC | MulticlassAUROC | MultilabelAUROC;
export const AUROC = taskWrapper<
  TaskConstructor<AurocTaskOptions, BinaryAUROC, MulticlassAUROC, MultilabelAUROC>, AurocTaskOptions
>("AUROC", (o) => {
  const s = splitCurveTask(o);
  if (s.task === "binary") return new BinaryAUROC({ ...s.options, maxFpr: o.maxFpr });
  if (s.task === "multiclass") return new MulticlassAUROC({ ...s.options, average: o.average });
  return new MultilabelAUROC({ ...s.options, average: o.average });
});

// Average precision: the precision-recall curve summarised as precision weighted by recall steps.

/**
 * Per-class average precision. torchmetrics zeroes NaN precision and recall of binned curves
 * but not of exact per-class curves, where a class without positives gives NaN and leaves
 * the average.
 */
function perClass(src: CurveSource): number[] {
  return columnCurves(src, "pr").map((c) => apArea(c, src.kind === "binned"));
}

export class BinaryAveragePrecision extends CurveMetric<Tensor> {
  constructor(options: BinaryCurveOptions = {}) {
    super(binaryCurveState(binaryCurveConfig(options)));
  }
  protected computeFrom(s: CurveState): Tensor {
    return f32([apArea(columnCurves(this.source(s), "pr")[0], true)], []);
  }
}

export class MulticlassAveragePrecision extends MulticlassCurveScore {
  protected classScores(src: CurveSource): number[] {
    return perClass(src);
  }
}

export class MultilabelAveragePrecision extends MultilabelCurveScore {
  protected classScores(src: CurveSource): number[] {
    return perClass(src);
  }
  protected pooledScore(pooled: CurveSource): number {
    return apArea(columnCurves(pooled, "pr")[0], true);
  }
}

export type AveragePrecisionTaskOptions = CurveTaskOptions & ScoreAverageOption;

export type AveragePrecision = BinaryAveragePrecision | MulticlassAveragePrecision | MultilabelAveragePrecision;
export const AveragePrecision = taskWrapper<
  TaskConstructor<AveragePrecisionTaskOptions, BinaryAveragePrecision, MulticlassAveragePrecision, MultilabelAveragePrecision>,
  AveragePrecisionTaskOptions
>("AveragePrecision", (o) => {
  const s = splitCurveTask(o);
  if (s.task === "binary") return new BinaryAveragePrecision(s.options);
  if (s.task === "multiclass") return new MulticlassAveragePrecision({ ...s.options, average: o.average });
  return new MultilabelAveragePrecision({ ...s.options, average: o.average });
});

// Area under the ROC curve of one batch.

export function binaryAuroc(preds: Tensor, target: Tensor, options: BinaryCurveOptions & MaxFprOption = {}): Tensor {
  return computeOnce(new BinaryAUROC(options), preds, target);
}

export function multiclassAuroc(preds: Tensor, target: Tensor, options: MulticlassCurveOptions & ScoreAverageOption): Tensor {
  return computeOnce(new MulticlassAUROC(options), preds, target);
}

export function multilabelAuroc(preds: Tensor, target: Tensor, options: MultilabelCurveOptions & ScoreAverageOption): Tensor {
  return computeOnce(new MultilabelAUROC(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "macro". */
export function auroc(preds: Tensor, target: Tensor, options: AurocTaskOptions): Tensor {
  const s = splitCurveTask(options);
  if (s.task === "binary") return binaryAuroc(preds, target, { ...s.options, maxFpr: options.maxFpr });
  if (s.task === "multiclass") return multiclassAuroc(preds, target, { ...s.options, average: options.average });
  return multilabelAuroc(preds, target, { ...s.options, average: options.average });
}

// Average precision of one batch.

export function binaryAveragePrecision(preds: Tensor, target: Tensor, options: BinaryCurveOptions = {}): Tensor {
  return computeOnce(new BinaryAveragePrecision(options), preds, target);
}

export function multiclassAveragePrecision(
  preds: Tensor, target: Tensor, options: MulticlassCurveOptions & ScoreAverageOption,
): Tensor {
  return computeOnce(new MulticlassAveragePrecision(options), preds, target);
}

export function multilabelAveragePrecision(
  preds: Tensor, target: Tensor, options: MultilabelCurveOptions & ScoreAverageOption,
): Tensor {
  return computeOnce(new MultilabelAveragePrecision(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task; `average` defaults to "macro". */
export function averagePrecision(preds: Tensor, target: Tensor, options: AveragePrecisionTaskOptions): Tensor {
  const s = splitCurveTask(options);
  if (s.task === "binary") return binaryAveragePrecision(preds, target, s.options);
  if (s.task === "multiclass") return multiclassAveragePrecision(preds, target, { ...s.options, average: options.average });
  return multilabelAveragePrecision(preds, target, { ...s.options, average: options.average });
}
