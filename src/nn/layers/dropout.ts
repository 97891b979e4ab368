/**
 * nn.Dropout: zeroes elements with probability p while training; identity in eval mode.
 * nn.Dropout2d: the same for whole channels of [N, C, H, W] inputs.
 */
import { checkKeys, checkNumber } from "../../util/options.js";
import type { Tensor } from "../../tensor/tensor.js";
import { pyBool, pyFloat } from "../format.js";
import { checkDropoutP, dropout } from "../functional/dropout.js";
import { dropout2d } from "../functional/dropout2d.js";
import { Module } from "../module.js";

export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;

  constructor(p = 0.5, opts: { inplace?: boolean } = {}) {
    checkNumber(new.target.name, "p", p);
    checkKeys(new.target.name, opts, ["inplace"]);
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

export class Dropout2d extends Dropout {
  override forward(input: Tensor): Tensor {
    return dropout2d(input, { p: this.p, training: this.training, inplace: this.inplace });
  }
}
