/** Cohen's kappa: agreement between predicted and true classes beyond chance. */
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { BinaryConfmatOptions, MulticlassConfmatOptions } from "../core/confmat-config.js";
import type { ConfmatState } from "../core/confmat-states.js";
import { pyStr, pyTuple } from "../internal/py.js";
import { cohenKappaReduce, type KappaWeights } from "../reduce/confmat-reductions.js";
import { splitBinaryMulticlassTask, type ConfmatTaskOptions } from "../functional/confmat-task.js";
import { BinaryConfusionMatrix, MulticlassConfusionMatrix } from "./confusion-matrix.js";
import { taskWrapper, type TwoTaskConstructor } from "./task-wrapper.js";

export type { KappaWeights };

export interface KappaOptions {
  /** Disagreement weights: none (0/1), "linear" |i - j| or "quadratic" (i - j)^2. */
  weights?: KappaWeights;
}

const WEIGHTS: readonly KappaWeights[] = ["linear", "quadratic", "none", null];

function weightsOf(o: KappaOptions & { validateArgs?: boolean }): KappaWeights {
  const w = o.weights === undefined ? null : o.weights;
  if ((o.validateArgs ?? true) && !WEIGHTS.includes(w)) {
    throw new ValueError(`Expected argument \`weight\` to be one of ${pyTuple(WEIGHTS)}, but got ${pyStr(w)}.`);
  }
  return w;
}

export class BinaryCohenKappa extends BinaryConfusionMatrix {
  readonly weights: KappaWeights;
  constructor(options: BinaryConfmatOptions & KappaOptions = {}) {
    super(options);
    this.weights = weightsOf(options);
  }
  protected override computeFrom(s: ConfmatState): Tensor {
    return cohenKappaReduce(s.matrix, 2, this.weights);
  }
}

export class MulticlassCohenKappa extends MulticlassConfusionMatrix {
  readonly weights: KappaWeights;
  constructor(options: MulticlassConfmatOptions & KappaOptions) {
    super(options);
    this.weights = weightsOf(options);
  }
  protected override computeFrom(s: ConfmatState): Tensor {
    return cohenKappaReduce(s.matrix, s.cfg.size, this.weights);
  }
}

export type CohenKappaTaskOptions = ConfmatTaskOptions & KappaOptions;

export type CohenKappa = BinaryCohenKappa | MulticlassCohenKappa;
export const CohenKappa = taskWrapper<
  TwoTaskConstructor<CohenKappaTaskOptions, BinaryCohenKappa, MulticlassCohenKappa>, CohenKappaTaskOptions
>("CohenKappa", (o) => {
  const s = splitBinaryMulticlassTask(o);
  if (s.task === "binary") return new BinaryCohenKappa({ ...s.options, weights: o.weights });
  return new MulticlassCohenKappa({ ...s.options, weights: o.weights });
});
