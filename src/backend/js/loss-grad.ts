/**
 * The fused losses' backward from the gradient their forward kept (fused-loss.ts computes
 * it): the scaling by the upstream gradient, and the log-probabilities a recorded
 * backward (createGraph) composes from.
 */
import type { Storage } from "../../tensor/dtype.js";
import type { MathLib } from "../libm.js";

/** out = grad · g[0] / denominator, in PyTorch's order (the product, then the division of a mean), rounded once. */
export function lossGradScale(grad: Storage, g: Storage, denominator: number, out: Storage): void {
  const gv = g[0];
  for (let i = 0; i < out.length; i++) out[i] = (grad[i] * gv) / denominator;
}

/**
 * From cross-entropy's kept gradient (softmax − one-hot, rows [rows, classes]): the
 * log-probabilities log(grad + onehot) into `logProbs` (ignored rows were zeroed and get
 * −inf, which their zero coefficients never read), and the loss's coefficients, the
 * one-hot of each target not ignored, into `coeffs`.
 */
export function crossEntropyGradLogProbsWith(M: MathLib) {
  return (grad: Storage, targets: Storage, rows: number, classes: number, ignoreIndex: number, logProbs: Storage, coeffs: Storage): void => {
    for (let r = 0; r < rows; r++) {
      const y = targets[r];
      for (let c = 0; c < classes; c++) logProbs[r * classes + c] = M.log(grad[r * classes + c] + (c === y ? 1 : 0));
      for (let c = 0; c < classes; c++) coeffs[r * classes + c] = y !== ignoreIndex && c === y ? 1 : 0;
    }
  };
}
