/** Multi-class losses: CrossEntropyLoss (on logits) and NLLLoss (on log-probabilities). */
import type { Tensor } from "../../tensor/tensor.js";
import { crossEntropy, nllLoss } from "../functional/cross-entropy.js";
import { WeightedLoss, type WeightedLossOptions } from "./loss.js";

export interface NLLLossOptions extends WeightedLossOptions {
  /** A target value that is skipped (default -100). */
  ignoreIndex?: number;
}

export interface CrossEntropyLossOptions extends NLLLossOptions {
  /** Smoothing ε in [0, 1]: the target becomes (1 - ε)·target + ε / C. */
  labelSmoothing?: number;
}

/**
 * Log-softmax and negative log-likelihood in one fused op. Targets are int64 class
 * indices ([N] for [N, C] logits) or class probabilities of the logits' shape.
 */
export class CrossEntropyLoss extends WeightedLoss {
  static override readonly optionKeys: readonly string[] = ["reduction", "weight", "ignoreIndex", "labelSmoothing"];
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;

  constructor(opts: CrossEntropyLossOptions = {}) {
    super(opts);
    this.ignoreIndex = opts.ignoreIndex ?? -100;
    this.labelSmoothing = opts.labelSmoothing ?? 0;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    });
  }
}

export class NLLLoss extends WeightedLoss {
  static override readonly optionKeys: readonly string[] = ["reduction", "weight", "ignoreIndex"];
  readonly ignoreIndex: number;

  constructor(opts: NLLLossOptions = {}) {
    super(opts);
    this.ignoreIndex = opts.ignoreIndex ?? -100;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}
