/** The one loop behind Module.zeroGrad and Optimizer.zeroGrad. */
import { recycle } from "../../tensor/pool.js";
import type { Tensor } from "../../tensor/tensor.js";

/**
 * Clears each parameter's gradient: to null (PyTorch 2's default, which frees the memory
 * and lets the next backward write instead of add), or detached and filled with zeros in
 * place, as `zero_grad(set_to_none=False)` does.
 *
 * Freed for real: a gradient whose storage backward made for this parameter alone, that
 * was never handed out (no code outside the engine read `.grad` since) and is no graph's
 * tensor, is referenced by nothing else, so its storage goes back to the pool for the
 * next backward to reuse.
 */
export function zeroGrads(params: Iterable<Tensor>, setToNone: boolean): void {
  for (const p of params) {
    const g = p._grad;
    if (!g) continue;
    if (setToNone) {
      p._grad = null;
      // recycle refuses storage that `.grad` handed out.
      if (g._engineMade && !g.requiresGrad && g.gradFn === null ) recycle(g.store);
    } else {
      // A detached view of the same storage, not marked as the engine's own: never recycled.
      const zeroed = g.detach();
      zeroed.fill_(0);
      p._grad = zeroed;
    }
  }
}
