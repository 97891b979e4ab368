/** Precision tp / (tp + fp) and recall tp / (tp + fn), with torchmetrics' `zero_division`. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryStatState, MulticlassStatState, MultilabelStatState } from "../core/stat-states.js";
import { precisionRecallReduce } from "../reduce/stat-reductions.js";
import { splitStatTask, type StatTaskOptions } from "../functional/stat-task.js";
import { BinaryStatScores, MulticlassStatScores, MultilabelStatScores } from "./stat-scores.js";
import { taskWrapper, type TaskConstructor } from "./task-wrapper.js";

export class BinaryPrecision extends BinaryStatScores {
  protected override computeFrom(s: BinaryStatState): Tensor {
    return precisionRecallReduce("precision", s.counts, "binary", { zeroDivision: s.cfg.zeroDivision });
  }
}

export class MulticlassPrecision extends MulticlassStatScores {
  protected override computeFrom(s: MulticlassStatState): Tensor {
    return precisionRecallReduce("precision", s.counts, s.cfg.average, { topK: s.cfg.topK, zeroDivision: s.cfg.zeroDivision });
  }
}

export class MultilabelPrecision extends MultilabelStatScores {
  protected override computeFrom(s: MultilabelStatState): Tensor {
    return precisionRecallReduce("precision", s.counts, s.cfg.average, { multilabel: true, zeroDivision: s.cfg.zeroDivision });
  }
}

export class BinaryRecall extends BinaryStatScores {
  protected override computeFrom(s: BinaryStatState): Tensor {
    return precisionRecallReduce("recall", s.counts, "binary", { zeroDivision: s.cfg.zeroDivision });
  }
}

export class MulticlassRecall extends MulticlassStatScores {
  protected override computeFrom(s: MulticlassStatState): Tensor {
    return precisionRecallReduce("recall", s.counts, s.cfg.average, { topK: s.cfg.topK, zeroDivision: s.cfg.zeroDivision });
  }
}

export class MultilabelRecall extends MultilabelStatScores {
  protected override computeFrom(s: MultilabelStatState): Tensor {
    return precisionRecallReduce("recall", s.counts, s.cfg.average, { multilabel: true, zeroDivision: s.cfg.zeroDivision });
  }
}

export type Precision = BinaryPrecision | MulticlassPrecision | MultilabelPrecision;
export const Precision = taskWrapper<
  TaskConstructor<StatTaskOptions, BinaryPrecision, MulticlassPrecision, MultilabelPrecision>, StatTaskOptions
>("Precision", (o) => {
  const s = splitStatTask(o, "expected");
  if (s.task === "binary") return new BinaryPrecision(s.options);
  if (s.task === "multiclass") return new MulticlassPrecision(s.options);
  return new MultilabelPrecision(s.options);
});

export type Recall = BinaryRecall | MulticlassRecall | MultilabelRecall;
export const Recall = taskWrapper<
  TaskConstructor<StatTaskOptions, BinaryRecall, MulticlassRecall, MultilabelRecall>, StatTaskOptions
>("Recall", (o) => {
  const s = splitStatTask(o, "expected");
  if (s.task === "binary") return new BinaryRecall(s.options);
  if (s.task === "multiclass") return new MulticlassRecall(s.options);
  return new MultilabelRecall(s.options);
});
