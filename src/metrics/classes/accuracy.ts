/** Accuracy: the share of right answers (per class, the share of each class's targets found). */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryStatState, MulticlassStatState, MultilabelStatState } from "../core/stat-states.js";
import { accuracyReduce } from "../reduce/stat-reductions.js";
import { splitStatTask, type StatTaskOptions } from "../functional/stat-task.js";
import { BinaryStatScores, MulticlassStatScores, MultilabelStatScores } from "./stat-scores.js";
import { taskWrapper, type TaskConstructor } from "./task-wrapper.js";

export class BinaryAccuracy extends BinaryStatScores {
  protected override computeFrom(s: BinaryStatState): Tensor {
    return accuracyReduce(s.counts, "binary");
  }
}

export class MulticlassAccuracy extends MulticlassStatScores {
  protected override computeFrom(s: MulticlassStatState): Tensor {
    return accuracyReduce(s.counts, s.cfg.average, { topK: s.cfg.topK });
  }
}

export class MultilabelAccuracy extends MultilabelStatScores {
  protected override computeFrom(s: MultilabelStatState): Tensor {
    return accuracyReduce(s.counts, s.cfg.average, { multilabel: true });
  }
}

export type Accuracy = BinaryAccuracy | MulticlassAccuracy | MultilabelAccuracy;
export const Accuracy = taskWrapper<
  TaskConstructor<StatTaskOptions, BinaryAccuracy, MulticlassAccuracy, MultilabelAccuracy>, StatTaskOptions
>("Accuracy", (o) => {
  const s = splitStatTask(o, "optional-arg");
  if (s.task === "binary") return new BinaryAccuracy(s.options);
  if (s.task === "multiclass") return new MulticlassAccuracy(s.options);
  return new MultilabelAccuracy(s.options);
});
