/**
 * Cross-entropy and BCE-with-logits as single autograd ops over Backend.crossEntropy /
 * Backend.bceWithLogits: the forward computes the loss and, when a gradient will be
 * needed, the gradient itself in the same pass (softmax − onehot, σ(x) − y), so the
 * backward is one scaling. Reductions "mean" and "sum" (the ones training uses).
 *
 * Written here, beside the kernels, for nn.CrossEntropyLoss / nn.BCEWithLogitsLoss to
 * call when they have no class weights, label smoothing or pos_weight (see the report).
 */
import { isGradEnabled } from "../../autograd/grad-mode.js";
import { record } from "../../autograd/node.js";
import { ShapeError, ValueError } from "../../errors.js";
import { allocate } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { backend } from "../index.js";

export type Reduction = "mean" | "sum";

function scalarOf(x: Tensor, v: number): Tensor {
  const t = new Tensor(allocate(x.dtype, 1), [], x.dtype);
  t.data[0] = v;
  return t;
}

/** grad · scale as a new tensor of `like`'s shape. */
function scaled(src: Tensor["data"], like: Tensor, scale: number): Tensor {
  const out = new Tensor(allocate(like.dtype, src.length), like.shape, like.dtype);
  const o = out.data;
  for (let i = 0; i < o.length; i++) o[i] = src[i] * scale;
  return out;
}

export function crossEntropyLoss(logits: Tensor, target: Tensor, reduction: Reduction = "mean", ignoreIndex = -100): Tensor {
  if (logits.ndim !== 2 || target.ndim !== 1 || target.shape[0] !== logits.shape[0]) {
    throw new ShapeError(`crossEntropyLoss: expected logits [N, C] and target [N], got [${logits.shape}] and [${target.shape}]`);
  }
  const [rows, classes] = logits.shape;
  const t = target.data;
  let count = 0;
  for (let i = 0; i < rows; i++) {
    if (t[i] === ignoreIndex) continue;
    if (!(t[i] >= 0 && t[i] < classes)) throw new ValueError(`Target ${t[i]} is out of bounds.`);
    count++;
  }
  const wantGrad = isGradEnabled() && logits.requiresGrad;
  const grad = wantGrad ? allocate(logits.dtype, rows * classes) : null;
  const sum = backend().crossEntropy(logits.data, t, rows, classes, grad, ignoreIndex);
  const div = reduction === "mean" ? count : 1;
  const out = scalarOf(logits, sum / div);
  if (!grad) return out;
  return record(out, "NllLossBackward0", [logits], (g) => [scaled(grad, logits, g.data[0] / div)]);
}

export function bceWithLogitsLoss(x: Tensor, y: Tensor, reduction: Reduction = "mean"): Tensor {
  if (x.numel() !== y.numel() || x.ndim !== y.ndim || x.shape.some((s, i) => s !== y.shape[i])) {
    throw new ValueError(`Target size (${JSON.stringify(y.shape)}) must be the same as input size (${JSON.stringify(x.shape)})`);
  }
  const wantGrad = isGradEnabled() && x.requiresGrad;
  const grad = wantGrad ? allocate(x.dtype, x.numel()) : null;
  const sum = backend().bceWithLogits(x.data, y.data, grad);
  const div = reduction === "mean" ? x.numel() : 1;
  const out = scalarOf(x, sum / div);
  if (!grad) return out;
  return record(out, "BinaryCrossEntropyWithLogitsBackward0", [x], (g) => [scaled(grad, x, g.data[0] / div)]);
}
