/**
 * SGD with momentum, dampening, Nesterov momentum, weight decay and maximize, as
 * torch.optim.SGD's single-tensor path computes it (float32 rounding after each op; a
 * multiply followed by an add rounds once, as the compiled kernels fuse them).
 */
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkNonNegative, Optimizer, rounding, withDefaults, type ParamGroup, type ParamsInput } from "./optimizer.js";

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

export interface SGDState {
  [key: string]: Tensor | undefined;
  momentumBuffer?: Tensor;
}

const DEFAULTS: SGDOptions = { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false };

export class SGD extends Optimizer<SGDOptions, SGDState> {
  constructor(params: ParamsInput<SGDOptions>, opts: Partial<SGDOptions> = {}) {
    const d = withDefaults(DEFAULTS, opts);
    checkNonNegative(d.lr, "learning rate");
    checkNonNegative(d.momentum, "momentum value");
    checkNonNegative(d.weightDecay, "weight_decay value");
    if (d.nesterov && (d.momentum <= 0 || d.dampening !== 0)) {
      throw new ValueError("Nesterov momentum requires a momentum and zero dampening");
    }
    super(params, d);
  }

  protected override updateParameter(param: Tensor, grad: Tensor, group: ParamGroup<SGDOptions>): void {
    const fr = rounding(param);
    const { momentum, dampening, weightDecay, nesterov, maximize } = group;
    const p = param.data, g = grad.data, n = p.length;
    const wd = fr(weightDecay), mom = fr(momentum), keep = fr(1 - dampening), negLr = fr(-group.lr);
    let buf: Tensor["data"] | null = null;
    let first = false;
    if (momentum !== 0) {
      let state = this.state.get(param);
      if (!state) this.state.set(param, (state = {}));
      if (!state.momentumBuffer) {
        state.momentumBuffer = grad.detach().clone();
        first = true;
      }
      buf = state.momentumBuffer.data;
    }
    for (let i = 0; i < n; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d = fr(d + wd * p[i]);
      if (buf) {
        // The first buffer is the (decayed) gradient itself; later ones buf·m + (1 - dampening)·d.
        buf[i] = first ? d : fr(fr(buf[i] * mom) + keep * d);
        d = nesterov ? fr(d + mom * buf[i]) : buf[i];
      }
      p[i] = fr(p[i] + negLr * d);
    }
  }
}
