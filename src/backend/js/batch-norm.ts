/**
 * batch_norm over x viewed as [n, channels, inner]: per-channel statistics (summed in
 * float64), the normalisation with its affine transform, the running statistics' update,
 * and the backward (PyTorch's NativeBatchNormBackward formula).
 */
import type { BatchNormArgs, BatchNormBackwardArgs } from "../backend.js";
import type { Storage } from "../../tensor/dtype.js";

export function batchNorm(a: BatchNormArgs): void {
  const { x, out: o, weight, bias, runningMean, runningVar, n, channels, inner, training, momentum, eps, mean, invstd } = a;
  const perChannel = n * inner;
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
      if (runningMean) runningMean[c] = (1 - momentum) * runningMean[c] + momentum * m;
      if (runningVar) {
        const unbiased = perChannel > 1 ? sq / (perChannel - 1) : NaN;
        runningVar[c] = (1 - momentum) * runningVar[c] + momentum * unbiased;
      }
    } else {
      mean[c] = (runningMean as Storage)[c];
      invstd[c] = 1 / Math.sqrt((runningVar as Storage)[c] + eps);
    }
  }
  for (let c = 0; c < channels; c++) {
    const w = weight ? weight[c] : 1, bb = bias ? bias[c] : 0;
    for (let b = 0; b < n; b++) {
      for (let l = 0; l < inner; l++) {
        const i = at(b, c, l);
        o[i] = (x[i] - mean[c]) * invstd[c] * w + bb;
      }
    }
  }
}

export function batchNormBackward(a: BatchNormBackwardArgs): void {
  const { g, x, weight, n, channels, inner, training, mean, invstd, gx, gw, gb } = a;
  const perChannel = n * inner;
  const at = (b: number, c: number, l: number): number => (b * channels + c) * inner + l;
  for (let c = 0; c < channels; c++) {
    const w = weight ? weight[c] : 1;
    let sumG = 0, sumGXhat = 0;
    for (let b = 0; b < n; b++) {
      for (let l = 0; l < inner; l++) {
        const i = at(b, c, l);
        sumG += g[i];
        sumGXhat += g[i] * (x[i] - mean[c]) * invstd[c];
      }
    }
    if (gw) gw[c] = sumGXhat;
    if (gb) gb[c] = sumG;
    if (!gx) continue;
    for (let b = 0; b < n; b++) {
      for (let l = 0; l < inner; l++) {
        const i = at(b, c, l);
        if (training) {
          // dx = w·invstd/M · (M·g - Σg - x̂·Σ(g·x̂)): the batch statistics depend on x too.
          const xhat = (x[i] - mean[c]) * invstd[c];
          gx[i] = ((w * invstd[c]) / perChannel) * (perChannel * g[i] - sumG - xhat * sumGXhat);
        } else {
          gx[i] = g[i] * w * invstd[c];
        }
      }
    }
  }
}
