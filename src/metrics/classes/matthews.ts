/** Matthews correlation coefficient: the correlation between predicted and true classes. */
import type { Tensor } from "../../tensor/tensor.js";
import type { ConfmatState } from "../core/confmat-states.js";
import { matthewsReduce } from "../reduce/confmat-reductions.js";
import { splitConfmatTask, type ConfmatTaskOptions } from "../functional/confmat-task.js";
import { BinaryConfusionMatrix, MulticlassConfusionMatrix, MultilabelConfusionMatrix } from "./confusion-matrix.js";
import { taskWrapper, type TaskConstructor } from "./task-wrapper.js";

export class BinaryMatthewsCorrCoef extends BinaryConfusionMatrix {
  protected override computeFrom(s: ConfmatState): Tensor {
    return matthewsReduce(s.matrix, "binary", 2);
  }
}

export class MulticlassMatthewsCorrCoef extends MulticlassConfusionMatrix {
  protected override computeFrom(s: ConfmatState): Tensor {
    return matthewsReduce(s.matrix, "multiclass", s.cfg.size);
  }
}

export class MultilabelMatthewsCorrCoef extends MultilabelConfusionMatrix {
  protected override computeFrom(s: ConfmatState): Tensor {
    return matthewsReduce(s.matrix, "multilabel", s.cfg.size);
  }
}

export type MatthewsCorrCoef = BinaryMatthewsCorrCoef | MulticlassMatthewsCorrCoef | MultilabelMatthewsCorrCoef;
export const MatthewsCorrCoef = taskWrapper<
  TaskConstructor<ConfmatTaskOptions, BinaryMatthewsCorrCoef, MulticlassMatthewsCorrCoef, MultilabelMatthewsCorrCoef>,
  ConfmatTaskOptions
>("MatthewsCorrCoef", (o) => {
  const s = splitConfmatTask(o);
  if (s.task === "binary") return new BinaryMatthewsCorrCoef(s.options);
  if (s.task === "multiclass") return new MulticlassMatthewsCorrCoef(s.options);
  return new MultilabelMatthewsCorrCoef(s.options);
});
