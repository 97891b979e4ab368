/** Regression losses as modules: MSELoss, L1Loss, SmoothL1Loss, HuberLoss. */
import type { Tensor } from "../../tensor/tensor.js";
import { huberLoss, l1Loss, mseLoss, smoothL1Loss } from "../functional/regression.js";
import { Loss, type LossOptions } from "./loss.js";

export class MSELoss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

export class L1Loss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

export class SmoothL1Loss extends Loss {
  static override readonly optionKeys: readonly string[] = ["reduction", "beta"];
  readonly beta: number;
  constructor(opts: LossOptions & { beta?: number } = {}) {
    super(opts);
    this.beta = opts.beta ?? 1;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

export class HuberLoss extends Loss {
  static override readonly optionKeys: readonly string[] = ["reduction", "delta"];
  readonly delta: number;
  constructor(opts: LossOptions & { delta?: number } = {}) {
    super(opts);
    this.delta = opts.delta ?? 1;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}
