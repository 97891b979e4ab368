/** Structural layers with no weights: Identity and Flatten. */
import type { Tensor } from "../../tensor/tensor.js";
import { Module } from "../module.js";

/** Returns its input unchanged (a placeholder layer). */
export class Identity extends Module {
  override forward(input: Tensor): Tensor {
    return input;
  }
}

/** Flattens dims startDim..endDim into one (by default all but the batch dim). */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor(startDim = 1, endDim = -1) {
    super();
    this.startDim = startDim;
    this.endDim = endDim;
  }

  override forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
