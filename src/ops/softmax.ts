/** Softmax and log-softmax along a dim, stable (max subtracted), each with its gradient. */
import { record } from "../autograd/node.js";
import { noGrad } from "../autograd/grad-mode.js";
import type { DType } from "../tensor/dtype.js";
import { parseArgs } from "./args.js";
import { normDim, numelOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { cast } from "./cast.js";
import { deviceBackend, fused } from "./kernels.js";
import { OPS } from "./table.js";
import { empty, requireFloatKernel } from "./util.js";

/**
 * Softmax or log-softmax along `d`, by the fused kernel of the tensor's device: on the
 * CPU one pass per row (max, exp into a float64 row, float64 sum); on a device the same
 * steps with the sum in float32, in the device's order (a device's only float is float32).
 */
function softmaxRaw(x: Tensor, d: number, log: boolean): Tensor {
  if (x.device !== "cpu" && log && x.dtype === "float16" && d === x.ndim - 1) return deviceHalfLogSoftmax(x, d);
  const out = empty(x.shape, x.dtype, x.device);
  const size = x.ndim === 0 ? 1 : x.shape[d];
  const inner = numelOf(x.shape.slice(d + 1));
  const outer = x.numel() / Math.max(1, size * inner);
  const k = x.device === "cpu" ? fused(OPS.softmax) : deviceBackend(x.device);
  k.softmax(x.store, out.store, outer, size, inner, log);
  return out;
}

/**
 * Half log-softmax along the last dim on a device, as PyTorch's CPU kernel rounds it: the
 * sum of exponentials and its log held in half (the fused float32 kernel would not round
 * them). Composed of float32 ops that stay on the device, without a graph (the caller records).
 */
function deviceHalfLogSoftmax(x: Tensor, d: number): Tensor {
  // Nothing to normalise (amax refuses an empty dim, as PyTorch's).
  if (x.numel() === 0) return x.detach().clone();
  return noGrad(() => {
    const xf = cast(x.detach(), "float32");
    const shifted = xf.sub(xf.amax({ dim: d, keepdim: true }));
    const sum = cast(shifted.exp().sum({ dim: d, keepdim: true }), "float16");
    const lse = cast(cast(sum, "float32").log(), "float16");
    return cast(shifted.sub(cast(lse, "float32")), "float16");
  });
}

function prep(op: "softmax" | "log_softmax", input: Tensor, dim: number): [Tensor, number] {
  // As PyTorch: no integer kernel; `{ dtype: "float32" }` casts first.
  requireFloatKernel(input, `${op}_lastdim_kernel_impl`);
  return [input, input.ndim === 0 ? normDim(dim, 0) : normDim(dim, input.ndim)];
}

/** `x.softmax(1)`, `x.softmax({ dim: 1 })`, with an optional `dtype` to compute in. */
export type SoftmaxArgs = [dim: number, options?: { dtype?: DType }] | [options: { dim: number; dtype?: DType }];

function parse(op: "softmax" | "log_softmax", input: Tensor, args: readonly unknown[]): [Tensor, number] {
  const a = parseArgs(op, OPS.softmax.args, args);
  return prep(op, a.dtype ? cast(input, a.dtype) : input, a.dim as number);
}

/**
 * A half backward as PyTorch's kernels compute it: in float32 throughout, rounded to half
 * once at the end (composed of half ops, each step would round).
 */
function inOpmath(g: Tensor, y: Tensor, f: (g: Tensor, y: Tensor) => Tensor): Tensor {
  if (g.dtype !== "float16") return f(g, y);
  return cast(f(cast(g, "float32"), cast(y, "float32")), "float16");
}

export function softmax(input: Tensor, ...args: SoftmaxArgs): Tensor {
  const [x, d] = parse("softmax", input, args);
  const out = softmaxRaw(x, d, false);
  return record(out, OPS.softmax, [x], (g0) => [inOpmath(g0, out, (g, y) => {
    // dx = y ⊙ (g - Σ g ⊙ y)
    const dotp = g.mul(y).sum({ dim: d, keepdim: true });
    return y.mul(g.sub(dotp));
  })]);
}

export function logSoftmax(input: Tensor, ...args: SoftmaxArgs): Tensor {
  const [x, d] = parse("log_softmax", input, args);
  return asLogSoftmaxOf(softmaxRaw(x, d, true), x, d);
}

/**
 * Gives `out`, the log-softmax of `x` along `d` however it was computed, log-softmax's
 * node. A fused loss that kept its own log-probabilities uses it in a recorded backward,
 * so that gradients flow back into `x` as through PyTorch's saved log-softmax.
 */
export function asLogSoftmaxOf(out: Tensor, x: Tensor, d: number): Tensor {
  // dx = g - softmax ⊙ Σ g
  return record(out, OPS.logSoftmax, [x], (g0) => [inOpmath(g0, out, (g, y) => g.sub(y.exp().mul(g.sum({ dim: d, keepdim: true }))))]);
}
