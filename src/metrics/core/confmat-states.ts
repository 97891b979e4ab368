/**
 * Accumulated confusion matrices: 2 x 2 (binary), C x C (multi-class, rows are targets) and
 * L x 2 x 2 (one binary matrix per label), each laid out as [[tn, fp], [fn, tp]] for the
 * binary ones. Built on the same decisions and labels as the stat scores.
 */
import type { Tensor } from "../../tensor/tensor.js";
import {
  checkBinaryLabelPreds, checkBinaryTargetValues, checkMulticlassShapes, checkMultilabelShapes, checkSameShape,
} from "../internal/validate-tensors.js";
import { decideBinary } from "./binary-decisions.js";
import type { ConfmatConfig } from "./confmat-config.js";
import { decodeMulticlass, multiclassConfmat } from "./multiclass-labels.js";
import { countDecisions, type StatCounts } from "./stat-counts.js";
import type { MetricState } from "./state.js";

export type ConfmatKind = "binary" | "multiclass" | "multilabel";

export class ConfmatState implements MetricState<ConfmatState> {
  /** Counts in row-major order of `shape`. */
  matrix: Float64Array;
  readonly shape: readonly number[];

  constructor(readonly kind: ConfmatKind, readonly cfg: ConfmatConfig) {
    this.shape = kind === "binary" ? [2, 2] : kind === "multiclass" ? [cfg.size, cfg.size] : [cfg.size, 2, 2];
    this.matrix = new Float64Array(this.shape.reduce((a, b) => a * b, 1));
  }

  update(preds: Tensor, target: Tensor): void {
    const add = this.kind === "multiclass" ? this.multiclass(preds, target) : this.binaryLike(preds, target);
    for (let i = 0; i < add.length; i++) this.matrix[i] += add[i];
  }

  private multiclass(preds: Tensor, target: Tensor): Float64Array {
    const { cfg } = this;
    if (cfg.validateArgs) checkMulticlassShapes(preds, target, cfg.size, false, true);
    const lab = decodeMulticlass(preds, target, {
      numClasses: cfg.size, topK: 1, ignoreIndex: cfg.ignoreIndex, checkUniqueCounts: cfg.validateArgs, confmatWording: true,
    });
    return multiclassConfmat(lab, cfg.size);
  }

  private binaryLike(preds: Tensor, target: Tensor): Float64Array {
    const { cfg } = this;
    const multilabel = this.kind === "multilabel";
    if (cfg.validateArgs) {
      if (multilabel) checkMultilabelShapes(preds, target, cfg.size);
      else checkSameShape(preds, target);
      checkBinaryTargetValues(target, cfg.ignoreIndex);
      checkBinaryLabelPreds(preds, false);
    }
    const d = decideBinary(preds, target, {
      threshold: cfg.threshold, ignoreIndex: cfg.ignoreIndex, cols: multilabel ? cfg.size : 1,
      // the binary matrix drops ignored positions before looking for logits, the multi-label one after
      logitScope: multilabel ? "all" : "kept",
    });
    return binaryMatrices(countDecisions(d, false));
  }

  empty(): ConfmatState {
    return new ConfmatState(this.kind, this.cfg);
  }

  merge(other: ConfmatState): void {
    for (let i = 0; i < this.matrix.length; i++) this.matrix[i] += other.matrix[i];
  }
}

/** One [[tn, fp], [fn, tp]] block per column of the counts. */
function binaryMatrices(c: StatCounts): Float64Array {
  const out = new Float64Array(4 * c.cols);
  for (let k = 0; k < c.cols; k++) out.set([c.tn[k], c.fp[k], c.fn[k], c.tp[k]], 4 * k);
  return out;
}
