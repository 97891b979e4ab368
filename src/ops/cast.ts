/** Changing dtype. Float-to-float casts pass gradients through (cast back to the input dtype). */
import { record } from "../autograd/node.js";
import { isFloating, type DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { OPS } from "./table.js";
import { kernelsOn } from "./kernels.js";
import { unfilled } from "./util.js";

export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  // Integers truncate toward zero (int32 wraps) and bool tests for non-zero, as torch's casts do.
  // On a device float64 is refused when the output is allocated; int64 is int32 there, so
  // int64 ↔ int32 is a copy, and float32 → float16 a copy rounded to half (ops/half-kernels.ts).
  const out = unfilled(x.shape, dtype, x.device);
  kernelsOn(x.device).cast(x.store, out.store, x.dtype, dtype);
  if (!isFloating(dtype) || !isFloating(x.dtype)) return out;
  const from = x.dtype;
  return record(out, OPS.cast, [x], (g) => [cast(g, from)]);
}
