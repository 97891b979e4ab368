/**
 * cross_entropy and nll_loss on a device in their general forms (class weights, label
 * smoothing, reduction "none", class-probability targets, inputs [N, C, d…]), composed
 * of ops, nothing read back; the fused kernel (device-loss.ts) keeps the common case.
 *
 * Each row's loss is Σ_c A_c·(−v_c), v the log-probabilities (nll_loss: the input) and
 * A the coefficients the CPU's kernels use: (1 − ε)·w_y at the target class plus
 * (ε / C)·w_c, zero on ignored rows; for probability targets ((1 − ε)·t_c + ε / C)·w_c.
 * "mean" divides by Σ w_y over rows not ignored (class indices) or by the rows
 * (probabilities), as on the CPU. The node is the CPU's (its grad_fn name and gradient
 * formula, d/dx = s·(p·ΣA − A), from its own log-probabilities, which reach the input
 * through log-softmax's node for second derivatives, as on the CPU).
 *
 * Class indices out of range are found where the targets' range is known (uploaded from
 * the CPU and unchanged) at once; others fail the next read (a device-side range check).
 */
import { noGrad } from "../../autograd/grad-mode.js";
import { record } from "../../autograd/node.js";
import { cast } from "../../ops/cast.js";
import { add, eq, exp, mul, ne, neg, sub, where } from "../../ops/elementwise.js";
import { asLogSoftmaxOf, logSoftmax } from "../../ops/softmax.js";
import { checkIndicesOnDevice } from "../../ops/indexing.js";
import { OPS } from "../../ops/table.js";
import { arange } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { classAxis, nllNodeName, type Layout } from "./cross-entropy.js";
import { checkUploadedTargets } from "./device-loss.js";
import type { Reduction } from "./reduction.js";

/** −Σ_c A_c·v_c per row, reduced; `denominator` divides the sum under "mean". */
function reduceRows(values: Tensor, coeffs: Tensor, classDim: number, reduction: Reduction, denominator: Tensor | number): Tensor {
  const rows = neg(mul(coeffs, values).sum({ dim: classDim }));
  if (reduction === "none") return rows;
  const total = rows.sum();
  return reduction === "sum" ? total : total.div(denominator);
}

/** The upstream gradient reaching each element: per row ("none", along the classes), or the scalar (÷ the mean's denominator). */
function upstream(g: Tensor, ndim: number, reduction: Reduction, denominator: Tensor | number): Tensor {
  if (reduction === "none") return ndim > 1 ? g.unsqueeze(1) : g;
  return reduction === "mean" ? g.div(denominator) : g;
}

/** The coefficients of class-index targets and the mean's denominator Σ w_y over the rows kept. */
function indexCoefficients(
  like: Tensor, target: Tensor, weight: Tensor | null, lay: Layout, eps: number, ignoreIndex: number,
): { coeffs: Tensor; denominator: Tensor } {
  const range = checkUploadedTargets(target, lay.classes, ignoreIndex);
  const classDim = like.ndim === 1 ? 0 : 1;
  const t = target.reshape(lay.rowShape);
  const kept = ne(t, ignoreIndex);
  const safe = where(kept, t, 0);
  if (!range) checkIndicesOnDevice(safe, lay.classes);
  const classes = classAxis(arange(lay.classes, { dtype: "int64", device: like.device }), like.ndim);
  const oneHot = cast(eq(safe.unsqueeze(classDim), classes), like.dtype);
  const w = weight ? classAxis(weight.detach(), like.ndim) : null;
  const keptF = cast(kept, like.dtype).unsqueeze(classDim);
  const picked = mul(w ? mul(oneHot, w) : oneHot, keptF);
  const coeffs = eps > 0 ? add(mul(picked, 1 - eps), mul(w ? mul(w, keptF) : keptF, eps / lay.classes)) : picked;
  return { coeffs, denominator: picked.sum() };
}

/** F.nll_loss of log-probabilities against class indices. */
export function indexTargetLoss(input: Tensor, target: Tensor, weight: Tensor | null, lay: Layout, ignoreIndex: number, reduction: Reduction): Tensor {
  const classDim = input.ndim === 1 ? 0 : 1;
  const { coeffs, denominator } = noGrad(() => indexCoefficients(input, target, weight, lay, 0, ignoreIndex));
  const out = noGrad(() => reduceRows(input.detach(), coeffs, classDim, reduction, denominator));
  // −s·w_y at each row's target: linear in the upstream gradient, constant in the input.
  const backward = (g: Tensor): (Tensor | null)[] => [cast(neg(mul(upstream(g, input.ndim, reduction, denominator), coeffs)), input.dtype), null];
  return record(out, OPS.nllLoss, [input, target], { kernel: backward, composed: backward }, nllNodeName(input.ndim, reduction));
}

/** F.cross_entropy against class indices: log-softmax over the classes, then the weighted, smoothed NLL. */
export function indexCrossEntropy(
  input: Tensor, target: Tensor, weight: Tensor | null, lay: Layout, eps: number, ignoreIndex: number, reduction: Reduction,
): Tensor {
  const classDim = input.ndim === 1 ? 0 : 1;
  const logProbs = noGrad(() => logSoftmax(input.detach(), classDim));
  const { coeffs, denominator } = noGrad(() => indexCoefficients(input, target, weight, lay, eps, ignoreIndex));
  const out = noGrad(() => reduceRows(logProbs, coeffs, classDim, reduction, denominator));
  const backward = (g: Tensor): (Tensor | null)[] => {
    const lp = asLogSoftmaxOf(logProbs, input, classDim);
    const s = upstream(g, input.ndim, reduction, denominator);
    return [cast(mul(s, sub(mul(exp(lp), coeffs.sum({ dim: classDim, keepdim: true })), coeffs)), input.dtype), null];
  };
  const name = eps > 0 ? "AddBackward0" : nllNodeName(input.ndim, reduction);
  return record(out, OPS.crossEntropySlow, [input, target], { kernel: backward, composed: backward }, name);
}

/** F.cross_entropy against class probabilities of the input's shape. */
export function probabilityTargetLoss(input: Tensor, target: Tensor, weight: Tensor | null, lay: Layout, eps: number, reduction: Reduction): Tensor {
  const classDim = input.ndim === 1 ? 0 : 1;
  const rows = lay.n * lay.inner;
  const w = weight ? classAxis(weight.detach(), input.ndim) : null;
  const coeffsOf = (t: Tensor): Tensor => {
    const smoothed = eps > 0 ? add(mul(t, 1 - eps), eps / lay.classes) : t;
    return w ? mul(smoothed, w) : smoothed;
  };
  const logProbs = noGrad(() => logSoftmax(input.detach(), classDim));
  const out = noGrad(() => reduceRows(logProbs, coeffsOf(target.detach()), classDim, reduction, rows));
  const backward = (g: Tensor): (Tensor | null)[] => {
    const lp = asLogSoftmaxOf(logProbs, input, classDim);
    const s = upstream(g, input.ndim, reduction, rows);
    const coeffs = coeffsOf(target);
    const gx = input.requiresGrad ? cast(mul(s, sub(mul(exp(lp), coeffs.sum({ dim: classDim, keepdim: true })), coeffs)), input.dtype) : null;
    const gt = target.requiresGrad ? cast(mul(mul(s, w ?? 1), mul(lp, -(1 - eps))), target.dtype) : null;
    return [gx, gt];
  };
  return record(out, OPS.crossEntropySlow, [input, target], { kernel: backward, composed: backward }, reduction === "mean" ? "DivBackward1" : "NegBackward0");
}
