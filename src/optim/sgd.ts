/**
 * SGD with momentum, dampening, Nesterov momentum, weight decay and maximize, as
 * torch.optim.SGD's single-tensor path computes it (float32 rounding after each op; a
 * multiply followed by an add rounds once, as the compiled kernels fuse them).
 */
import { backend } from "../backend/index.js";
import { ValueError } from "../errors.js";
import type { Storage } from "../tensor/dtype.js";
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
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    let buffers: Storage[] | null = null;
    let first = false;
    if (momentum !== 0) {
      let state = this.state.get(param);
      if (!state) this.state.set(param, (state = {}));
      if (!state.momentumBuffer) {
        // The kernel's first step sets the buffer to the (decayed) gradient.
        state.momentumBuffer = grad.detach().clone();
        first = true;
      }
      buffers = [state.momentumBuffer.data];
    }
    // One kernel call: the update, with torch.optim's float32 rounding (backend/js/fused-optim.ts).
    backend().sgdStep([param.data], [grad.data], buffers, first, { lr, momentum, dampening, weightDecay, nesterov, maximize });
  }
}
