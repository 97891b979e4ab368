/**
 * `linearAct(x, w, b, act)`: nn.Linear followed by its activation as ONE autograd op,
 * backed by Backend.linear / Backend.linearBackward. A small model's layer then costs one
 * kernel call and one output tensor forward, one call and its gradient tensors backward,
 * instead of matmul + bias add + activation (three calls, three tensors) and their
 * backward (a mask, a multiply, two products, a sum: five calls, five tensors).
 *
 * Written here, beside the kernels, for src/ops and src/nn to adopt (see the issue-7
 * report): nn.Linear's forward, and nn.Sequential's Linear → ReLU pairs, call it.
 */
import { isGradEnabled } from "../../autograd/grad-mode.js";
import { record } from "../../autograd/node.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { allocate, isFloating } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import type { Activation } from "../backend.js";
import { backend } from "../index.js";

const NAMES: Record<Activation, string> = { none: "AddmmBackward0", relu: "ReluBackward0", sigmoid: "SigmoidBackward0", tanh: "TanhBackward0" };

export function linearAct(x: Tensor, weight: Tensor, bias: Tensor | null, act: Activation): Tensor {
  if (!isFloating(x.dtype) || x.dtype !== weight.dtype || (bias && bias.dtype !== x.dtype)) {
    throw new DTypeError(`mat1 and mat2 must have the same dtype, but got ${x.dtype} and ${weight.dtype}`);
  }
  const k = weight.shape[1], n = weight.shape[0];
  if (x.ndim < 1 || x.shape[x.ndim - 1] !== k) {
    throw new ShapeError(`mat1 and mat2 shapes cannot be multiplied (${x.numel() / (x.shape[x.ndim - 1] || 1)}x${x.shape[x.ndim - 1]} and ${k}x${n})`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== n)) throw new ShapeError(`linear: bias of ${bias.numel()} values for ${n} outputs`);
  const m = x.numel() / k;
  const out = new Tensor(allocate(x.dtype, m * n), [...x.shape.slice(0, -1), n], x.dtype);
  backend().linear(x.data, weight.data, bias ? bias.data : null, out.data, m, k, n, act);
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return record(out, NAMES[act], inputs, (g) => {
    // createGraph: the gradient must be differentiable, so it is built from ops.
    if (isGradEnabled()) return composedGrads(x, weight, bias, out, g, act, m, k, n);
    const gx = x.requiresGrad ? new Tensor(allocate(x.dtype, m * k), x.shape, x.dtype) : null;
    const gw = weight.requiresGrad ? new Tensor(allocate(x.dtype, n * k), weight.shape, x.dtype) : null;
    const gb = bias?.requiresGrad ? new Tensor(allocate(x.dtype, n), bias.shape, x.dtype) : null;
    backend().linearBackward({
      g: g.data, y: act === "none" ? null : out.data, x: x.data, w: weight.data, m, k, n, act,
      gx: gx ? gx.data : null, gw: gw ? gw.data : null, gb: gb ? gb.data : null,
    });
    return bias ? [gx, gw, gb] : [gx, gw];
  });
}

function composedGrads(x: Tensor, w: Tensor, b: Tensor | null, y: Tensor, g: Tensor, act: Activation, m: number, k: number, n: number): (Tensor | null)[] {
  // The saved output stays in the graph (as PyTorch's saved `result`): second
  // derivatives of sigmoid and tanh flow through it.
  const gz = act === "none" ? g
    : act === "relu" ? g.mul(y.gt(0))
      : act === "sigmoid" ? g.mul(y.mul(y.neg().add(1)))
        : g.mul(y.mul(y).neg().add(1));
  const g2 = gz.reshape([m, n]);
  const gx = x.requiresGrad ? g2.matmul(w).reshape([...x.shape]) : null;
  const gw = w.requiresGrad ? g2.t().matmul(x.reshape([m, k])) : null;
  const gb = b?.requiresGrad ? g2.sum({ dim: 0 }) : null;
  return b ? [gx, gw, gb] : [gx, gw];
}
