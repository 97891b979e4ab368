/** F.one_hot on the CPU: rows of the identity picked by int64 class indices. */
import type { Storage } from "../../tensor/dtype.js";

/** out [n, classes] = 0, then out[i, x[i]] = 1 (the indices are checked to lie in [0, classes)). */
export function oneHot(x: Storage, out: Storage, classes: number): void {
  out.fill(0);
  for (let i = 0; i < x.length; i++) out[i * classes + x[i]] = 1;
}
