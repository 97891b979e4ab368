/** Softmax and log-softmax along a dim, stable (max subtracted), each with its gradient. */
import { record } from "../autograd/node.js";
import { noGrad } from "../autograd/grad-mode.js";
import type { DType } from "../tensor/dtype.js";
import { parseArgs } from "./args.js";
import { normDim, numelOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { cast } from "./cast.js";
import { deviceBackend } from "./kernels.js";
import { OPS } from "./table.js";
import { empty, requireFloatKernel } from "./util.js";
import { libm } from "../backend/libm.js";
import { roundHalf, settleHalf } from "../tensor/half.js";

/**
 * One pass per row of the reduced dim: the max, then exp(x - max) once per element
 * into a float64 scratch row (so the sum and the outputs share it), then the outputs.
 */
function softmaxRaw(x: Tensor, d: number, log: boolean): Tensor {
  if (x.device !== "cpu") return deviceSoftmax(x, d, log);
  const out = empty(x.shape, x.dtype);
  const size = x.ndim === 0 ? 1 : x.shape[d];
  const inner = numelOf(x.shape.slice(d + 1));
  const outer = x.numel() / Math.max(1, size * inner);
  const xs = x.data, o = out.data;
  const e = new Float64Array(size);
  const halfSum = x.dtype === "float16" && inner === 1;
  for (let p = 0; p < outer; p++) {
    for (let q = 0; q < inner; q++) {
      const base = p * size * inner + q;
      let m = -Infinity;
      for (let k = 0, i = base; k < size; k++, i += inner) {
        const v = xs[i];
        if (v > m || v !== v) m = v;
      }
      // A row of -inf would give -inf - -inf = nan: shift by 0 (the row is then all nan, as in PyTorch).
      if (m === -Infinity) m = 0;
      let s = 0;
      for (let k = 0, i = base; k < size; k++, i += inner) {
        const v = libm.exp(xs[i] - m);
        e[k] = v;
        s += v;
      }
      if (log) {
        // PyTorch's half log-softmax along the last dim holds the sum and its log in half
        // (checked in the float16 fixture); along other dims it does not.
        const ls = halfSum ? roundHalf(libm.log(roundHalf(s))) : libm.log(s);
        for (let k = 0, i = base; k < size; k++, i += inner) o[i] = xs[i] - m - ls;
      } else {
        for (let k = 0, i = base; k < size; k++, i += inner) o[i] = e[k] / s;
      }
    }
  }
  settleHalf(o);
  return out;
}

/**
 * On a device: its fused kernel, the same steps per row (softmax takes floats, and a
 * device's only float is float32); the sum is in float32, in the device's order.
 */
function deviceSoftmax(x: Tensor, d: number, log: boolean): Tensor {
  if (log && x.dtype === "float16" && d === x.ndim - 1) return deviceHalfLogSoftmax(x, d);
  const out = empty(x.shape, x.dtype, x.device);
  const size = x.ndim === 0 ? 1 : x.shape[d];
  const inner = numelOf(x.shape.slice(d + 1));
  deviceBackend(x.device as Exclude<typeof x.device, "cpu">).softmax(x.store, out.store, x.numel() / Math.max(1, size * inner), size, inner, log);
  return out;
}

/**
 * Half log-softmax along the last dim on a device, as PyTorch's CPU kernel rounds it: the
 * sum of exponentials and its log held in half (the fused float32 kernel would not round
 * them). Composed of float32 ops that stay on the device, without a graph (the caller records).
 */
function deviceHalfLogSoftmax(x: Tensor, d: number): Tensor {
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
