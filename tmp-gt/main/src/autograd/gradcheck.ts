/**
 * torch.autograd.gradcheck: compares the gradients autograd computes with central
 * finite differences, element by element (the full Jacobian). Use float64 inputs:
 * in float32 the differences are too coarse for the default tolerances.
 */
import { GradcheckError } from "../errors.js";
import { isFloating } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { grad } from "./grad.js";
import { noGrad } from "./grad-mode.js";
import { onesLikeRaw } from "../ops/shape.js";

export interface GradcheckOptions {
  /** The finite-difference step. */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Throw a GradcheckError on a mismatch (PyTorch's default) instead of returning false. */
  raiseException?: boolean;
}

type Fn = (...inputs: Tensor[]) => Tensor | readonly Tensor[];

function outputsOf(fn: Fn, inputs: readonly Tensor[]): Tensor[] {
  const r = fn(...inputs);
  return Array.isArray(r) ? [...(r as readonly Tensor[])] : [r as Tensor];
}

/** The flat values of every output, copied (an output may share storage with an input). */
function flatValues(outs: readonly Tensor[]): number[] {
  const v: number[] = [];
  for (const o of outs) for (let i = 0; i < o.data.length; i++) v.push(o.data[i]);
  return v;
}

/** J[o][i] as rows (output elements) × columns (input elements). */
type Jacobian = number[][];

function numerical(fn: Fn, inputs: readonly Tensor[], x: Tensor, eps: number, outSizes: readonly number[]): Jacobian[] {
  const cols: number[][] = [];
  for (let j = 0; j < x.data.length; j++) {
    const orig = x.data[j];
    x.data[j] = orig + eps;
    const plus = noGrad(() => flatValues(outputsOf(fn, inputs)));
    x.data[j] = orig - eps;
    const minus = noGrad(() => flatValues(outputsOf(fn, inputs)));
    x.data[j] = orig;
    cols.push(plus.map((p, k) => (p - minus[k]) / (2 * eps)));
  }
  // Split the rows by output.
  let start = 0;
  return outSizes.map((n) => {
    const rows = Array.from({ length: n }, (_, r) => cols.map((c) => c[start + r]));
    start += n;
    return rows;
  });
}

/** result[o][i]: the rows of d out_o / d input_i, one backward pass per output element. */
function analytical(outs: readonly Tensor[], inputs: readonly Tensor[]): Jacobian[][] {
  return outs.map((o) => {
    const perInput = inputs.map((x) => Array.from({ length: o.numel() }, () => new Array<number>(x.numel()).fill(0)));
    if (!o.requiresGrad || !isFloating(o.dtype)) return perInput;
    for (let k = 0; k < o.numel(); k++) {
      const seed = onesLikeRaw(o);
      seed.data.fill(0);
      seed.data[k] = 1;
      const gs = grad(o, inputs, { gradOutputs: seed, retainGraph: true, allowUnused: true });
      gs.forEach((g, i) => {
        if (g) for (let j = 0; j < g.data.length; j++) perInput[i][k][j] = g.data[j];
      });
    }
    return perInput;
  });
}

function fmt(j: Jacobian): string {
  return "[" + j.map((r) => "[" + r.map((v) => v.toPrecision(6)).join(", ") + "]").join(",\n ") + "]";
}

/** True when autograd's gradients of `fn` at `inputs` match finite differences. */
export function gradcheck(fn: Fn, inputs: readonly Tensor[], opts: GradcheckOptions = {}): boolean {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raiseException = true } = opts;
  const diff = inputs.filter((t) => t.requiresGrad);
  const outs = outputsOf(fn, inputs);
  const sizes = outs.map((o) => o.numel());
  const ana = analytical(outs, diff);
  for (let i = 0; i < diff.length; i++) {
    const num = numerical(fn, inputs, diff[i], eps, sizes);
    for (let o = 0; o < outs.length; o++) {
      if (!isFloating(outs[o].dtype)) continue;
      const a = ana[o][i], n = num[o];
      const bad = a.some((row, r) => row.some((v, c) => !(Math.abs(v - n[r][c]) <= atol + rtol * Math.abs(n[r][c]))));
      if (bad) {
        if (!raiseException) return false;
        throw new GradcheckError(
          `Jacobian mismatch for output ${o} with respect to input ${inputs.indexOf(diff[i])},\nnumerical:${fmt(n)}\nanalytical:${fmt(a)}\n`,
        );
      }
    }
  }
  return true;
}
