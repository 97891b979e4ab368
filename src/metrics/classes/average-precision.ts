/** Average precision: the precision-recall curve summarised as precision weighted by recall steps. */
import type { Tensor } from "../../tensor/tensor.js";
import { binaryCurveConfig, type BinaryCurveOptions } from "../core/curve-config.js";
import { binaryCurveState } from "../core/curve-state-factory.js";
import type { CurveState } from "../core/curve-states.js";
import { f32 } from "../internal/tensors.js";
import { apArea } from "../reduce/auc.js";
import { columnCurves, type CurveSource } from "../reduce/curve-columns.js";
import { splitCurveTask, type CurveTaskOptions } from "../functional/curve-task.js";
import { CurveMetric } from "./curve-metric.js";
import type { ScoreAverageOption } from "./curve-average.js";
import { MulticlassCurveScore, MultilabelCurveScore } from "./curve-scores.js";
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
