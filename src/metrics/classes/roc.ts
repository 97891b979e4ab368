/** ROC curves: false- and true-positive rates at every threshold. */
import {
  binaryCurveConfig, multiclassCurveConfig, multilabelCurveConfig,
  type BinaryCurveOptions, type CurveAverage, type MulticlassCurveOptions, type MultilabelCurveOptions,
} from "../core/curve-config.js";
import { binaryCurveState, multiclassCurveState, multilabelCurveState } from "../core/curve-state-factory.js";
import type { CurveState } from "../core/curve-states.js";
import { columnCurves } from "../reduce/curve-columns.js";
import { macroCurve } from "../reduce/macro-curve.js";
import { curvesOut, curveTriple, type CurveResult, type CurveTriple } from "../reduce/curve-outputs.js";
import { splitCurveTask } from "../functional/curve-task.js";
import { CurveMetric } from "./curve-metric.js";
import type { CurveAverageOption, CurveWrapperOptions } from "./precision-recall-curve.js";
import { taskWrapper, type TaskConstructor } from "./task-wrapper.js";

export class BinaryROC extends CurveMetric<CurveTriple> {
  constructor(options: BinaryCurveOptions = {}) {
    super(binaryCurveState(binaryCurveConfig(options)));
  }
  protected computeFrom(s: CurveState): CurveTriple {
    return curveTriple(columnCurves(this.source(s), "roc")[0]);
  }
}

export class MulticlassROC extends CurveMetric<CurveResult> {
  readonly average: CurveAverage;
  constructor(options: MulticlassCurveOptions & CurveAverageOption) {
    const average = options.average ?? null;
    super(multiclassCurveState(multiclassCurveConfig(options, average), average));
    this.average = average;
  }
  protected computeFrom(s: CurveState): CurveResult {
    const curves = columnCurves(this.source(s), "roc");
    if (this.average === "micro") return curveTriple(curves[0]);
    if (this.average === "macro") return curveTriple(macroCurve(curves, "descending"));
    return curvesOut(curves, s.binned !== null);
  }
}

export class MultilabelROC extends CurveMetric<CurveResult> {
  constructor(options: MultilabelCurveOptions) {
    super(multilabelCurveState(multilabelCurveConfig(options)));
  }
  protected computeFrom(s: CurveState): CurveResult {
    return curvesOut(columnCurves(this.source(s), "roc"), s.binned !== null);
  }
}

export type ROC = BinaryROC | MulticlassROC | MultilabelROC;
export const ROC = taskWrapper<
  TaskConstructor<CurveWrapperOptions, BinaryROC, MulticlassROC, MultilabelROC>, CurveWrapperOptions
>("ROC", (o) => {
  const s = splitCurveTask(o);
  if (s.task === "binary") return new BinaryROC(s.options);
  if (s.task === "multiclass") return new MulticlassROC({ ...s.options, average: o.average });
  return new MultilabelROC(s.options);
});
