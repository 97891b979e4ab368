/**
 * The common cases of cross-entropy (class indices, no class weights, no label smoothing)
 * and BCE-with-logits (no weight, no pos_weight, a target that needs no gradient), reduced
 * by "mean" or "sum", through the fused kernels their op-table entries declare
 * (OPS.crossEntropy, OPS.fusedLoss): the forward computes the loss
 * and, when a gradient will be needed, the gradient itself in the same pass (softmax −
 * onehot, σ(x) − t), so the backward is one scaling. Callers have made PyTorch's checks.
 *
 * The unscaled gradient is kept in the input's dtype, as PyTorch keeps its intermediate
 * results, and scaled as PyTorch's backward does (times upstream, then over n).
 */
import { isGradEnabled, noGrad } from "../../autograd/grad-mode.js";
import { fusedBackward, markFresh, record } from "../../autograd/node.js";
import { OPS } from "../../ops/table.js";
import { fused } from "../../ops/kernels.js";
import { scalarTensor, unfilled } from "../../ops/util.js";
import { allocate, type Storage } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { mul, ne, sigmoid, sub } from "../../ops/elementwise.js";
import { composedCrossEntropyGrads } from "./cross-entropy.js";
import { upstreamTensor } from "./reduction.js";

/**
 * The backward: `grad` · upstream / `denominator`, as a new gradient of `input`, in
 * PyTorch's order (the product, then the division of a mean), rounded once.
 */
function scaledBackward(input: Tensor, grad: Storage, denominator: number, entry: typeof OPS.crossEntropy | typeof OPS.fusedLoss): (g: Tensor) => (Tensor | null)[] {
  return (g) => {
    const gx = unfilled(input.shape, input.dtype);
    fused(entry).lossGradScale(grad, g.store, denominator, gx.store);
    return [markFresh(gx), null];
  };
}

/** The unscaled gradient is the node's alone: back to the pool when the graph is freed. */
function withScratch(out: Tensor, grad: Storage): Tensor {
  out.gradFn?.recycleOnRelease(grad);
  return out;
}

/**
 * F.cross_entropy of logits [N, C] against int64 targets [N], reduction "mean" or "sum".
 * Its node is named as PyTorch's (log_softmax then nll_loss ends in NllLossBackward0).
 */
export function fusedCrossEntropy(
  input: Tensor, target: Tensor, reduction: "mean" | "sum", ignoreIndex: number, counted?: number,
): Tensor {
  const [rows, classes] = input.shape;
  const kernels = fused(OPS.crossEntropy);
  // The targets not ignored (the mean's denominator), unless the caller's check counted them.
  const count = counted ?? noGrad(() => ne(target, ignoreIndex).sum().item());
  const grad = isGradEnabled() && input.requiresGrad ? allocate(input.dtype, rows * classes, false) : null;
  const total = kernels.crossEntropy(input.store, target.store, rows, classes, grad, ignoreIndex);
  const denominator = reduction === "mean" ? count : 1;
  const out = scalarTensor(total / denominator, input.dtype);
  if (!grad) return out;
  // Every target ignored: the mean is 0/0 (NaN, as PyTorch's), but no row has a gradient, so
  // PyTorch's backward leaves it zero; the kept gradient is all zeros, scaled by 1 it stays so.
  const scale = denominator === 0 ? 1 : denominator;
  return withScratch(record(out, OPS.crossEntropy, [input, target], fusedBackward(
    scaledBackward(input, grad, scale, OPS.crossEntropy),
    (g) => {
      // The log-probabilities from the kept gradient (softmax − one-hot), and the loss's
      // coefficients (the one-hot of the targets not ignored).
      const logProbs = unfilled(input.shape, input.dtype), coeffs = unfilled(input.shape, input.dtype);
      kernels.crossEntropyGradLogProbs(grad, target.store, rows, classes, ignoreIndex, logProbs.store, coeffs.store);
      return composedCrossEntropyGrads(input, target, logProbs, coeffs, g, reduction, scale, null);
    },
  )), grad);
}

/** F.binary_cross_entropy_with_logits of same-shape, same-dtype input and target. */
export function fusedBceWithLogits(input: Tensor, target: Tensor, reduction: "mean" | "sum"): Tensor {
  const n = input.numel();
  // σ(x) − t in the input's dtype, as PyTorch keeps it (and the wasm kernel writes float32).
  const grad = isGradEnabled() && input.requiresGrad ? allocate(input.dtype, n, false) : null;
  const total = fused(OPS.fusedLoss).bceWithLogits(input.store, target.store, grad);
  const denominator = reduction === "mean" ? n : 1;
  const out = scalarTensor(total / denominator, input.dtype);
  if (!grad) return out;
  return withScratch(record(out, OPS.fusedLoss, [input, target], fusedBackward(
    scaledBackward(input, grad, denominator, OPS.fusedLoss),
    // (σ(x) − t)·g / n from ops (the node reads input and target, as PyTorch's saves them).
    (g) => [mul(sub(sigmoid(input), target), upstreamTensor(g, reduction, denominator)), null],
  ), "BinaryCrossEntropyWithLogitsBackward0"), grad);
}
