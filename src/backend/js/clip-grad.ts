/**
 * Gradient clipping's loops (nn/utils/clip-grad.ts), computed as PyTorch computes them
 * for float32 gradients: float64 sums, each gradient's norm rounded to float32.
 */
import type { Storage } from "../../tensor/dtype.js";
import type { MathLib } from "../libm.js";

/** The p-norm of all values of `grads` together (max |g| for p = ∞). */
export function gradNormWith(M: MathLib) {
  return (grads: readonly Storage[], p: number): number => {
    if (p === Infinity) {
      let m = 0;
      for (const g of grads) for (let i = 0; i < g.length; i++) m = Math.max(m, Math.abs(g[i]));
      return m;
    }
    // PyTorch takes each gradient's norm, then the norm of those norms; the same value.
    let s = 0;
    for (const g of grads) {
      let gs = 0;
      for (let i = 0; i < g.length; i++) gs += M.pow(Math.abs(g[i]), p);
      s += M.pow(Math.fround(M.pow(gs, 1 / p)), p);
    }
    return M.pow(s, 1 / p);
  };
}

/** Every value of every gradient times `coef`, in place. */
export function scaleGrads(grads: readonly Storage[], coef: number): void {
  for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= coef;
}
