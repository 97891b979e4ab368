/** Precision-recall curves: precision and recall at every threshold. */
import {
  binaryCurveConfig, multiclassCurveConfig, multilabelCurveConfig,
  type BinaryCurveOptions, type CurveAverage, type MulticlassCurveOptions, type MultilabelCurveOptions,
} from "../core/curve-config.js";
import { binaryCurveState, multiclassCurveState, multilabelCurveState } from "../core/curve-state-factory.js";
import type { CurveState } from "../core/curve-states.js";
import { columnCurves } from "../reduce/curve-columns.js";
import { macroCurve } from "../reduce/macro-curve.js";
import { curvesOut, curveTriple, type CurveResult, type CurveTriple } from "../reduce/curve-outputs.js";
import { splitCurveTask, type CurveTaskOptions } from "../functional/curve-task.js";
import { CurveMetric } from "./curve-metric.js";
import { taskWrapper, type TaskConstructor } from "./task-wrapper.js";

/** `average` of the multi-class curves: null (one curve per class), "micro" or "macro". */
export interface CurveAverageOption {
  average?: CurveAverage;
}

export class BinaryPrecisionRecallCurve extends CurveMetric<CurveTriple> {
  constructor(options: BinaryCurveOptions = {}) {
    super(binaryCurveState(binaryCurveConfig(options)));
  }
  protected computeFrom(s: CurveState): CurveTriple {
    return curveTriple(columnCurves(this.source(s), "pr")[0]);
  }
}

export class MulticlassPrecisionRecallCurve extends CurveMetric<CurveResult> {
  readonly average: CurveAverage;
  constructor(options: MulticlassCurveOptions & CurveAverageOption) {
    const average = options.average ?? null;
    super(multiclassCurveState(multiclassCurveConfig(options, average), average));
    this.average = average;
  }
  protected computeFrom(s: CurveState): CurveResult {
    const curves = columnCurves(this.source(s), "pr");
    if (this.average === "micro") return curveTriple(curves[0]);
    if (this.average === "macro") return curveTriple(macroCurve(curves, "ascending"));
    return curvesOut(curves, s.binned !== null);
  }
}

export class MultilabelPrecisionRecallCurve extends CurveMetric<CurveResult> {
  constructor(options: MultilabelCurveOptions) {
    super(multilabelCurveState(multilabelCurveConfig(options)));
  }
  protected computeFrom(s: CurveState): CurveResult {
    return curvesOut(columnCurves(this.source(s), "pr"), s.binned !== null);
  }
}

export type CurveWrapperOptions = CurveTaskOptions & CurveAverageOption;

export type PrecisionRecallCurve = BinaryPrecisionRecallCurve | MulticlassPrecisionRecallCurve | MultilabelPrecisionRecallCurve;
export const PrecisionRecallCurve = taskWrapper<
  TaskConstructor<CurveWrapperOptions, BinaryPrecisionRecallCurve, MulticlassPrecisionRecallCurve, MultilabelPrecisionRecallCurve>,
  CurveWrapperOptions
>("PrecisionRecallCurve", (o) => {
  const s = splitCurveTask(o);
  if (s.task === "binary") return new BinaryPrecisionRecallCurve(s.options);
  if (s.task === "multiclass") return new MulticlassPrecisionRecallCurve({ ...s.options, average: o.average });
  return new MultilabelPrecisionRecallCurve(s.options);
});
