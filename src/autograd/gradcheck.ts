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
import { fromArray } from "../tensor/creation.js";

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
  for (const o of outs) {
    const values = o.toArray();
    for (let i = 0; i < values.length; i++) v.push(values[i]);
  }
  return v;
}

/** J[o][i] as rows (output elements) × columns (input elements). */
type Jacobian = number[][];

/** Writes `values` into x in place, outside the graph (the storage stays x's, so views see it). */
function overwrite(x: Tensor, values: ArrayLike<number>): void {
  noGrad(() => x.copy_(fromArray(Float64Array.from(values), x.shape, { dtype: x.dtype, device: x.device })));
}

function numerical(fn: Fn, inputs: readonly Tensor[], x: Tensor, eps: number, outSizes: readonly number[]): Jacobian[] {
  const cols: number[][] = [];
  const base = x.toArray();
  const moved = Float64Array.from(base);
  for (let j = 0; j < base.length; j++) {
    const orig = base[j];
    moved[j] = orig + eps;
    overwrite(x, moved);
    const plus = noGrad(() => flatValues(outputsOf(fn, inputs)));
    moved[j] = orig - eps;
    overwrite(x, moved);
    const minus = noGrad(() => flatValues(outputsOf(fn, inputs)));
    moved[j] = orig;
    cols.push(plus.map((p, k) => (p - minus[k]) / (2 * eps)));
  }
  overwrite(x, base);
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
    const unit = new Float64Array(o.numel());
    for (let k = 0; k < o.numel(); k++) {
      unit.fill(0);
      unit[k] = 1;
      const seed = fromArray(unit, o.shape, { dtype: o.dtype, device: o.device });
      const gs = grad(o, inputs, { gradOutputs: seed, retainGraph: true, allowUnused: true });
      gs.forEach((g, i) => {
        if (!g) return;
        const values = g.toArray();
        for (let j = 0; j < values.length; j++) perInput[i][k][j] = values[j];
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
