/**
 * nn.Conv1d and nn.Conv2d: weight [out, in / groups, *kernel] and bias [out],
 * initialised as PyTorch initialises them (kaiming_uniform(a = √5) for the weight, then
 * U(±1/√fan_in) for the bias, from the global generator), printed as PyTorch prints them.
 */
import { checkKeys, keysOf } from "../../util/options.js";
import { ValueError } from "../../errors.js";
import { conv1d, conv2d, type ConvPadding } from "../../ops/conv.js";
import { expand, type IntOrTuple } from "../../ops/conv-geometry.js";
import { zeros } from "../../tensor/creation.js";
import { defaultFloat, type DType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { pyInts } from "../format.js";
import { Module } from "../module.js";
import { Parameter, parameterZeros } from "../parameter.js";
import { resetWeightAndBias } from "./reset.js";

export interface ConvLayerOptions {
  stride?: IntOrTuple;
  /** Zeros on both sides, or "valid" (none) or "same" (stride 1 only). */
  padding?: ConvPadding;
  dilation?: IntOrTuple;
  groups?: number;
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Only "zeros" (PyTorch's default) is supported. */
  paddingMode?: "zeros";
  dtype?: DType;
}

/** What Conv1d and Conv2d share (their options and parameters). */
const CONV_KEYS = keysOf<ConvLayerOptions>({ stride: true, padding: true, dilation: true, groups: true, bias: true, paddingMode: true, dtype: true });

export abstract class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | "same" | "valid";
  readonly dilation: number[];
  readonly groups: number;
  readonly paddingMode = "zeros";
  weight: Parameter;
  bias: Parameter | null;

  constructor(name: string, dims: number, inChannels: number, outChannels: number, kernelSize: IntOrTuple, opts: ConvLayerOptions) {
    checkKeys(name, opts, CONV_KEYS);
    super();
    const groups = opts.groups ?? 1;
    for (const [what, v] of [["in_channels", inChannels], ["out_channels", outChannels]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError(`${name}: ${what} must be a positive integer, got ${v}`);
    }
    if (!Number.isInteger(groups) || groups <= 0) throw new ValueError("groups must be a positive integer");
    if (inChannels % groups !== 0) throw new ValueError("in_channels must be divisible by groups");
    if (outChannels % groups !== 0) throw new ValueError("out_channels must be divisible by groups");
    if ((opts.paddingMode ?? "zeros") !== "zeros") {
      throw new ValueError(`${name}: padding_mode '${String(opts.paddingMode)}' is not supported yet; only 'zeros' is`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.groups = groups;
    this.kernelSize = expand(name, "kernel_size", kernelSize, dims);
    this.stride = expand(name, "stride", opts.stride ?? 1, dims);
    this.dilation = expand(name, "dilation", opts.dilation ?? 1, dims);
    const padding = opts.padding ?? 0;
    if (typeof padding === "string") {
      if (padding !== "same" && padding !== "valid") throw new ValueError(`Invalid padding string '${String(padding)}', should be one of {'valid', 'same'}`);
      if (padding === "same" && this.stride.some((s) => s !== 1)) throw new ValueError("padding='same' is not supported for strided convolutions");
      this.padding = padding;
    } else this.padding = expand(name, "padding", padding, dims);
    const dtype = opts.dtype ?? defaultFloat();
    this.weight = new Parameter(parameterZeros([outChannels, inChannels / groups, ...this.kernelSize], dtype));
    this.bias = (opts.bias ?? true) ? new Parameter(zeros([outChannels], { dtype })) : null;
    this.resetParameters();
  }

  /** PyTorch's default: kaiming_uniform(a = √5) weight, then U(±1/√fan_in) bias. */
  resetParameters(): void {
    resetWeightAndBias(this.weight, this.bias);
  }

  override extraRepr(): string {
    const ones = (v: number[], x: number): boolean => v.every((e) => e === x);
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyInts(this.kernelSize)}, stride=${pyInts(this.stride)}`;
    if (typeof this.padding === "string") s += `, padding=${this.padding}`;
    else if (!ones(this.padding, 0)) s += `, padding=${pyInts(this.padding)}`;
    if (!ones(this.dilation, 1)) s += `, dilation=${pyInts(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (!this.bias) s += ", bias=False";
    return s;
  }

  protected get options(): { stride: number[]; padding: ConvPadding; dilation: number[]; groups: number } {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups };
  }
}

/** Convolution over [N, C, L] (or [C, L]) sequences. */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, opts: ConvLayerOptions = {}) {
    super("Conv1d", 1, inChannels, outChannels, kernelSize, opts);
  }

  override forward(input: Tensor): Tensor {
    return conv1d(input, this.weight, this.bias, this.options);
  }
}

/** Convolution over [N, C, H, W] (or [C, H, W]) images. */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, opts: ConvLayerOptions = {}) {
    super("Conv2d", 2, inChannels, outChannels, kernelSize, opts);
  }

  override forward(input: Tensor): Tensor {
    return conv2d(input, this.weight, this.bias, this.options);
  }
}
