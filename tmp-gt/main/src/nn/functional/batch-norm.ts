/**
 * F.batch_norm as one op: per-channel statistics, normalisation, affine transform and
 * the running-statistics update in a pass over the typed arrays, with the gradient
 * (PyTorch's NativeBatchNormBackward formula) beside it.
 *
 * Channels are dim 1: the input is viewed as [N, C, L] (L = 1 for 2-D input).
 */
import { record } from "../../autograd/node.js";
import { OPS } from "../../ops/table.js";
import { ValueError } from "../../errors.js";
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

  const x = input.data;
  const mean = new Float64Array(channels);
  const invstd = new Float64Array(channels);
  const at = (b: number, c: number, l: number): number => (b * channels + c) * inner + l;
  for (let c = 0; c < channels; c++) {
    if (training) {
      let s = 0;
      for (let b = 0; b < n; b++) for (let l = 0; l < inner; l++) s += x[at(b, c, l)];
      const m = s / perChannel;
      let sq = 0;
      for (let b = 0; b < n; b++) {
        for (let l = 0; l < inner; l++) {
          const d = x[at(b, c, l)] - m;
          sq += d * d;
        }
      }
      mean[c] = m;
      invstd[c] = 1 / Math.sqrt(sq / perChannel + eps);
      // The running variance is the unbiased one, as PyTorch keeps it.
      if (runningMean) runningMean.data[c] = (1 - momentum) * runningMean.data[c] + momentum * m;
      if (runningVar) {
        const unbiased = perChannel > 1 ? sq / (perChannel - 1) : NaN;
        runningVar.data[c] = (1 - momentum) * runningVar.data[c] + momentum * unbiased;
      }
    } else {
      mean[c] = (runningMean as Tensor).data[c];
      invstd[c] = 1 / Math.sqrt((runningVar as Tensor).data[c] + eps);
    }
  }

  const out = empty(input.shape, input.dtype);
  const o = out.data;
  for (let c = 0; c < channels; c++) {
    const w = weight ? weight.data[c] : 1, bb = bias ? bias.data[c] : 0;
    for (let b = 0; b < n; b++) {
      for (let l = 0; l < inner; l++) {
        const i = at(b, c, l);
        o[i] = (x[i] - mean[c]) * invstd[c] * w + bb;
      }
    }
  }

  const inputs = [input, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  // Per-channel values laid along dim 1, to broadcast over the input.
  const channelShape = [1, channels, ...new Array<number>(input.ndim - 2).fill(1)];
  const dims = [0, ...Array.from({ length: input.ndim - 2 }, (_, i) => i + 2)];
  const perChannelConst = (v: Float64Array): Tensor => new Tensor(Float64Array.from(v), channelShape, "float64").to(input.dtype);
  return record(out, OPS.batchNorm, inputs, {
    kernel: (gOut) => kernelGrads(gOut),
    composed: (g) => {
      // The same formula from ops; in training the batch statistics are recomputed from
      // the input, so that second derivatives see that they depend on it.
      const w = weight ? weight.reshape(channelShape) : 1;
      let m: Tensor, invstdT: Tensor;
      if (training) {
        m = input.mean(dims, { keepdim: true });
        invstdT = input.sub(m).square().mean(dims, { keepdim: true }).add(eps).rsqrt();
      } else {
        m = perChannelConst(mean);
        invstdT = perChannelConst(invstd);
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
    },
  });

  function kernelGrads(gOut: Tensor): (Tensor | null)[] {
    const g = gOut.data;
    const gx = input.requiresGrad ? empty(input.shape, input.dtype) : null;
    const gw = weight?.requiresGrad ? empty(weight.shape, weight.dtype) : null;
    const gb = bias?.requiresGrad ? empty(bias.shape, bias.dtype) : null;
    for (let c = 0; c < channels; c++) {
      const w = weight ? weight.data[c] : 1;
      let sumG = 0, sumGXhat = 0;
      for (let b = 0; b < n; b++) {
        for (let l = 0; l < inner; l++) {
          const i = at(b, c, l);
          sumG += g[i];
          sumGXhat += g[i] * (x[i] - mean[c]) * invstd[c];
        }
      }
      if (gw) gw.data[c] = sumGXhat;
      if (gb) gb.data[c] = sumG;
      if (!gx) continue;
      const gxd = gx.data;
      for (let b = 0; b < n; b++) {
        for (let l = 0; l < inner; l++) {
          const i = at(b, c, l);
          if (training) {
            // dx = w·invstd/M · (M·g - Σg - x̂·Σ(g·x̂)): the batch statistics depend on x too.
            const xhat = (x[i] - mean[c]) * invstd[c];
            gxd[i] = ((w * invstd[c]) / perChannel) * (perChannel * g[i] - sumG - xhat * sumGXhat);
          } else {
            gxd[i] = g[i] * w * invstd[c];
          }
        }
      }
    }
    const grads: (Tensor | null)[] = [gx];
    if (weight) grads.push(gw);
    if (bias) grads.push(gb);
    return grads;
  }
}
