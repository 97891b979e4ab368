/**
 * SGD with momentum, dampening, Nesterov momentum, weight decay and maximize, as
 * torch.optim.SGD's single-tensor path computes it (float32 rounding after each op; a
 * multiply followed by an add rounds once, as the compiled kernels fuse them).
 */
import { foreachSgd_ } from "../ops/foreach.js";
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkNonNegative, Optimizer, withDefaults, type ParamGroup, type ParamsInput } from "./optimizer.js";

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
    const d = withDefaults(DEFAULTS, opts, "SGD");
    checkNonNegative(d.lr, "learning rate");
    checkNonNegative(d.momentum, "momentum value");
    checkNonNegative(d.weightDecay, "weight_decay value");
    if (d.nesterov && (d.momentum <= 0 || d.dampening !== 0)) {
      throw new ValueError("Nesterov momentum requires a momentum and zero dampening");
    }
    super(params, d);
  }

  protected override halfAware(): boolean {
    return true;
  }

  /** The whole group in one call (PyTorch's `_foreach` update, ops/foreach.ts), with torch.optim's float32 rounding. */
  protected override updateGroup(params: readonly Tensor[], grads: readonly Tensor[], group: ParamGroup<SGDOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    const options = { lr, momentum, dampening, weightDecay, nesterov, maximize };
    if (momentum === 0) {
      foreachSgd_(params, grads, null, false, options);
      return;
    }
    // The kernel's first step sets a buffer to the (decayed) gradient; parameters whose
    // buffer exists already and those new this step go in separate calls.
    const buffers = params.map((p, i) => {
      let state = this.state.get(p);
      if (!state) this.state.set(p, (state = {}));
      const first = !state.momentumBuffer;
      if (!state.momentumBuffer) state.momentumBuffer = grads[i].detach().clone();
      return { buffer: state.momentumBuffer, first };
    });
    for (const first of [false, true]) {
      const at = buffers.flatMap((b, i) => (b.first === first ? [i] : []));
      if (at.length === 0) continue;
      foreachSgd_(at.map((i) => params[i]), at.map((i) => grads[i]), at.map((i) => buffers[i].buffer), first, options);
    }
  }

  protected override updateParameter(param: Tensor, grad: Tensor, group: ParamGroup<SGDOptions>): void {
    this.updateGroup([param], [grad], group);
  }
}
