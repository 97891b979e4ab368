/**
 * The three task classes of a threshold curve, shared by the precision-recall curve and the
 * ROC: they differ only in which curve `kind` they draw from the columns.
 */
import {
  binaryCurveConfig, multiclassCurveConfig, multilabelCurveConfig,
  type BinaryCurveOptions, type CurveAverage, type MulticlassCurveOptions, type MultilabelCurveOptions,
} from "../core/curve-config.js";
import { binaryCurveState, multiclassCurveState, multilabelCurveState } from "../core/curve-state-factory.js";
import type { CurveState } from "../core/curve-states.js";
import { columnCurves, type CurveKind } from "../reduce/curve-columns.js";
import { macroCurve } from "../reduce/macro-curve.js";
import { curvesOut, curveTriple, type CurveResult, type CurveTriple } from "../reduce/curve-outputs.js";
import { splitCurveTask, type CurveTaskOptions } from "../functional/curve-task.js";
import { CurveMetric } from "./curve-metric.js";
import { taskWrapper, type TaskConstructor } from "./task-wrapper.js";

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
export function thresholdCurveWrapper<B extends object, MC extends object, ML extends object>(
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
