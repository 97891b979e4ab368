/**
 * The optimizers' updates on a device without the fused kernels (a GPU): the same steps
 * as backend/js/fused-optim.ts, in the same order, each an element-wise op on the device
 * (so each rounds to float32, as torch.optim's single-tensor path does; where the CPU
 * kernel rounds a multiply-add once, this rounds twice, within float32's last bit).
 * Nothing is read back: the scalars (learning rate, bias corrections) are computed here
 * in float64, as torch.optim computes them in Python.
 */
import { noGrad } from "../autograd/grad-mode.js";
import type { AdamOptions, SGDOptions } from "../backend/backend.js";
import type { Tensor } from "../tensor/tensor.js";
import { libm } from "../backend/libm.js";
import * as ew from "./elementwise.js";
import { deviceBackend } from "./kernels.js";

/** Writes `value` into `target`'s storage in place (same shape and dtype). */
function assign(target: Tensor, value: Tensor): void {
  if (target.device === "cpu") throw new Error("assign: a device tensor was expected");
  deviceBackend(target.device).copyRange(value.store, 0, target.store, 0, target.numel());
}

export function deviceSgd_(
  params: readonly Tensor[], grads: readonly Tensor[], buffers: readonly Tensor[] | null, firstStep: boolean, o: SGDOptions,
): void {
  const { lr, momentum, dampening, weightDecay, nesterov, maximize } = o;
  noGrad(() => {
    for (let t = 0; t < params.length; t++) {
      const p = params[t];
      let d = maximize ? ew.neg(grads[t]) : grads[t];
      if (weightDecay !== 0) d = ew.add(d, ew.mul(p, weightDecay));
      const buf = momentum !== 0 && buffers ? buffers[t] : null;
      if (buf) {
        const next = firstStep ? d : ew.add(ew.mul(buf, momentum), ew.mul(d, 1 - dampening));
        assign(buf, next);
        d = nesterov ? ew.add(d, ew.mul(buf, momentum)) : buf;
      }
      assign(p, ew.add(p, ew.mul(d, -lr)));
    }
  });
}

export function deviceAdam_(
  params: readonly Tensor[], grads: readonly Tensor[], expAvg: readonly Tensor[], expAvgSq: readonly Tensor[],
  maxExpAvgSq: readonly Tensor[] | null, step: number, o: AdamOptions,
): void {
  const { lr, betas: [beta1, beta2], eps, weightDecay, decoupledWeightDecay: decoupled, amsgrad, maximize } = o;
  const biasCorrection1 = 1 - libm.pow(beta1, step);
  const biasCorrection2Sqrt = Math.sqrt(1 - libm.pow(beta2, step));
  const stepSize = lr / biasCorrection1;
  noGrad(() => {
    for (let t = 0; t < params.length; t++) {
      const p = params[t], m = expAvg[t], v = expAvgSq[t];
      let d = maximize ? ew.neg(grads[t]) : grads[t];
      if (weightDecay !== 0) {
        if (decoupled) assign(p, ew.mul(p, 1 - lr * weightDecay));
        else d = ew.add(d, ew.mul(p, weightDecay));
      }
      // exp_avg.lerp_(grad, 1 - β1); exp_avg_sq·β2 + (1 − β2)·d·d.
      assign(m, ew.add(m, ew.mul(ew.sub(d, m), 1 - beta1)));
      assign(v, ew.add(ew.mul(v, beta2), ew.mul(ew.mul(d, 1 - beta2), d)));
      let second = v;
      const vMax = amsgrad && maxExpAvgSq ? maxExpAvgSq[t] : null;
      if (vMax) {
        assign(vMax, ew.maximum(vMax, v));
        second = vMax;
      }
      const denom = ew.add(ew.div(ew.sqrt(second), biasCorrection2Sqrt), eps);
      assign(p, ew.add(p, ew.div(ew.mul(m, -stepSize), denom)));
    }
  });
}
