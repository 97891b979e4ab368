/**
 * Adagrad with learning-rate decay, weight decay, an initial accumulator value and
 * maximize, as torch.optim.Adagrad's single-tensor path computes it (float32 rounding
 * after each op; a multiply followed by an add rounds once, as the kernels fuse them).
 */
import type { Tensor } from "../tensor/tensor.js";
import {
  checkNonNegative, Optimizer, rounding, withDefaults, zerosLikeParam, type ParamGroup, type ParamsInput,
} from "./optimizer.js";

export interface AdagradOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

export interface AdagradState {
  [key: string]: Tensor | number | undefined;
  step: number;
  sum: Tensor;
}

const DEFAULTS: AdagradOptions = { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false };

export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(params: ParamsInput<AdagradOptions>, opts: Partial<AdagradOptions> = {}) {
    const d = withDefaults(DEFAULTS, opts);
    checkNonNegative(d.lr, "learning rate");
    checkNonNegative(d.lrDecay, "lr_decay value");
    checkNonNegative(d.weightDecay, "weight_decay value");
    checkNonNegative(d.initialAccumulatorValue, "initial_accumulator_value value");
    checkNonNegative(d.eps, "epsilon value");
    super(params, d);
    // Adagrad creates its state up front, with the accumulator filled.
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        this.state.set(p, { step: 0, sum: zerosLikeParam(p, group.initialAccumulatorValue) });
      }
    }
  }

  protected override updateParameter(param: Tensor, grad: Tensor, group: ParamGroup<AdagradOptions>): void {
    const fr = rounding(param);
    let state = this.state.get(param);
    if (!state) {
      state = { step: 0, sum: zerosLikeParam(param, group.initialAccumulatorValue) };
      this.state.set(param, state);
    }
    state.step += 1;
    const { lr, lrDecay, weightDecay, eps, maximize } = group;
    const clr = lr / (1 + (state.step - 1) * lrDecay);
    const wd = fr(weightDecay), epsF = fr(eps), negClr = fr(-clr);
    const p = param.data, g = grad.data, s = state.sum.data;
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d = fr(d + wd * p[i]);
      s[i] = fr(s[i] + d * d);
      const std = fr(fr(Math.sqrt(s[i])) + epsF);
      p[i] = fr(p[i] + fr(fr(negClr * d) / std));
    }
  }
}
