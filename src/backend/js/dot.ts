/** torch.dot on the CPU: one float64 sum in index order, rounded once into out[0]. */
import type { Storage } from "../../tensor/dtype.js";

/**
 * out[0] = Σ a[i]·b[i]. A kernel of its own, not a [1, n] · [n, 1] matmul: the wasm
 * matmul sums long products in another order, and dot's bits are those of this loop.
 */
export function dot(a: Storage, b: Storage, out: Storage): void {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc += a[i] * b[i];
  out[0] = acc;
}
