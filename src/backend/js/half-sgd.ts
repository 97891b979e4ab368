/**
 * SGD on float16 parameters (HalfStorage: binary16 values in a Float32Array), as
 * torch.optim's single-tensor path runs it on half tensors: each tensor op
 * (grad + wd·p, buf·m, buf + (1 − dampening)·d, p − lr·d) computes in float32 and rounds
 * its result to half. `x.add_(y, alpha)` takes alpha as a half and, as PyTorch's CPU
 * kernel (AVX512 build, checked for every length up to 200 in the float16 fixture's MLP
 * and by hand), computes x + alpha·y in float32 over whole blocks of 32 elements and, in
 * the scalar loop over the last n mod 32, rounds alpha·y to half first.
 */
import type { Storage } from "../../tensor/dtype.js";
import { roundHalf } from "../../tensor/half.js";
import type { SGDOptions } from "../backend.js";

export function sgdStepHalf(params: readonly Storage[], grads: readonly Storage[], buffers: readonly Storage[] | null, firstStep: boolean, o: SGDOptions): void {
  const { lr, momentum, dampening, weightDecay, nesterov, maximize } = o;
  // mul_'s scalar stays float32; add_'s alpha is a half.
  const mom = Math.fround(momentum);
  const wd = roundHalf(weightDecay), keep = roundHalf(1 - dampening), momAlpha = roundHalf(momentum), negLr = roundHalf(-lr);
  for (let t = 0; t < params.length; t++) {
    const p = params[t], g = grads[t];
    const buf = momentum !== 0 && buffers ? buffers[t] : null;
    const blocks = p.length - (p.length % 32);
    const addAlpha = (x: number, alpha: number, y: number, i: number): number => roundHalf(x + (i < blocks ? alpha * y : roundHalf(alpha * y)));
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d = addAlpha(d, wd, p[i], i);
      if (buf) {
        buf[i] = firstStep ? d : addAlpha(roundHalf(buf[i] * mom), keep, d, i);
        d = nesterov ? addAlpha(d, momAlpha, buf[i], i) : buf[i];
      }
      p[i] = addAlpha(p[i], negLr, d, i);
    }
  }
}
