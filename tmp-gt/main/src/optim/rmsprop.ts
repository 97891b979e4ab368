/**
 * RMSprop with momentum, centering, weight decay and maximize, as torch.optim.RMSprop's
 * single-tensor path computes it (float32 rounding after each op; a multiply followed
 * by an add rounds once, as the compiled kernels fuse them).
 */
import type { Tensor } from "../tensor/tensor.js";
import {
  checkNonNegative, Optimizer, rounding, withDefaults, zerosLikeParam, type ParamGroup, type ParamsInput,
} from "./optimizer.js";

export interface RMSpropOptions {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

export interface RMSpropState {
  [key: string]: Tensor | number | undefined;
  step: number;
  squareAvg: Tensor;
  momentumBuffer?: Tensor;
  gradAvg?: Tensor;
}

const DEFAULTS: RMSpropOptions = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false };

export class RMSprop extends Optimizer<RMSpropOptions, RMSpropState> {
  constructor(params: ParamsInput<RMSpropOptions>, opts: Partial<RMSpropOptions> = {}) {
    const d = withDefaults(DEFAULTS, opts);
    checkNonNegative(d.lr, "learning rate");
    checkNonNegative(d.eps, "epsilon value");
    checkNonNegative(d.momentum, "momentum value");
    checkNonNegative(d.weightDecay, "weight_decay value");
    checkNonNegative(d.alpha, "alpha value");
    super(params, d);
  }

  protected override updateParameter(param: Tensor, grad: Tensor, group: ParamGroup<RMSpropOptions>): void {
    const fr = rounding(param);
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    let state = this.state.get(param);
    if (!state) {
      state = { step: 0, squareAvg: zerosLikeParam(param) };
      if (momentum > 0) state.momentumBuffer = zerosLikeParam(param);
      if (centered) state.gradAvg = zerosLikeParam(param);
      this.state.set(param, state);
    }
    state.step += 1;
    const wd = fr(weightDecay), a = fr(alpha), c = fr(1 - alpha), epsF = fr(eps), mom = fr(momentum), negLr = fr(-lr);
    // grad_avg.lerp_(grad, 1 - α), in PyTorch's two forms for small and large weights.
    const wSmall = Math.abs(c) < 0.5, cm1 = fr(c - 1);
    const p = param.data, g = grad.data, sq = state.squareAvg.data;
    const ga = centered && state.gradAvg ? state.gradAvg.data : null;
    const buf = momentum > 0 && state.momentumBuffer ? state.momentumBuffer.data : null;
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d = fr(d + wd * p[i]);
      sq[i] = fr(fr(sq[i] * a) + fr(c * d) * d);
      let avg: number;
      if (ga) {
        const diff = fr(d - ga[i]);
        ga[i] = wSmall ? fr(ga[i] + c * diff) : fr(d + cm1 * diff);
        avg = fr(Math.sqrt(fr(sq[i] - ga[i] * ga[i])));
      } else {
        avg = fr(Math.sqrt(sq[i]));
      }
      avg = fr(avg + epsF);
      if (buf) {
        buf[i] = fr(fr(buf[i] * mom) + fr(d / avg));
        p[i] = fr(p[i] + negLr * buf[i]);
      } else {
        p[i] = fr(p[i] + fr(fr(negLr * d) / avg));
      }
    }
  }
}
