/**
 * Optimizer steps over all parameters in one pass, with torch.optim's update rules
 * (torch/optim/sgd.py and adam.py, single-tensor form). Each element is read and
 * written once; nothing is allocated.
 */
import type { Storage } from "../../tensor/dtype.js";
import type { AdamOptions, SgdOptions } from "../backend.js";

export function sgdStep(params: readonly Storage[], grads: readonly Storage[], buffers: readonly Storage[] | null, firstStep: boolean, o: SgdOptions): void {
  const { lr, momentum, dampening, weightDecay, nesterov, maximize } = o;
  for (let t = 0; t < params.length; t++) {
    const p = params[t], g = grads[t];
    const buf = momentum !== 0 && buffers ? buffers[t] : null;
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d += weightDecay * p[i];
      if (buf) {
        const b = firstStep ? d : momentum * buf[i] + (1 - dampening) * d;
        buf[i] = b;
        d = nesterov ? d + momentum * b : b;
      }
      p[i] -= lr * d;
    }
  }
}

export function adamStep(
  params: readonly Storage[], grads: readonly Storage[], expAvg: readonly Storage[], expAvgSq: readonly Storage[],
  maxExpAvgSq: readonly Storage[] | null, step: number, o: AdamOptions,
): void {
  const { lr, beta1, beta2, eps, weightDecay, decoupled, amsgrad, maximize } = o;
  const stepSize = lr / (1 - beta1 ** step);
  const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
  const decay = decoupled ? 1 - lr * weightDecay : 1;
  for (let t = 0; t < params.length; t++) {
    const p = params[t], g = grads[t], m = expAvg[t], v = expAvgSq[t];
    const vmax = amsgrad && maxExpAvgSq ? maxExpAvgSq[t] : null;
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      let pi = p[i];
      if (weightDecay !== 0) {
        if (decoupled) pi *= decay;
        else d += weightDecay * pi;
      }
      const mi = m[i] + (1 - beta1) * (d - m[i]);
      const vi = beta2 * v[i] + (1 - beta2) * d * d;
      m[i] = mi;
      v[i] = vi;
      let second = vi;
      if (vmax) {
        second = vmax[i] > vi ? vmax[i] : vi;
        vmax[i] = second;
      }
      p[i] = pi - (stepSize * mi) / (Math.sqrt(second) / bc2Sqrt + eps);
    }
  }
}
