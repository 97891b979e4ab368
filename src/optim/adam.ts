/**
 * Adam and AdamW (decoupled weight decay), with amsgrad and maximize, as
 * torch.optim.Adam's single-tensor path computes them: float32 rounding after each op
 * for float32 parameters (a multiply followed by an add rounds once, as the compiled
 * kernels fuse them), bias corrections and step size in float64.
 */
import { backend } from "../backend/index.js";
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import {
  checkNonNegative, Optimizer, pyNumber, withDefaults, zerosLikeParam, type ParamGroup, type ParamsInput,
} from "./optimizer.js";

export interface AdamOptions {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
  /** AdamW's decay (param ·= 1 - lr·wd) instead of adding wd·param to the gradient. */
  decoupledWeightDecay: boolean;
}

export interface AdamState {
  [key: string]: Tensor | number | undefined;
  step: number;
  expAvg: Tensor;
  expAvgSq: Tensor;
  maxExpAvgSq?: Tensor;
}

const ADAM_DEFAULTS: AdamOptions = {
  lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, decoupledWeightDecay: false,
};

function validate(d: AdamOptions): void {
  checkNonNegative(d.lr, "learning rate");
  checkNonNegative(d.eps, "epsilon value");
  if (!(d.betas[0] >= 0 && d.betas[0] < 1)) throw new ValueError(`Invalid beta parameter at index 0: ${pyNumber(d.betas[0])}`);
  if (!(d.betas[1] >= 0 && d.betas[1] < 1)) throw new ValueError(`Invalid beta parameter at index 1: ${pyNumber(d.betas[1])}`);
  checkNonNegative(d.weightDecay, "weight_decay value");
}

export class Adam extends Optimizer<AdamOptions, AdamState> {
  constructor(params: ParamsInput<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    const d = withDefaults(ADAM_DEFAULTS, opts);
    validate(d);
    super(params, d);
  }

  protected override updateParameter(param: Tensor, grad: Tensor, group: ParamGroup<AdamOptions>): void {
    let state = this.state.get(param);
    if (!state) {
      state = { step: 0, expAvg: zerosLikeParam(param), expAvgSq: zerosLikeParam(param) };
      if (group.amsgrad) state.maxExpAvgSq = zerosLikeParam(param);
      this.state.set(param, state);
    }
    state.step += 1;
    const { lr, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay } = group;
    const [beta1, beta2] = group.betas;
    // One kernel call: the update, with torch.optim's float32 rounding (backend/js/fused-optim.ts).
    backend().adamStep(
      [param.data], [grad.data], [state.expAvg.data], [state.expAvgSq.data],
      amsgrad && state.maxExpAvgSq ? [state.maxExpAvgSq.data] : null, state.step,
      { lr, beta1, beta2, eps, weightDecay, decoupled: decoupledWeightDecay, amsgrad, maximize },
    );
  }
}

/** Adam with decoupled weight decay (default 1e-2), as torch.optim.AdamW. */
export class AdamW extends Adam {
  constructor(params: ParamsInput<AdamOptions>, opts: Partial<Omit<AdamOptions, "decoupledWeightDecay">> = {}) {
    const given: Partial<AdamOptions> = withDefaults<Partial<AdamOptions>>({ weightDecay: 1e-2 }, opts);
    super(params, { ...given, decoupledWeightDecay: true });
  }
}
