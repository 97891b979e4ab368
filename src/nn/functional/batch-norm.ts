/**
 * F.batch_norm as one op: per-channel statistics, normalisation, affine transform and
 * the running-statistics update in one kernel of the backend (batchNorm,
 * backend/js/batch-norm.ts), with the gradient (PyTorch's NativeBatchNormBackward
 * formula) in another.
 *
 * Channels are dim 1: the input is viewed as [N, C, L] (L = 1 for 2-D input). On a
 * device the same op is composed of ops (deviceBatchNorm below).
 */
import { refuseHalf } from "../../ops/util.js";
import { fused } from "../../ops/kernels.js";
import { record } from "../../autograd/node.js";
import { OPS } from "../../ops/table.js";
import { ValueError } from "../../errors.js";
import { noGrad } from "../../autograd/grad-mode.js";
import { empty } from "../../ops/util.js";
import { numelOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { torchSize } from "../format.js";

export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Use the batch's statistics (and update the running ones) rather than the running ones. */
  training?: boolean;
  /** Weight of the new batch in the running averages. */
  momentum?: number;
  eps?: number;
}

function checkChannels(name: string, t: Tensor | null | undefined, channels: number): void {
  if (t && t.numel() !== channels) throw new ValueError(`${name} should contain ${channels} elements not ${t.numel()}`);
}

export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  opts: BatchNormOptions = {},
): Tensor {
  return batchNormWith(input, runningMean, runningVar, opts, null);
}

/**
 * batchNorm, with the running averages' weight given as a 0-dim tensor on the input's
 * device when `factor` is not null (the layers' cumulative average, 1 / batches tracked,
 * which a device cannot hand to the host without a read-back).
 */
