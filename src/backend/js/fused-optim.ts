/**
 * Optimizer steps over all parameters in one pass, with torch.optim's update rules
 * (torch/optim/sgd.py and adam.py, single-tensor form), with its float32 rounding, so
 * torch.optim.SGD / Adam / AdamW give the same numbers through them. Each element is
 * read and written once; nothing is allocated.
 */
import type { Storage } from "../../tensor/dtype.js";
import type { AdamOptions, SgdOptions } from "../backend.js";

const identity = (x: number): number => x;

/**
 * The rounding PyTorch's single-tensor path applies after each arithmetic step: float32
 * for float32 parameters (a multiply followed by an add rounds once, as the compiled
 * kernels fuse them; scalars are float32 too), none for float64.
 */
function roundingOf(p: Storage): (x: number) => number {
  return p instanceof Float32Array ? Math.fround : identity;
}

export function sgdStep(params: readonly Storage[], grads: readonly Storage[], buffers: readonly Storage[] | null, firstStep: boolean, o: SgdOptions): void {
  const { lr, momentum, dampening, weightDecay, nesterov, maximize } = o;
  for (let t = 0; t < params.length; t++) {
    const p = params[t], g = grads[t];
    const buf = momentum !== 0 && buffers ? buffers[t] : null;
    const fr = roundingOf(p);
    const wd = fr(weightDecay), mom = fr(momentum), keep = fr(1 - dampening), negLr = fr(-lr);
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d = fr(d + wd * p[i]);
      if (buf) {
        // The first buffer is the (decayed) gradient itself; later ones buf·m + (1 - dampening)·d.
        buf[i] = firstStep ? d : fr(fr(buf[i] * mom) + keep * d);
        d = nesterov ? fr(d + mom * buf[i]) : buf[i];
      }
      p[i] = fr(p[i] + negLr * d);
    }
  }
}

export function adamStep(
  params: readonly Storage[], grads: readonly Storage[], expAvg: readonly Storage[], expAvgSq: readonly Storage[],
  maxExpAvgSq: readonly Storage[] | null, step: number, o: AdamOptions,
): void {
  const { lr, beta1, beta2, eps, weightDecay, decoupled, amsgrad, maximize } = o;
  // Bias corrections and step size in float64, as torch.optim computes them in Python.
  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
  const stepSize = lr / biasCorrection1;
  for (let t = 0; t < params.length; t++) {
    const p = params[t], g = grads[t], m = expAvg[t], v = expAvgSq[t];
    const vMax = amsgrad && maxExpAvgSq ? maxExpAvgSq[t] : null;
    const fr = roundingOf(p);
    const decay = fr(1 - lr * weightDecay), wd = fr(weightDecay);
    // exp_avg.lerp_(grad, 1 - β1): the weight and its complement as float32 scalars.
    const w1 = fr(1 - beta1), w1Small = Math.abs(w1) < 0.5, w1m1 = fr(w1 - 1);
    const b2 = fr(beta2), c2 = fr(1 - beta2), bc2 = fr(biasCorrection2Sqrt), epsF = fr(eps), negStep = fr(-stepSize);
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) {
        if (decoupled) p[i] = fr(p[i] * decay);
        else d = fr(d + wd * p[i]);
      }
      const diff = fr(d - m[i]);
      m[i] = w1Small ? fr(m[i] + w1 * diff) : fr(d + w1m1 * diff);
      v[i] = fr(fr(v[i] * b2) + fr(c2 * d) * d);
      let second = v[i];
      if (vMax) {
        vMax[i] = Math.max(vMax[i], v[i]);
        second = vMax[i];
      }
      const denom = fr(fr(fr(Math.sqrt(second)) / bc2) + epsF);
      p[i] = fr(p[i] + fr(fr(negStep * m[i]) / denom));
    }
  }
}
