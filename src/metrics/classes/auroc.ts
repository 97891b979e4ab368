/** Area under the ROC curve. */
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import {
  binaryCurveConfig, multiclassCurveConfig, multilabelCurveConfig,
  type BinaryCurveOptions, type MulticlassCurveOptions, type MultilabelCurveOptions,
} from "../core/curve-config.js";
import { binaryCurveState, multiclassCurveState, multilabelCurveState } from "../core/curve-state-factory.js";
import type { CurveState } from "../core/curve-states.js";
import { pyFloat } from "../internal/py.js";
import { f32 } from "../internal/tensors.js";
import { averageClasses, rocArea, trapezoid, type ClassAverage } from "../reduce/auc.js";
import { columnCurves, columnSupport, pooledSource } from "../reduce/curve-columns.js";
import { splitCurveTask, type CurveTaskOptions } from "../functional/curve-task.js";
import { CurveMetric } from "./curve-metric.js";
import { scoreAverage, type CurveScoreAverage } from "./curve-average.js";
import { taskWrapper, type TaskConstructor } from "./task-wrapper.js";

export interface MaxFprOption {
  /** Only the area up to this false-positive rate, standardised (McClish); binary task only. */
  maxFpr?: number | null;
}
export interface ScoreAverageOption {
  /** Default "macro". */
  average?: CurveScoreAverage;
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

export class MulticlassAUROC extends CurveMetric<Tensor> {
  readonly average: CurveScoreAverage;
  constructor(options: MulticlassCurveOptions & ScoreAverageOption) {
    super(multiclassCurveState(multiclassCurveConfig(options)));
    this.average = scoreAverage(options, "multiclass");
  }
  protected computeFrom(s: CurveState): Tensor {
    const src = this.source(s);
    const areas = columnCurves(src, "roc").map((c) => trapezoid(c.x, c.y));
    return averageClasses(areas, this.average as ClassAverage, columnSupport(src));
  }
}

export class MultilabelAUROC extends CurveMetric<Tensor> {
  readonly average: CurveScoreAverage;
  constructor(options: MultilabelCurveOptions & ScoreAverageOption) {
    super(multilabelCurveState(multilabelCurveConfig(options)));
    this.average = scoreAverage(options, "multilabel");
  }
  protected computeFrom(s: CurveState): Tensor {
    const src = this.source(s);
    if (this.average === "micro") return f32([rocArea(columnCurves(pooledSource(src), "roc")[0], null)], []);
    const areas = columnCurves(src, "roc").map((c) => trapezoid(c.x, c.y));
    return averageClasses(areas, this.average, columnSupport(src));
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
