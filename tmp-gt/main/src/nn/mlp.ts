/**
 * kd.nn.mlp: the multi-layer perceptron that the command line trains and the playground
 * builds, made in one place so that the same options give the same layers, in the same
 * order, drawing the same initial weights from the generator.
 */
import { ValueError } from "../errors.js";
import { checkDropoutP } from "./functional/dropout.js";
import { ReLU } from "./layers/activation.js";
import { Sequential } from "./layers/containers.js";
import { Dropout } from "./layers/dropout.js";
import { Linear } from "./layers/linear.js";
import type { Module } from "./module.js";

export interface MlpOptions {
  /** Widths of the hidden layers, first to last (default none: one Linear from inputs to outputs). */
  hidden?: readonly number[];
  /**
   * Makes the activation after each hidden Linear, called once per hidden layer (default:
   * `() => new nn.ReLU()`); null, or a maker that returns null, for none.
   */
  activation?: (() => Module | null) | null;
  /** Dropout probability after each hidden activation (default 0: no Dropout layers). */
  dropout?: number;
}

function checkWidth(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`mlp: ${what} must be a positive whole number, got ${n}`);
}

/**
 * `Sequential(Linear(in, h₁), act, [Dropout], …, Linear(hₖ, out))`: per hidden layer a
 * Linear, its activation and (when `dropout` > 0) a Dropout, then the output Linear.
 */
export function mlp(inFeatures: number, outFeatures: number, opts: MlpOptions = {}): Sequential {
  const { hidden = [], activation = () => new ReLU(), dropout = 0 } = opts;
  checkWidth("inFeatures", inFeatures);
  checkWidth("outFeatures", outFeatures);
  hidden.forEach((h, i) => checkWidth(`hidden[${i}]`, h));
  // Before any weight is drawn, so a bad p costs no generator state.
  checkDropoutP(dropout);
  const layers: Module[] = [];
  let width = inFeatures;
  for (const h of hidden) {
    layers.push(new Linear(width, h));
    const act = activation?.() ?? null;
    if (act) layers.push(act);
    if (dropout > 0) layers.push(new Dropout(dropout));
    width = h;
  }
  layers.push(new Linear(width, outFeatures));
  return new Sequential(...layers);
}
