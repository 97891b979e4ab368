/** nn.Linear: y = x Wᵀ + b, initialised as PyTorch initialises it. */
import { checkKeys, keysOf } from "../../util/options.js";
import { linear } from "../functional/linear.js";
import { zeros } from "../../tensor/creation.js";
import { defaultFloat, type DType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { pyBool } from "../format.js";
import { Module } from "../module.js";
import { Parameter, parameterZeros } from "../parameter.js";
import { resetWeightAndBias } from "./reset.js";

export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Dtype of the weights (default: the default float dtype). */
  dtype?: DType;
}

const LINEAR_KEYS = keysOf<LinearOptions>({ bias: true, dtype: true });

export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** [outFeatures, inFeatures]. */
  weight: Parameter;
  /** [outFeatures], or null without bias. */
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    checkKeys("Linear", opts, LINEAR_KEYS);
    super();
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const dtype = opts.dtype ?? defaultFloat();
    this.weight = new Parameter(parameterZeros([outFeatures, inFeatures], dtype));
    this.bias = (opts.bias ?? true) ? new Parameter(zeros([outFeatures], { dtype })) : null;
    this.resetParameters();
  }

  /** PyTorch's default: kaiming_uniform(a = √5) weight, then U(±1/√fan_in) bias. */
  resetParameters(): void {
    resetWeightAndBias(this.weight, this.bias);
  }

  override forward(input: Tensor): Tensor {
    return linear(input, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
