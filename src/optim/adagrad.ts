/**
 * Adagrad with learning-rate decay, weight decay, an initial accumulator value and
 * maximize, as torch.optim.Adagrad's single-tensor path computes it (float32 rounding
 * after each op; a multiply followed by an add rounds once, as the kernels fuse them),
 * through the foreach op (ops/foreach.ts), so on every device.
 */
import { foreachAdagrad_ } from "../ops/foreach.js";
import type { Tensor } from "../tensor/tensor.js";
import {
  checkNonNegative, Optimizer, withDefaults, zerosLikeParam, type ParamGroup, type ParamsInput,
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
    const d = withDefaults(DEFAULTS, opts, "Adagrad");
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

  /**
   * The group in one call per step count (PyTorch's `_foreach` update): the learning-rate
   * decay depends on the step, which differs for a parameter that went without a gradient.
   */
  protected override updateGroup(params: readonly Tensor[], grads: readonly Tensor[], group: ParamGroup<AdagradOptions>): void {
    const { lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize } = group;
    const states = params.map((param) => {
      let state = this.state.get(param);
      if (!state) this.state.set(param, (state = { step: 0, sum: zerosLikeParam(param, initialAccumulatorValue) }));
      state.step += 1;
      return state;
    });
    for (const step of new Set(states.map((s) => s.step))) {
      const at = states.flatMap((s, i) => (s.step === step ? [i] : []));
      foreachAdagrad_(at.map((i) => params[i]), at.map((i) => grads[i]), at.map((i) => states[i].sum), step, {
        lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize,
      });
    }
  }

  protected override updateParameter(param: Tensor, grad: Tensor, group: ParamGroup<AdagradOptions>): void {
    this.updateGroup([param], [grad], group);
  }
}
