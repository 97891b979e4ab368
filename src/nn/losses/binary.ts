/** Binary (and multi-label) classification losses: BCELoss and BCEWithLogitsLoss. */
import type { Tensor } from "../../tensor/tensor.js";
import { binaryCrossEntropy, binaryCrossEntropyWithLogits } from "../functional/binary-cross-entropy.js";
import { WeightedLoss, type WeightedLossOptions } from "./loss.js";

/** Binary cross-entropy on probabilities (after a sigmoid). Prefer BCEWithLogitsLoss. */
export class BCELoss extends WeightedLoss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

export interface BCEWithLogitsLossOptions extends WeightedLossOptions {
  /** Weight of positive examples, one per class (broadcast over the last dim). */
  posWeight?: Tensor | null;
}

/**
 * Sigmoid and binary cross-entropy in one numerically stable op, on raw logits. On
 * [N, C] logits with 0/1 targets it is the multi-label loss.
 */
export class BCEWithLogitsLoss extends WeightedLoss {
  static override readonly optionKeys: readonly string[] = ["reduction", "weight", "posWeight"];
  /** The `pos_weight` buffer (PyTorch's state-dict name), or null. */
  declare readonly pos_weight: Tensor | null;

  constructor(opts: BCEWithLogitsLossOptions = {}) {
    super(opts);
    this.registerBuffer("pos_weight", opts.posWeight ?? null);
  }

  get posWeight(): Tensor | null {
    return this.pos_weight;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, {
      weight: this.weight,
      posWeight: this.pos_weight,
      reduction: this.reduction,
    });
  }
}
