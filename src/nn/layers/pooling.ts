/**
 * nn.MaxPool2d, nn.AvgPool2d and nn.AdaptiveAvgPool2d: the functional pools with their
 * settings kept, printed as PyTorch prints them (sizes as given: an int stays an int).
 */
import { checkKeys, keysOf } from "../../util/options.js";
import {
  adaptiveAvgPool2d, avgPool2d, maxPool2d, maxPool2dWithIndices, type AdaptiveSize, type AvgPool2dOptions, type MaxPool2dOptions,
} from "../../ops/pool.js";
import type { IntOrTuple } from "../../ops/conv-geometry.js";
import type { Tensor } from "../../tensor/tensor.js";
import { pyBool, pyInts } from "../format.js";
import { Module } from "../module.js";

export interface MaxPool2dLayerOptions extends MaxPool2dOptions {
  /** Keep PyTorch's flag; the indices come from `forwardWithIndices`. */
  returnIndices?: boolean;
}

export class MaxPool2d extends Module {
  readonly kernelSize: IntOrTuple;
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;
  readonly dilation: IntOrTuple;
  readonly ceilMode: boolean;
  readonly returnIndices: boolean;

  constructor(kernelSize: IntOrTuple, opts: MaxPool2dLayerOptions = {}) {
    checkKeys("MaxPool2d", opts, keysOf<MaxPool2dLayerOptions>({ stride: true, padding: true, dilation: true, ceilMode: true, returnIndices: true }));
    super();
    this.kernelSize = kernelSize;
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.dilation = opts.dilation ?? 1;
    this.ceilMode = opts.ceilMode ?? false;
    this.returnIndices = opts.returnIndices ?? false;
  }

  private get options(): MaxPool2dOptions {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode };
  }

  override forward(input: Tensor): Tensor {
    if (this.returnIndices) {
      // PyTorch's module returns a tuple here; a call that expects a tensor must not get one silently.
      throw new TypeError("MaxPool2d was made with returnIndices: true: call forwardWithIndices(x) for [values, indices]");
    }
    return maxPool2d(input, this.kernelSize, this.options);
  }

  /** The maxima and their flat indices in each input plane (int64), as `return_indices=True` gives. */
  forwardWithIndices(input: Tensor): [Tensor, Tensor] {
    return maxPool2dWithIndices(input, this.kernelSize, this.options);
  }

  override extraRepr(): string {
    return `kernel_size=${pyInts(this.kernelSize)}, stride=${pyInts(this.stride)}, padding=${pyInts(this.padding)}, ` +
      `dilation=${pyInts(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

export class AvgPool2d extends Module {
  readonly kernelSize: IntOrTuple;
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  constructor(kernelSize: IntOrTuple, opts: AvgPool2dOptions = {}) {
    checkKeys("AvgPool2d", opts, keysOf<AvgPool2dOptions>({ stride: true, padding: true, ceilMode: true, countIncludePad: true, divisorOverride: true }));
    super();
    this.kernelSize = kernelSize;
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
    this.divisorOverride = opts.divisorOverride ?? null;
  }

  override forward(input: Tensor): Tensor {
    return avgPool2d(input, this.kernelSize, {
      stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad, divisorOverride: this.divisorOverride,
    });
  }

  /** PyTorch prints only these three. */
  override extraRepr(): string {
    return `kernel_size=${pyInts(this.kernelSize)}, stride=${pyInts(this.stride)}, padding=${pyInts(this.padding)}`;
  }
}

export class AdaptiveAvgPool2d extends Module {
  readonly outputSize: AdaptiveSize;

  constructor(outputSize: AdaptiveSize) {
    super();
    this.outputSize = outputSize;
  }

  override forward(input: Tensor): Tensor {
    return adaptiveAvgPool2d(input, this.outputSize);
  }

  override extraRepr(): string {
    return `output_size=${pyInts(this.outputSize)}`;
  }
}
