/** Hamming distance: the share of wrong answers (1 - accuracy). */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryStatState, MulticlassStatState, MultilabelStatState } from "../core/stat-states.js";
import { hammingReduce } from "../reduce/stat-reductions.js";
import { splitStatTask, type StatTaskOptions } from "../functional/stat-task.js";
import { BinaryStatScores, MulticlassStatScores, MultilabelStatScores } from "./stat-scores.js";
import { taskWrapper, type TaskConstructor } from "./task-wrapper.js";

export class BinaryHammingDistance extends BinaryStatScores {
  protected override computeFrom(s: BinaryStatState): Tensor {
    return hammingReduce(s.counts, "binary");
  }
}

export class MulticlassHammingDistance extends MulticlassStatScores {
  protected override computeFrom(s: MulticlassStatState): Tensor {
    return hammingReduce(s.counts, s.cfg.average);
  }
}

export class MultilabelHammingDistance extends MultilabelStatScores {
  protected override computeFrom(s: MultilabelStatState): Tensor {
    return hammingReduce(s.counts, s.cfg.average, { multilabel: true });
  }
}

export type HammingDistance = BinaryHammingDistance | MulticlassHammingDistance | MultilabelHammingDistance;
export const HammingDistance = taskWrapper<
  TaskConstructor<StatTaskOptions, BinaryHammingDistance, MulticlassHammingDistance, MultilabelHammingDistance>,
  StatTaskOptions
>("HammingDistance", (o) => {
  const s = splitStatTask(o, "expected");
  if (s.task === "binary") return new BinaryHammingDistance(s.options);
  if (s.task === "multiclass") return new MulticlassHammingDistance(s.options);
  return new MultilabelHammingDistance(s.options);
});
