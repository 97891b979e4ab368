/** Area under the ROC curve. */
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { binaryCurveConfig, type BinaryCurveOptions } from "../core/curve-config.js";
import { binaryCurveState } from "../core/curve-state-factory.js";
import type { CurveState } from "../core/curve-states.js";
import { pyFloat } from "../internal/py.js";
import { f32 } from "../internal/tensors.js";
import { rocArea, trapezoid } from "../reduce/auc.js";
import { columnCurves, type CurveSource } from "../reduce/curve-columns.js";
import { splitCurveTask, type CurveTaskOptions } from "../functional/curve-task.js";
import { CurveMetric } from "./curve-metric.js";
import type { ScoreAverageOption } from "./curve-average.js";
import { MulticlassCurveScore, MultilabelCurveScore } from "./curve-scores.js";
import { taskWrapper, type TaskConstructor } from "./task-wrapper.js";

export interface MaxFprOption {
  /** Only the area up to this false-positive rate, standardised (McClish); binary task only. */
  maxFpr?: number | null;
}
export type { ScoreAverageOption };

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
