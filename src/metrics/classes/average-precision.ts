/** Average precision: the precision-recall curve summarised as precision weighted by recall steps. */
import type { Tensor } from "../../tensor/tensor.js";
import {
  binaryCurveConfig, multiclassCurveConfig, multilabelCurveConfig,
  type BinaryCurveOptions, type MulticlassCurveOptions, type MultilabelCurveOptions,
} from "../core/curve-config.js";
import { binaryCurveState, multiclassCurveState, multilabelCurveState } from "../core/curve-state-factory.js";
import type { CurveState } from "../core/curve-states.js";
import { f32 } from "../internal/tensors.js";
import { apArea, averageClasses, type ClassAverage } from "../reduce/auc.js";
import { columnCurves, columnSupport, pooledSource, type CurveSource } from "../reduce/curve-columns.js";
import { splitCurveTask, type CurveTaskOptions } from "../functional/curve-task.js";
import { CurveMetric } from "./curve-metric.js";
import { scoreAverage, type CurveScoreAverage } from "./curve-average.js";
import type { ScoreAverageOption } from "./auroc.js";
import { taskWrapper, type TaskConstructor } from "./task-wrapper.js";

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

export class MulticlassAveragePrecision extends CurveMetric<Tensor> {
  readonly average: CurveScoreAverage;
  constructor(options: MulticlassCurveOptions & ScoreAverageOption) {
    super(multiclassCurveState(multiclassCurveConfig(options)));
    this.average = scoreAverage(options, "multiclass");
  }
  protected computeFrom(s: CurveState): Tensor {
    const src = this.source(s);
    return averageClasses(perClass(src), this.average as ClassAverage, columnSupport(src));
  }
}

export class MultilabelAveragePrecision extends CurveMetric<Tensor> {
  readonly average: CurveScoreAverage;
  constructor(options: MultilabelCurveOptions & ScoreAverageOption) {
    super(multilabelCurveState(multilabelCurveConfig(options)));
    this.average = scoreAverage(options, "multilabel");
  }
  protected computeFrom(s: CurveState): Tensor {
    const src = this.source(s);
    if (this.average === "micro") return f32([apArea(columnCurves(pooledSource(src), "pr")[0], true)], []);
    return averageClasses(perClass(src), this.average, columnSupport(src));
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
