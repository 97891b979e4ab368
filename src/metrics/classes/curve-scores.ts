/**
 * The multi-class and multi-label classes of a score over curves (AUROC, average precision):
 * one score per class, averaged as `average` asks, or for multi-label "micro" one score of the
 * labels pooled. Subclasses give only how a curve becomes a score.
 */
import type { Tensor } from "../../tensor/tensor.js";
import {
  multiclassCurveConfig, multilabelCurveConfig, type MulticlassCurveOptions, type MultilabelCurveOptions,
} from "../core/curve-config.js";
import { multiclassCurveState, multilabelCurveState } from "../core/curve-state-factory.js";
import type { CurveState } from "../core/curve-states.js";
import { f32 } from "../internal/tensors.js";
import { averageClasses, type ClassAverage } from "../reduce/auc.js";
import { columnSupport, pooledSource, type CurveSource } from "../reduce/curve-columns.js";
import { CurveMetric } from "./curve-metric.js";
import { scoreAverage, type CurveScoreAverage, type ScoreAverageOption } from "./curve-average.js";

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
