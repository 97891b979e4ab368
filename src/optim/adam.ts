/**
 * Adam and AdamW (decoupled weight decay), with amsgrad and maximize, as
 * torch.optim.Adam's single-tensor path computes them: float32 rounding after each op
 * for float32 parameters (a multiply followed by an add rounds once, as the compiled
 * kernels fuse them), bias corrections and step size in float64.
 */
import { fusedAdam_ } from "../ops/foreach.js";
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
    const d = withDefaults(ADAM_DEFAULTS, opts, new.target.name); // "Adam" or "AdamW"
    validate(d);
    super(params, d);
  }

  /**
   * The whole group in one kernel call per step count (parameters of a group share it
   * unless some went without a gradient): the update, with torch.optim's float32
   * rounding (PyTorch's fused Adam, ops/foreach.ts).
   */
  protected override updateGroup(params: readonly Tensor[], grads: readonly Tensor[], group: ParamGroup<AdamOptions>): void {
    const { lr, betas, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay } = group;
    const options: AdamOptions = { lr, betas, eps, weightDecay, decoupledWeightDecay, amsgrad, maximize };
    const states = params.map((param) => {
      let state = this.state.get(param);
      if (!state) {
        state = { step: 0, expAvg: zerosLikeParam(param), expAvgSq: zerosLikeParam(param) };
        this.state.set(param, state);
      }
      if (amsgrad && !state.maxExpAvgSq) state.maxExpAvgSq = zerosLikeParam(param);
      state.step += 1;
      return state;
    });
    for (const step of new Set(states.map((s) => s.step))) {
      const at = states.flatMap((s, i) => (s.step === step ? [i] : []));
      fusedAdam_(
        at.map((i) => params[i]), at.map((i) => grads[i]),
        at.map((i) => states[i].expAvg), at.map((i) => states[i].expAvgSq),
        amsgrad ? at.map((i) => states[i].maxExpAvgSq as Tensor) : null, step, options,
      );
    }
  }

  protected override updateParameter(param: Tensor, grad: Tensor, group: ParamGroup<AdamOptions>): void {
    this.updateGroup([param], [grad], group);
  }
}

/** Adam with decoupled weight decay (default 1e-2), as torch.optim.AdamW. */
export class AdamW extends Adam {
  constructor(params: ParamsInput<AdamOptions>, opts: Partial<Omit<AdamOptions, "decoupledWeightDecay">> = {}) {
    const given: Partial<AdamOptions> = withDefaults<Partial<AdamOptions>>({ weightDecay: 1e-2 }, opts);
    super(params, { ...given, decoupledWeightDecay: true });
  }
}
