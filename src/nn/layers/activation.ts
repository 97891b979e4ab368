/**
 * Activation layers. Each holds its options, prints them as PyTorch does, and calls
 * the function of the same name in `nn.functional`.
 */
import { checkKeys, checkNumber } from "../../util/options.js";
import type { Tensor } from "../../tensor/tensor.js";
import { pyFloat } from "../format.js";
import * as F from "../functional/activation.js";
import { Module } from "../module.js";

/** PyTorch appends `inplace=True` to a layer's text only when it is set. */
function inplaceSuffix(inplace: boolean, separator: string): string {
  return inplace ? `${separator}inplace=True` : "";
}

export class ReLU extends Module {
  readonly inplace: boolean;
  constructor(opts: F.InplaceOption = {}) {
    checkKeys(new.target.name, opts, ["inplace"]);
    super();
    this.inplace = opts.inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    return F.relu(input, { inplace: this.inplace });
  }
  override extraRepr(): string {
    return inplaceSuffix(this.inplace, "");
  }
}

export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  readonly inplace: boolean;
  constructor(negativeSlope = 0.01, opts: F.InplaceOption = {}) {
    checkKeys(new.target.name, opts, ["inplace"]);
    checkNumber(new.target.name, "negativeSlope", negativeSlope);
    super();
    this.negativeSlope = negativeSlope;
    this.inplace = opts.inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    return F.leakyRelu(input, this.negativeSlope, { inplace: this.inplace });
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${inplaceSuffix(this.inplace, ", ")}`;
  }
}

export class ELU extends Module {
  readonly alpha: number;
  readonly inplace: boolean;
  constructor(alpha = 1, opts: F.InplaceOption = {}) {
    checkKeys(new.target.name, opts, ["inplace"]);
    checkNumber(new.target.name, "alpha", alpha);
    super();
    this.alpha = alpha;
    this.inplace = opts.inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    return F.elu(input, this.alpha, { inplace: this.inplace });
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${inplaceSuffix(this.inplace, ", ")}`;
  }
}

/** GELU, exact (`approximate: "none"`, the default) or with the tanh approximation. */
export class GELU extends Module {
  readonly approximate: F.GeluApproximate;
  constructor(opts: { approximate?: F.GeluApproximate } = {}) {
    checkKeys(new.target.name, opts, ["approximate"]);
    super();
    this.approximate = opts.approximate ?? "none";
  }
  override forward(input: Tensor): Tensor {
    return F.gelu(input, { approximate: this.approximate });
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

export class SiLU extends Module {
  readonly inplace: boolean;
  constructor(opts: F.InplaceOption = {}) {
    checkKeys(new.target.name, opts, ["inplace"]);
    super();
    this.inplace = opts.inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    return F.silu(input, { inplace: this.inplace });
  }
  override extraRepr(): string {
    return inplaceSuffix(this.inplace, "");
  }
}

export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;
  constructor(opts: { beta?: number; threshold?: number } = {}) {
    checkKeys(new.target.name, opts, ["beta", "threshold"]);
    super();
    this.beta = opts.beta ?? 1;
    this.threshold = opts.threshold ?? 20;
  }
  override forward(input: Tensor): Tensor {
    return F.softplus(input, { beta: this.beta, threshold: this.threshold });
  }
  override extraRepr(): string {
    return `beta=${pyFloat(this.beta)}, threshold=${pyFloat(this.threshold)}`;
  }
}

/** SELU (self-normalising ELU); print: `SELU()`. */
export class SELU extends Module {
  readonly inplace: boolean;
  constructor(opts: F.InplaceOption = {}) {
    checkKeys(new.target.name, opts, ["inplace"]);
    super();
    this.inplace = opts.inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    return F.selu(input, { inplace: this.inplace });
  }
  override extraRepr(): string {
    return inplaceSuffix(this.inplace, "");
  }
}

/** Mish: x · tanh(softplus(x)). */
export class Mish extends Module {
  readonly inplace: boolean;
  constructor(opts: F.InplaceOption = {}) {
    checkKeys(new.target.name, opts, ["inplace"]);
    super();
    this.inplace = opts.inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    return F.mish(input, { inplace: this.inplace });
  }
  override extraRepr(): string {
    return inplaceSuffix(this.inplace, "");
  }
}

/** log σ(x), stable for large |x|. */
export class LogSigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return F.logSigmoid(input);
  }
}

/** x clamped into [minVal, maxVal]. */
export class Hardtanh extends Module {
  readonly minVal: number;
  readonly maxVal: number;
  readonly inplace: boolean;
  constructor(minVal = -1, maxVal = 1, opts: F.InplaceOption = {}) {
    checkKeys(new.target.name, opts, ["inplace"]);
    checkNumber(new.target.name, "minVal", minVal);
    checkNumber(new.target.name, "maxVal", maxVal);
    super();
    this.minVal = minVal;
    this.maxVal = maxVal;
    this.inplace = opts.inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    return F.hardtanh(input, this.minVal, this.maxVal, { inplace: this.inplace });
  }
  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}${inplaceSuffix(this.inplace, ", ")}`;
  }
}

/** x / (1 + |x|). */
export class Softsign extends Module {
  override forward(input: Tensor): Tensor {
    return F.softsign(input);
  }
}

export class Sigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return F.sigmoid(input);
  }
}

export class Tanh extends Module {
  override forward(input: Tensor): Tensor {
    return F.tanh(input);
  }
}

/** Softmax along `dim`; without one, PyTorch's implicit (deprecated) choice. */
export class Softmax extends Module {
  readonly dim: number | null;
  constructor(dim: number | null = null) {
    super();
    this.dim = dim;
  }
  override forward(input: Tensor): Tensor {
    return F.softmax(input, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}

export class LogSoftmax extends Module {
  readonly dim: number | null;
  constructor(dim: number | null = null) {
    super();
    this.dim = dim;
  }
  override forward(input: Tensor): Tensor {
    return F.logSoftmax(input, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}
