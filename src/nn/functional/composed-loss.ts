/**
 * cross_entropy and nll_loss on a device in their general forms (class weights, label
 * smoothing, reduction "none", class-probability targets, inputs [N, C, d…]), composed
 * of ops: nothing is read back and autograd differentiates the composition. The fused
 * kernel (device-loss.ts) keeps the common case.
 *
 * Each row's loss is Σ_c A_c·(−v_c), v the log-probabilities (nll_loss: the input) and
 * A the coefficients the CPU's kernels use: (1 − ε)·w_y at the target class plus
 * (ε / C)·w_c, zero on ignored rows; for probability targets ((1 − ε)·t_c + ε / C)·w_c.
 * "mean" divides by Σ w_y over rows not ignored (class indices) or by the rows
 * (probabilities), as on the CPU. Class indices out of range are found where the targets'
 * range is known (uploaded from the CPU and unchanged); others cannot be found without a
 * read-back and add only their smoothing term.
 */
import { IndexError } from "../../errors.js";
import { uploadedRange } from "../../ops/device.js";
import { cast } from "../../ops/cast.js";
import { add, eq, mul, ne, neg, where } from "../../ops/elementwise.js";
import { logSoftmax } from "../../ops/softmax.js";
import { arange } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Layout } from "./cross-entropy.js";
import type { Reduction } from "./reduction.js";

/** Per-class values [C] laid along the class dim of an input of `ndim` dims, to broadcast. */
function alongClasses(v: Tensor, ndim: number): Tensor {
  return ndim <= 1 ? v : v.reshape([1, v.numel(), ...new Array<number>(ndim - 2).fill(1)]);
}

function checkRange(target: Tensor, classes: number, ignoreIndex: number): void {
  const range = uploadedRange(target);
  if (range && (range.max >= classes || (range.min < 0 && range.min !== ignoreIndex))) {
    throw new IndexError(`Target ${range.max >= classes ? range.max : range.min} is out of bounds.`);
  }
}

/** −Σ_c A_c·v_c per row, reduced; `denominator` divides the sum under "mean". */
function reduceRows(values: Tensor, coeffs: Tensor, classDim: number, reduction: Reduction, denominator: () => Tensor | number): Tensor {
  const rows = neg(mul(coeffs, values).sum({ dim: classDim }));
  if (reduction === "none") return rows;
  const total = rows.sum();
  return reduction === "sum" ? total : total.div(denominator());
}

/**
 * The loss of values `v` (log-probabilities, or nll_loss's input) against class indices:
 * the coefficients and the weighted count of the rows not ignored.
 */
export function indexTargetLoss(
  v: Tensor, target: Tensor, weight: Tensor | null, lay: Layout, eps: number, ignoreIndex: number, reduction: Reduction,
): Tensor {
  checkRange(target, lay.classes, ignoreIndex);
  const classDim = v.ndim === 1 ? 0 : 1;
  const t = target.reshape(lay.rowShape);
  const kept = ne(t, ignoreIndex);
  const safe = where(kept, t, 0);
  const classes = alongClasses(arange(lay.classes, { dtype: "int64", device: v.device }), v.ndim);
  const oneHot = cast(eq(safe.unsqueeze(classDim), classes), v.dtype);
  const w = weight ? alongClasses(weight, v.ndim) : null;
  const keptF = cast(kept, v.dtype).unsqueeze(classDim);
  const picked = mul(w ? mul(oneHot, w) : oneHot, keptF);
  const coeffs = eps > 0 ? add(mul(picked, 1 - eps), mul(w ? mul(w, keptF) : keptF, eps / lay.classes)) : picked;
  return reduceRows(v, coeffs, classDim, reduction, () => picked.sum());
}

/** cross_entropy against class probabilities of the input's shape. */
export function probabilityTargetLoss(input: Tensor, target: Tensor, weight: Tensor | null, lay: Layout, eps: number, reduction: Reduction): Tensor {
  const classDim = input.ndim === 1 ? 0 : 1;
  const smoothed = eps > 0 ? add(mul(target, 1 - eps), eps / lay.classes) : target;
  const coeffs = weight ? mul(smoothed, alongClasses(weight, input.ndim)) : smoothed;
  return reduceRows(logSoftmax(input, classDim), coeffs, classDim, reduction, () => lay.n * lay.inner);
}

/** cross_entropy against class indices: log-softmax over the classes, then the index loss. */
export function indexCrossEntropy(
  input: Tensor, target: Tensor, weight: Tensor | null, lay: Layout, eps: number, ignoreIndex: number, reduction: Reduction,
): Tensor {
  return indexTargetLoss(logSoftmax(input, input.ndim === 1 ? 0 : 1), target, weight, lay, eps, ignoreIndex, reduction);
}