export function batchNormWith(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  opts: BatchNormOptions,
  factor: Tensor | null,
): Tensor {
  refuseHalf(input.dtype, "batch_norm");
  const training = opts.training ?? false;
  const momentum = opts.momentum ?? 0.1;
  const eps = opts.eps ?? 1e-5;
  const weight = opts.weight ?? null;
  const bias = opts.bias ?? null;
  if (input.ndim < 2) throw new ValueError(`batch_norm: expected at least 2D input (got ${input.ndim}D input)`);
  const n = input.shape[0], channels = input.shape[1];
  const inner = numelOf(input.shape.slice(2));
  const perChannel = n * inner;
  if (training && perChannel === 1) {
    throw new ValueError(`Expected more than 1 value per channel when training, got input size ${torchSize(input.shape)}`);
  }
  if (!training && (!runningMean || !runningVar)) {
    throw new ValueError("running_mean must be defined in evaluation mode");
  }
  checkChannels("running_mean", runningMean, channels);
  checkChannels("running_var", runningVar, channels);
  checkChannels("weight", weight, channels);
  checkChannels("bias", bias, channels);

  // Per-channel values laid along dim 1, to broadcast over the input.
  const channelShape = [1, channels, ...new Array<number>(input.ndim - 2).fill(1)];
  const dims = [0, ...Array.from({ length: input.ndim - 2 }, (_, i) => i + 2)];
  const layout: Layout = { input, weight, bias, training, eps, channels, perChannel, channelShape, dims };
  if ([input, runningMean, runningVar, weight, bias].some((t) => t && t.device !== "cpu")) {
    return deviceBatchNorm(layout, runningMean, runningVar, factor ?? momentum);
  }

  const kernels = fused(OPS.batchNorm);
  const x = input.store;
  const mean = new Float64Array(channels);
  const invstd = new Float64Array(channels);
  const out = empty(input.shape, input.dtype);
  kernels.batchNorm({
    x, out: out.store, weight: weight?.store ?? null, bias: bias?.store ?? null,
    runningMean: runningMean?.store ?? null, runningVar: runningVar?.store ?? null,
    n, channels, inner, training, momentum, eps, mean, invstd,
  });

  const inputs = [input, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  const perChannelConst = (v: Float64Array): Tensor => new Tensor(Float64Array.from(v), channelShape, "float64").to(input.dtype);
  return record(out, OPS.batchNorm, inputs, {
    kernel: (gOut) => {
      const gx = input.requiresGrad ? empty(input.shape, input.dtype) : null;
      const gw = weight?.requiresGrad ? empty(weight.shape, weight.dtype) : null;
      const gb = bias?.requiresGrad ? empty(bias.shape, bias.dtype) : null;
      kernels.batchNormBackward({
        g: gOut.store, x, weight: weight?.store ?? null, n, channels, inner, training, mean, invstd,
        gx: gx?.store ?? null, gw: gw?.store ?? null, gb: gb?.store ?? null,
      });
      const grads: (Tensor | null)[] = [gx];
      if (weight) grads.push(gw);
      if (bias) grads.push(gb);
      return grads;
    },
    composed: (g) => composedGrads(layout, g, () => [perChannelConst(mean), perChannelConst(invstd)]),
  });
}

/** What the gradient composed of ops needs of a batch_norm call. */
interface Layout {
  input: Tensor;
  weight: Tensor | null;
  bias: Tensor | null;
  training: boolean;
  eps: number;
  channels: number;
  perChannel: number;
  /** [1, C, 1, …]: per-channel values laid along dim 1, to broadcast over the input. */
  channelShape: number[];
  /** Every dim but the channels'. */
  dims: number[];
}

/**
 * The gradients of input, weight and bias from ops (a device's, and the CPU's when
 * recorded for a second derivative). In training the batch statistics are recomputed
 * from the input, so that second derivatives see that they depend on it; in evaluation
 * `evalStats` gives the mean and 1/std the forward used, laid out as `channelShape`.
 */
function composedGrads(l: Layout, g: Tensor, evalStats: () => [Tensor, Tensor]): (Tensor | null)[] {
  const { input, weight, bias, training, eps, channels, perChannel, channelShape, dims } = l;
  const w = weight ? weight.reshape(channelShape) : 1;
  let m: Tensor, invstdT: Tensor;
  if (training) {
    m = input.mean(dims, { keepdim: true });
    invstdT = input.sub(m).square().mean(dims, { keepdim: true }).add(eps).rsqrt();
  } else {
    [m, invstdT] = evalStats();
  }
  const xhat = input.sub(m).mul(invstdT);
  const sumG = g.sum(dims, { keepdim: true });
  const sumGXhat = g.mul(xhat).sum(dims, { keepdim: true });
  let gx: Tensor | null = null;
  if (input.requiresGrad) {
    gx = training
      ? invstdT.mul(w).div(perChannel).mul(g.mul(perChannel).sub(sumG).sub(xhat.mul(sumGXhat)))
      : g.mul(w).mul(invstdT);
  }
  const grads: (Tensor | null)[] = [gx];
  if (weight) grads.push(weight.requiresGrad ? sumGXhat.reshape([channels]) : null);
  if (bias) grads.push(bias.requiresGrad ? sumG.reshape([channels]) : null);
  return grads;
}

/**
 * batch_norm on a device, composed of ops, nothing read back: the batch statistics (or
 * the running ones), the running statistics updated in place, the node and its
 * gradient as the CPU's composed form. Float32 sums in the device's order, where the
 * CPU sums in float64: equal to float32 rounding.
 */
function deviceBatchNorm(l: Layout, runningMean: Tensor | null, runningVar: Tensor | null, momentum: number | Tensor): Tensor {
  const { input, weight, bias, training, eps, perChannel, channelShape, dims } = l;
  let m: Tensor, invstd: Tensor;
  const out = noGrad(() => {
    if (training) {
      m = input.mean(dims, { keepdim: true });
      const biased = input.sub(m).square().mean(dims, { keepdim: true });
      invstd = biased.add(eps).rsqrt();
      // The running variance is the unbiased one, as PyTorch keeps it.
      const keep = typeof momentum === "number" ? 1 - momentum : momentum.neg().add(1);
      if (runningMean) runningMean.copy_(runningMean.mul(keep).add(m.reshape(runningMean.shape).mul(momentum)));
      if (runningVar) {
        const unbiased = biased.mul(perChannel / (perChannel - 1)).reshape(runningVar.shape);
        runningVar.copy_(runningVar.mul(keep).add(unbiased.mul(momentum)));
      }
    } else {
      // Copies: a later training call updates the running statistics in place.
      m = (runningMean as Tensor).reshape(channelShape).clone();
      invstd = (runningVar as Tensor).reshape(channelShape).add(eps).rsqrt();
    }
    let y = input.sub(m).mul(invstd);
    if (weight) y = y.mul(weight.reshape(channelShape));
    if (bias) y = y.add(bias.reshape(channelShape));
    return y;
  });
  const inputs = [input, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  const backward = (g: Tensor): (Tensor | null)[] => composedGrads(l, g, () => [m, invstd]);
  return record(out, OPS.batchNorm, inputs, { kernel: backward, composed: backward });
}
