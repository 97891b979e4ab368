/** Jaccard index (intersection over union) of the predicted and true classes. */
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryConfmatOptions, MulticlassConfmatOptions, MultilabelConfmatOptions } from "../core/confmat-config.js";
import type { ConfmatState } from "../core/confmat-states.js";
import type { Average, ZeroDivision } from "../internal/types.js";
import { checkStatAverage, checkZeroDivision } from "../internal/validate-args.js";
import { jaccardReduce } from "../reduce/confmat-reductions.js";
import { splitConfmatTask, type ConfmatTaskOptions } from "../functional/confmat-task.js";
import { BinaryConfusionMatrix, MulticlassConfusionMatrix, MultilabelConfusionMatrix } from "./confusion-matrix.js";
import { taskWrapper, type TaskConstructor } from "./task-wrapper.js";

export interface JaccardExtraOptions {
  zeroDivision?: ZeroDivision;
}
export interface JaccardAverageOption {
  /** Default "macro". */
  average?: Average;
}

function zeroDivisionOf(o: JaccardExtraOptions & { validateArgs?: boolean }): ZeroDivision {
  const zd = o.zeroDivision ?? 0;
  if (o.validateArgs ?? true) checkZeroDivision(zd);
  return zd;
}

function averageOf(o: JaccardAverageOption & { validateArgs?: boolean }): Average {
  const average = o.average === undefined ? "macro" : o.average;
  if (o.validateArgs ?? true) checkStatAverage(average);
  return average;
}

export class BinaryJaccardIndex extends BinaryConfusionMatrix {
  readonly zeroDivision: ZeroDivision;
  constructor(options: BinaryConfmatOptions & JaccardExtraOptions = {}) {
    super(options);
    this.zeroDivision = zeroDivisionOf(options);
  }
  protected override computeFrom(s: ConfmatState): Tensor {
    return jaccardReduce(s.matrix, "binary", 2, { average: "binary", ignoreIndex: null, zeroDivision: this.zeroDivision });
  }
}

export class MulticlassJaccardIndex extends MulticlassConfusionMatrix {
  readonly zeroDivision: ZeroDivision;
  readonly average: Average;
  constructor(options: MulticlassConfmatOptions & JaccardExtraOptions & JaccardAverageOption) {
    super(options);
    this.zeroDivision = zeroDivisionOf(options);
    this.average = averageOf(options);
  }
  protected override computeFrom(s: ConfmatState): Tensor {
    return jaccardReduce(s.matrix, "multiclass", s.cfg.size, {
      average: this.average, ignoreIndex: s.cfg.ignoreIndex, zeroDivision: this.zeroDivision,
    });
  }
}

export class MultilabelJaccardIndex extends MultilabelConfusionMatrix {
  readonly zeroDivision: ZeroDivision;
  readonly average: Average;
  constructor(options: MultilabelConfmatOptions & JaccardExtraOptions & JaccardAverageOption) {
    super(options);
    this.zeroDivision = zeroDivisionOf(options);
    this.average = averageOf(options);
  }
  /**
   * torchmetrics' class leaves the ignore index out of the reduction; its function passes it,
   * where an index in [0, numLabels) then drops that label from the averages.
   */
  protected reductionIgnoreIndex(_s: ConfmatState): number | null {
    return null;
  }
  protected override computeFrom(s: ConfmatState): Tensor {
    return jaccardReduce(s.matrix, "multilabel", s.cfg.size, {
      average: this.average, ignoreIndex: this.reductionIgnoreIndex(s), zeroDivision: this.zeroDivision,
    });
  }
}

export type JaccardTaskOptions = ConfmatTaskOptions & JaccardExtraOptions & JaccardAverageOption;

export type JaccardIndex = BinaryJaccardIndex | MulticlassJaccardIndex | MultilabelJaccardIndex;
export const JaccardIndex = taskWrapper<
  TaskConstructor<JaccardTaskOptions, BinaryJaccardIndex, MulticlassJaccardIndex, MultilabelJaccardIndex>,
  JaccardTaskOptions
>("JaccardIndex", (o) => {
  const s = splitConfmatTask(o);
  const extra = { zeroDivision: o.zeroDivision };
  if (s.task === "binary") return new BinaryJaccardIndex({ ...s.options, ...extra });
  if (s.task === "multiclass") return new MulticlassJaccardIndex({ ...s.options, ...extra, average: o.average });
  return new MultilabelJaccardIndex({ ...s.options, ...extra, average: o.average });
});
