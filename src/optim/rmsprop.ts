/**
 * RMSprop with momentum, centering, weight decay and maximize, as torch.optim.RMSprop's
 * single-tensor path computes it (float32 rounding after each op; a multiply followed
 * by an add rounds once, as the compiled kernels fuse them), through the foreach op
 * (ops/foreach.ts), so on every device.
 */
import { foreachRmsprop_ } from "../ops/foreach.js";
import type { Tensor } from "../tensor/tensor.js";
import {
  checkNonNegative, Optimizer, withDefaults, zerosLikeParam, type ParamGroup, type ParamsInput,
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
    const d = withDefaults(DEFAULTS, opts, "RMSprop");
    checkNonNegative(d.lr, "learning rate");
    checkNonNegative(d.eps, "epsilon value");
    checkNonNegative(d.momentum, "momentum value");
    checkNonNegative(d.weightDecay, "weight_decay value");
    checkNonNegative(d.alpha, "alpha value");
    super(params, d);
  }

  /** The whole group in one call (PyTorch's `_foreach` update): no bias correction, so the step counts may differ. */
  protected override updateGroup(params: readonly Tensor[], grads: readonly Tensor[], group: ParamGroup<RMSpropOptions>): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    const states = params.map((param) => {
      let state = this.state.get(param);
      if (!state) this.state.set(param, (state = { step: 0, squareAvg: zerosLikeParam(param) }));
      // Made when first needed, also for a group whose momentum or centering was switched on later.
      if (momentum > 0 && !state.momentumBuffer) state.momentumBuffer = zerosLikeParam(param);
      if (centered && !state.gradAvg) state.gradAvg = zerosLikeParam(param);
      state.step += 1;
      return state;
    });
    const options = { lr, alpha, eps, weightDecay, momentum, centered, maximize };
    foreachRmsprop_(
      params, grads, states.map((s) => s.squareAvg), centered ? states.map((s) => s.gradAvg as Tensor) : null,
      momentum > 0 ? states.map((s) => s.momentumBuffer as Tensor) : null, options,
    );
  }

  protected override updateParameter(param: Tensor, grad: Tensor, group: ParamGroup<RMSpropOptions>): void {
    this.updateGroup([param], [grad], group);
  }
}
