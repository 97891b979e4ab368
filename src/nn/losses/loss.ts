/** The base of the loss modules: a `reduction`, and optionally a `weight` buffer. */
import { checkKeys } from "../../util/options.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Reduction } from "../functional/reduction.js";
import { Module } from "../module.js";

export interface LossOptions {
  /** "mean" (default), "sum" or "none" (one loss per element). */
  reduction?: Reduction;
}

export interface WeightedLossOptions extends LossOptions {
  weight?: Tensor | null;
}

/**
 * A loss is a module whose forward takes (input, target). An unknown `reduction` is
 * refused when the loss is computed, as in PyTorch.
 */
export class Loss extends Module {
  readonly reduction: Reduction;
  /** The options this loss's constructor takes: any other key is a TypeError (util/options.ts). */
  static readonly optionKeys: readonly string[] = ["reduction"];

  constructor(opts: LossOptions = {}) {
    checkKeys(new.target.name, opts, (new.target as typeof Loss).optionKeys);
    super();
    this.reduction = opts.reduction ?? "mean";
  }

  override forward(_input: Tensor, _target: Tensor): Tensor {
    return super.forward();
  }
}

/** A loss with per-class (or per-element) weights, kept as the buffer `weight` like PyTorch. */
export class WeightedLoss extends Loss {
  static override readonly optionKeys: readonly string[] = ["reduction", "weight"];
  /** The `weight` buffer (registered, so it is in the state dict), or null. */
  declare readonly weight: Tensor | null;

  constructor(opts: WeightedLossOptions = {}) {
    super(opts);
    this.registerBuffer("weight", opts.weight ?? null);
  }
}
