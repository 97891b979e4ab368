/**
 * The threshold curves: precision-recall curve and ROC, as classes on the curve state,
 * then their functional forms.
 */
import type { Tensor } from "../tensor/tensor.js";
import {
  binaryCurveConfig, type BinaryCurveOptions, binaryCurveState, type CurveAverage, type CurveState,
  type CurveTaskOptions, multiclassCurveConfig, type MulticlassCurveOptions, multiclassCurveState,
  multilabelCurveConfig, type MultilabelCurveOptions, multilabelCurveState, splitCurveTask,
} from "./core/curve-state.js";
import { computeOnce, Metric, type TaskConstructor, taskWrapper } from "./metric.js";
import {
  columnCurves, type CurveKind, type CurveResult, type CurveSource, curvesOut, curveTriple, type CurveTriple,
  macroCurve, sourceOf,
} from "./reduce/curves.js";

// Base of the curve metrics: a curve state, and the task's average where it has one.

export abstract class CurveMetric<Out> extends Metric<CurveState, Out> {
  protected constructor(state: CurveState) {
    super(state);
  }
  /** The thresholds of a binned curve, null for exact curves. */
  get thresholds(): Float32Array | Float64Array | null {
    return this.state.cfg.thresholds;
  }
  protected source(s: CurveState): CurveSource {
    return sourceOf(s);
  }
}

// The three task classes of a threshold curve, shared by the precision-recall curve and the
// ROC: they differ only in which curve `kind` they draw from the columns.

/** `average` of the multi-class curves: null (one curve per class), "micro" or "macro". */
export interface CurveAverageOption {
  average?: CurveAverage;
}

export type CurveWrapperOptions = CurveTaskOptions & CurveAverageOption;

/** Order of the thresholds the macro curve interpolates over: ascending for PR, descending for ROC. */
const MACRO_ORDER: Record<CurveKind, "ascending" | "descending"> = { pr: "ascending", roc: "descending" };

// Each subclass gives `kind` as a getter, so it sits on the prototype rather than on every metric.

export abstract class BinaryThresholdCurve extends CurveMetric<CurveTriple> {
  protected abstract readonly kind: CurveKind;
  constructor(options: BinaryCurveOptions = {}) {
    super(binaryCurveState(binaryCurveConfig(options)));
  }
  protected computeFrom(s: CurveState): CurveTriple {
    return curveTriple(columnCurves(this.source(s), this.kind)[0]);
  }
}

export abstract class MulticlassThresholdCurve extends CurveMetric<CurveResult> {
  protected abstract readonly kind: CurveKind;
  readonly average: CurveAverage;
  constructor(options: MulticlassCurveOptions & CurveAverageOption) {
    const average = options.average ?? null;
    super(multiclassCurveState(multiclassCurveConfig(options, average), average));
    this.average = average;
  }
  protected computeFrom(s: CurveState): CurveResult {
    const curves = columnCurves(this.source(s), this.kind);
    if (this.average === "micro") return curveTriple(curves[0]);
    if (this.average === "macro") return curveTriple(macroCurve(curves, MACRO_ORDER[this.kind]));
    return curvesOut(curves, s.binned !== null);
  }
}

export abstract class MultilabelThresholdCurve extends CurveMetric<CurveResult> {
  protected abstract readonly kind: CurveKind;
  constructor(options: MultilabelCurveOptions) {
    super(multilabelCurveState(multilabelCurveConfig(options)));
  }
  protected computeFrom(s: CurveState): CurveResult {
    return curvesOut(columnCurves(this.source(s), this.kind), s.binned !== null);
  }
}

/** The task-agnostic wrapper `name` over the three classes of one curve. */
function thresholdCurveWrapper<B extends object, MC extends object, ML extends object>(
  name: string,
  Binary: new (options: BinaryCurveOptions) => B,
  Multiclass: new (options: MulticlassCurveOptions & CurveAverageOption) => MC,
  Multilabel: new (options: MultilabelCurveOptions) => ML,
): TaskConstructor<CurveWrapperOptions, B, MC, ML> {
  return taskWrapper<TaskConstructor<CurveWrapperOptions, B, MC, ML>, CurveWrapperOptions>(name, (o) => {
    const s = splitCurveTask(o);
    if (s.task === "binary") return new Binary(s.options);
    if (s.task === "multiclass") return new Multiclass({ ...s.options, average: o.average });
    return new Multilabel(s.options);
  });
}

