/** nn.Dropout: zeroes elements with probability p while training; identity in eval mode. */
import type { Tensor } from "../../tensor/tensor.js";
import { pyBool, pyFloat } from "../format.js";
import { checkDropoutP, dropout } from "../functional/dropout.js";
import { Module } from "../module.js";

export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;

  constructor(p = 0.5, opts: { inplace?: boolean } = {}) {
    super();
    checkDropoutP(p);
    this.p = p;
    this.inplace = opts.inplace ?? false;
  }

  override forward(input: Tensor): Tensor {
    return dropout(input, { p: this.p, training: this.training, inplace: this.inplace });
  }

  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}
