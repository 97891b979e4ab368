/**
 * Classification losses with their gradient in the same pass: the softmax (or sigmoid)
 * computed for the loss is the one the backward needs, so it is never recomputed.
 * Losses are summed in float64 and use the stable forms PyTorch uses.
 */
import type { Storage } from "../../tensor/dtype.js";
import type { MathLib } from "../libm.js";

export interface FusedLosses {
  crossEntropy(logits: Storage, targets: Storage, rows: number, classes: number, grad: Storage | null, ignoreIndex: number): number;
  bceWithLogits(x: Storage, y: Storage, grad: Storage | null): number;
}

/** Both losses over a math library: the engine's Math (reference backend) or libm. */
export function fusedLossesWith(M: MathLib): FusedLosses {
  return {
    crossEntropy: (logits, targets, rows, classes, grad, ignoreIndex) => crossEntropy(M, logits, targets, rows, classes, grad, ignoreIndex),
    bceWithLogits: (x, y, grad) => bceWithLogits(M, x, y, grad),
  };
}

function crossEntropy(M: MathLib, logits: Storage, targets: Storage, rows: number, classes: number, grad: Storage | null, ignoreIndex: number): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    const t = targets[r];
    if (t === ignoreIndex) {
      if (grad) grad.fill(0, base, base + classes);
      continue;
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (logits[base + c] > max) max = logits[base + c];
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += M.exp(logits[base + c] - max);
    total += M.log(sum) + max - logits[base + t];
    if (grad) {
      for (let c = 0; c < classes; c++) grad[base + c] = M.exp(logits[base + c] - max) / sum;
      grad[base + t] -= 1;
    }
  }
  return total;
}

function bceWithLogits(M: MathLib, x: Storage, y: Storage, grad: Storage | null): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i], t = y[i];
    const e = M.exp(-Math.abs(v));
    total += (v > 0 ? v : 0) - v * t + M.log1p(e);
    // σ(v) from the same exponential: 1/(1+e) for v ≥ 0, e/(1+e) below.
    if (grad) grad[i] = (v >= 0 ? 1 / (1 + e) : e / (1 + e)) - t;
  }
  return total;
}
