/** The one loop behind Module.zeroGrad and Optimizer.zeroGrad. */
import type { Tensor } from "../../tensor/tensor.js";

/**
 * Clears each parameter's gradient: to null (PyTorch 2's default, which frees the memory
 * and lets the next backward write instead of add), or detached and filled with zeros in
 * place, as `zero_grad(set_to_none=False)` does.
 */
export function zeroGrads(params: Iterable<Tensor>, setToNone: boolean): void {
  for (const p of params) {
    if (!p.grad) continue;
    if (setToNone) p.grad = null;
    else {
      p.grad = p.grad.detach();
      p.grad.data.fill(0);
    }
  }
}