// Precision-recall curves: precision and recall at every threshold.

export class BinaryPrecisionRecallCurve extends BinaryThresholdCurve {
  protected get kind(): CurveKind { return "pr"; }
}

export class MulticlassPrecisionRecallCurve extends MulticlassThresholdCurve {
  protected get kind(): CurveKind { return "pr"; }
}

export class MultilabelPrecisionRecallCurve extends MultilabelThresholdCurve {
  protected get kind(): CurveKind { return "pr"; }
}

export type PrecisionRecallCurve = BinaryPrecisionRecallCurve | MulticlassPrecisionRecallCurve | MultilabelPrecisionRecallCurve;
export const PrecisionRecallCurve = thresholdCurveWrapper(
  "PrecisionRecallCurve", BinaryPrecisionRecallCurve, MulticlassPrecisionRecallCurve, MultilabelPrecisionRecallCurve,
);

// ROC curves: false- and true-positive rates at every threshold.

export class BinaryROC extends BinaryThresholdCurve {
  protected get kind(): CurveKind { return "roc"; }
}

export class MulticlassROC extends MulticlassThresholdCurve {
  protected get kind(): CurveKind { return "roc"; }
}

export class MultilabelROC extends MultilabelThresholdCurve {
  protected get kind(): CurveKind { return "roc"; }
}

export type ROC = BinaryROC | MulticlassROC | MultilabelROC;
export const ROC = thresholdCurveWrapper("ROC", BinaryROC, MulticlassROC, MultilabelROC);

// Precision-recall curve of one batch: (precision, recall, thresholds).

export function binaryPrecisionRecallCurve(preds: Tensor, target: Tensor, options: BinaryCurveOptions = {}): CurveTriple {
  return computeOnce(new BinaryPrecisionRecallCurve(options), preds, target);
}

export function multiclassPrecisionRecallCurve(
  preds: Tensor, target: Tensor, options: MulticlassCurveOptions & CurveAverageOption,
): CurveResult {
  return computeOnce(new MulticlassPrecisionRecallCurve(options), preds, target);
}

export function multilabelPrecisionRecallCurve(preds: Tensor, target: Tensor, options: MultilabelCurveOptions): CurveResult {
  return computeOnce(new MultilabelPrecisionRecallCurve(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task. */
export function precisionRecallCurve(preds: Tensor, target: Tensor, options: CurveWrapperOptions): CurveResult {
  const s = splitCurveTask(options);
  if (s.task === "binary") return binaryPrecisionRecallCurve(preds, target, s.options);
  if (s.task === "multiclass") return multiclassPrecisionRecallCurve(preds, target, { ...s.options, average: options.average });
  return multilabelPrecisionRecallCurve(preds, target, s.options);
}

// ROC curve of one batch: (fpr, tpr, thresholds).

export function binaryRoc(preds: Tensor, target: Tensor, options: BinaryCurveOptions = {}): CurveTriple {
  return computeOnce(new BinaryROC(options), preds, target);
}

export function multiclassRoc(preds: Tensor, target: Tensor, options: MulticlassCurveOptions & CurveAverageOption): CurveResult {
  return computeOnce(new MulticlassROC(options), preds, target);
}

export function multilabelRoc(preds: Tensor, target: Tensor, options: MultilabelCurveOptions): CurveResult {
  return computeOnce(new MultilabelROC(options), preds, target);
}

/** The task-agnostic form: `options.task` picks the task. */
export function roc(preds: Tensor, target: Tensor, options: CurveWrapperOptions): CurveResult {
  const s = splitCurveTask(options);
  if (s.task === "binary") return binaryRoc(preds, target, s.options);
  if (s.task === "multiclass") return multiclassRoc(preds, target, { ...s.options, average: options.average });
  return multilabelRoc(preds, target, s.options);
}
