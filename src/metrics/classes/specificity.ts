/** Specificity tn / (tn + fp): the share of negatives recognised as negative. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryStatState, MulticlassStatState, MultilabelStatState } from "../core/stat-states.js";
import { specificityReduce } from "../reduce/stat-reductions.js";
import { splitStatTask, type StatTaskOptions } from "../functional/stat-task.js";
import { BinaryStatScores, MulticlassStatScores, MultilabelStatScores } from "./stat-scores.js";
import { taskWrapper, type TaskConstructor } from "./task-wrapper.js";

export class BinarySpecificity extends BinaryStatScores {
  protected override computeFrom(s: BinaryStatState): Tensor {
    return specificityReduce(s.counts, "binary");
  }
}

export class MulticlassSpecificity extends MulticlassStatScores {
  protected override computeFrom(s: MulticlassStatState): Tensor {
    return specificityReduce(s.counts, s.cfg.average);
  }
}

export class MultilabelSpecificity extends MultilabelStatScores {
  protected override computeFrom(s: MultilabelStatState): Tensor {
    return specificityReduce(s.counts, s.cfg.average, { multilabel: true });
  }
}

export type Specificity = BinarySpecificity | MulticlassSpecificity | MultilabelSpecificity;
export const Specificity = taskWrapper<
  TaskConstructor<StatTaskOptions, BinarySpecificity, MulticlassSpecificity, MultilabelSpecificity>, StatTaskOptions
>("Specificity", (o) => {
  const s = splitStatTask(o, "expected");
  if (s.task === "binary") return new BinarySpecificity(s.options);
  if (s.task === "multiclass") return new MulticlassSpecificity(s.options);
  return new MultilabelSpecificity(s.options);
});
