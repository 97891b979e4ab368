/** Confusion matrices: the base class of the Jaccard, Matthews and Cohen's kappa metrics. */
import type { Tensor } from "../../tensor/tensor.js";
import {
  binaryConfmatConfig, multiclassConfmatConfig, multilabelConfmatConfig,
  type BinaryConfmatOptions, type MulticlassConfmatOptions, type MultilabelConfmatOptions, type Normalize,
  type NormalizeOption,
} from "../core/confmat-config.js";
import { ConfmatState } from "../core/confmat-states.js";
import { normalizeConfmat } from "../reduce/confmat-reductions.js";
import { splitConfmatTask, type ConfmatTaskOptions } from "../functional/confmat-task.js";
import { Metric } from "./metric.js";
import { taskWrapper, type TaskConstructor } from "./task-wrapper.js";

abstract class ConfmatMetric<Out> extends Metric<ConfmatState, Out> {
  /** The accumulated counts, rows are targets. */
  get confmat(): Tensor {
    return normalizeConfmat(this.state.matrix, this.state.shape, null);
  }
}

export class BinaryConfusionMatrix extends ConfmatMetric<Tensor> {
  readonly normalize: Normalize;
  constructor(options: BinaryConfmatOptions & NormalizeOption = {}) {
    super(new ConfmatState("binary", binaryConfmatConfig(options)));
    this.normalize = options.normalize ?? null;
  }
  protected computeFrom(s: ConfmatState): Tensor {
    return normalizeConfmat(s.matrix, s.shape, this.normalize);
  }
}

export class MulticlassConfusionMatrix extends ConfmatMetric<Tensor> {
  readonly normalize: Normalize;
  constructor(options: MulticlassConfmatOptions & NormalizeOption) {
    super(new ConfmatState("multiclass", multiclassConfmatConfig(options)));
    this.normalize = options.normalize ?? null;
  }
  protected computeFrom(s: ConfmatState): Tensor {
    return normalizeConfmat(s.matrix, s.shape, this.normalize);
  }
}

export class MultilabelConfusionMatrix extends ConfmatMetric<Tensor> {
  readonly normalize: Normalize;
  constructor(options: MultilabelConfmatOptions & NormalizeOption) {
    super(new ConfmatState("multilabel", multilabelConfmatConfig(options)));
    this.normalize = options.normalize ?? null;
  }
  protected computeFrom(s: ConfmatState): Tensor {
    return normalizeConfmat(s.matrix, s.shape, this.normalize);
  }
}

export type ConfusionMatrixTaskOptions = ConfmatTaskOptions & NormalizeOption;

export type ConfusionMatrix = BinaryConfusionMatrix | MulticlassConfusionMatrix | MultilabelConfusionMatrix;
export const ConfusionMatrix = taskWrapper<
  TaskConstructor<ConfusionMatrixTaskOptions, BinaryConfusionMatrix, MulticlassConfusionMatrix, MultilabelConfusionMatrix>,
  ConfusionMatrixTaskOptions
>("ConfusionMatrix", (o) => {
  const s = splitConfmatTask(o);
  const normalize = o.normalize;
  if (s.task === "binary") return new BinaryConfusionMatrix({ ...s.options, normalize });
  if (s.task === "multiclass") return new MulticlassConfusionMatrix({ ...s.options, normalize });
  return new MultilabelConfusionMatrix({ ...s.options, normalize });
});
