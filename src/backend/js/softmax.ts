/** Softmax and log-softmax along the middle axis of x viewed as [outer, size, inner]. */
import type { Storage } from "../../tensor/dtype.js";
import { HalfStorage, roundHalf } from "../../tensor/half.js";
import type { MathLib } from "../libm.js";

/**
 * One pass per row of the reduced axis: the max, then exp(x - max) once per element into
 * a float64 scratch row (so the sum and the outputs share it), then the outputs. A half
 * output is rounded after the kernel (ops/half-kernels.ts).
 */
export function softmaxWith(M: MathLib) {
  return (xs: Storage, o: Storage, outer: number, size: number, inner: number, log: boolean): void => {
    const e = new Float64Array(size);
    // PyTorch's half log-softmax along the last dim holds the sum and its log in half
    // (checked in the float16 fixture); along other dims it does not.
    const halfSum = xs instanceof HalfStorage && inner === 1;
    for (let p = 0; p < outer; p++) {
      for (let q = 0; q < inner; q++) {
        const base = p * size * inner + q;
        let m = -Infinity;
        for (let k = 0, i = base; k < size; k++, i += inner) {
          const v = xs[i];
          if (v > m || v !== v) m = v;
        }
        // A row of -inf would give -inf - -inf = nan: shift by 0 (the row is then all nan, as in PyTorch).
        if (m === -Infinity) m = 0;
        let s = 0;
        for (let k = 0, i = base; k < size; k++, i += inner) {
          const v = M.exp(xs[i] - m);
          e[k] = v;
          s += v;
        }
        if (log) {
          const ls = halfSum ? roundHalf(M.log(roundHalf(s))) : M.log(s);
          for (let k = 0, i = base; k < size; k++, i += inner) o[i] = xs[i] - m - ls;
        } else {
          for (let k = 0, i = base; k < size; k++, i += inner) o[i] = e[k] / s;
        }
      }
    }
  };
}
