/**
 * Accumulated stat counts of the three tasks. `update` checks a batch (unless validateArgs is
 * false), turns it into decisions or labels, counts, and adds the counts to the state.
 */
import { ShapeError, ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import {
  checkBinaryLabelPreds, checkBinaryTargetValues, checkMulticlassShapes, checkMultilabelShapes, checkSameShape,
} from "../internal/validate-tensors.js";
import { decideBinary } from "./binary-decisions.js";
import { countMulticlass } from "./multiclass-counts.js";
import { decodeMulticlass } from "./multiclass-labels.js";
import { countDecisions, emptyCounts, mergeCounts, type StatCounts } from "./stat-counts.js";
import type { BinaryStatConfig, MulticlassStatConfig, MultilabelStatConfig } from "./stat-config.js";
import type { MetricState } from "./state.js";

export class BinaryStatState implements MetricState<BinaryStatState> {
  counts: StatCounts;
  constructor(readonly cfg: BinaryStatConfig) {
    this.counts = emptyCounts(1, cfg.samplewise);
  }
  update(preds: Tensor, target: Tensor): void {
    const { cfg } = this;
    if (cfg.validateArgs) {
      checkSameShape(preds, target);
      checkBinaryTargetValues(target, cfg.ignoreIndex);
      checkBinaryLabelPreds(preds, true);
      if (cfg.samplewise && preds.ndim < 2) {
        throw new ShapeError("Expected input to be at least 2D when multidim_average is set to `samplewise`");
      }
    }
    const d = decideBinary(preds, target, { threshold: cfg.threshold, ignoreIndex: cfg.ignoreIndex, cols: 1, logitScope: "all" });
    this.counts = mergeCounts(this.counts, countDecisions(d, cfg.samplewise));
  }
  empty(): BinaryStatState {
    return new BinaryStatState(this.cfg);
  }
  merge(other: BinaryStatState): void {
    this.counts = mergeCounts(this.counts, other.counts);
  }
}

export class MulticlassStatState implements MetricState<MulticlassStatState> {
  counts: StatCounts;
  constructor(readonly cfg: MulticlassStatConfig) {
    this.counts = emptyCounts(cfg.numClasses ?? 1, cfg.samplewise);
  }
  update(preds: Tensor, target: Tensor): void {
    const { cfg } = this;
    if (cfg.validateArgs) checkMulticlassShapes(preds, target, cfg.numClasses, cfg.samplewise);
    if (cfg.topK > 1 && preds.ndim !== target.ndim + 1) {
      throw new ShapeError(`top_k=${cfg.topK} needs scores of shape (N, C, ...), but \`preds\` has the shape of \`target\``);
    }
    if (cfg.topK > 1 && cfg.numClasses === undefined) throw new ValueError("`num_classes` is needed when `top_k` > 1");
    const lab = decodeMulticlass(preds, target, {
      numClasses: cfg.numClasses, topK: cfg.topK, ignoreIndex: cfg.ignoreIndex, checkUniqueCounts: cfg.validateArgs,
    });
    this.counts = mergeCounts(this.counts, countMulticlass(lab, cfg.numClasses, cfg.samplewise));
  }
  empty(): MulticlassStatState {
    return new MulticlassStatState(this.cfg);
  }
  merge(other: MulticlassStatState): void {
    this.counts = mergeCounts(this.counts, other.counts);
  }
}

export class MultilabelStatState implements MetricState<MultilabelStatState> {
  counts: StatCounts;
  constructor(readonly cfg: MultilabelStatConfig) {
    this.counts = emptyCounts(cfg.numLabels, cfg.samplewise);
  }
  update(preds: Tensor, target: Tensor): void {
    const { cfg } = this;
    if (cfg.validateArgs) {
      checkMultilabelShapes(preds, target, cfg.numLabels);
      checkBinaryTargetValues(target, cfg.ignoreIndex);
      checkBinaryLabelPreds(preds, false);
      if (cfg.samplewise && preds.ndim < 3) {
        throw new ShapeError("Expected input to be at least 3D when multidim_average is set to `samplewise`");
      }
    }
    const d = decideBinary(preds, target, {
      threshold: cfg.threshold, ignoreIndex: cfg.ignoreIndex, cols: cfg.numLabels, logitScope: "all",
    });
    this.counts = mergeCounts(this.counts, countDecisions(d, cfg.samplewise));
  }
  empty(): MultilabelStatState {
    return new MultilabelStatState(this.cfg);
  }
  merge(other: MultilabelStatState): void {
    this.counts = mergeCounts(this.counts, other.counts);
  }
}
