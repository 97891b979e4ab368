/** Softmax and log-softmax along a dim, stable (max subtracted), each with its gradient. */
import { record } from "../autograd/node.js";
import { defaultFloat, isFloating } from "../tensor/dtype.js";
import { normDim, numelOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { cast } from "./cast.js";
import { empty } from "./util.js";

/** One pass per row of the reduced dim: max, Σ exp(x - max), then the outputs. */
function softmaxRaw(x: Tensor, d: number, log: boolean): Tensor {
  const out = empty(x.shape, x.dtype);
  const size = x.ndim === 0 ? 1 : x.shape[d];
  const inner = numelOf(x.shape.slice(d + 1));
  const outer = x.numel() / Math.max(1, size * inner);
  const xs = x.data, o = out.data;
  for (let p = 0; p < outer; p++) {
    for (let q = 0; q < inner; q++) {
      const base = p * size * inner + q;
      let m = -Infinity;
      for (let k = 0; k < size; k++) m = Math.max(m, xs[base + k * inner]);
      if (!Number.isFinite(m)) m = m === -Infinity ? 0 : m;
      let s = 0;
      for (let k = 0; k < size; k++) s += Math.exp(xs[base + k * inner] - m);
      if (log) {
        const ls = Math.log(s) + m;
        for (let k = 0; k < size; k++) o[base + k * inner] = xs[base + k * inner] - ls;
      } else {
        for (let k = 0; k < size; k++) o[base + k * inner] = Math.exp(xs[base + k * inner] - m) / s;
      }
    }
  }
  return out;
}

function prep(input: Tensor, dim: number): [Tensor, number] {
  const x = isFloating(input.dtype) ? input : cast(input, defaultFloat());
  return [x, x.ndim === 0 ? 0 : normDim(dim, x.ndim)];
}

export function softmax(input: Tensor, dim: number): Tensor {
  const [x, d] = prep(input, dim);
  const out = softmaxRaw(x, d, false);
  return record(out, "SoftmaxBackward0", [x], (g) => {
    // dx = y ⊙ (g - Σ g ⊙ y)
    const dotp = g.mul(out).sum({ dim: d, keepdim: true });
    return [out.mul(g.sub(dotp))];
  });
}

export function logSoftmax(input: Tensor, dim: number): Tensor {
  const [x, d] = prep(input, dim);
  const out = softmaxRaw(x, d, true);
  return record(out, "LogSoftmaxBackward0", [x], (g) => {
    // dx = g - softmax ⊙ Σ g
    return [g.sub(out.exp().mul(g.sum({ dim: d, keepdim: true })))];
  });
}
