/** Changing dtype. Float-to-float casts pass gradients through (cast back to the input dtype). */
import { record } from "../autograd/node.js";
import { isFloating, type DType } from "../tensor/dtype.js";
import { castStorage } from "../tensor/convert.js";
import { Tensor } from "../tensor/tensor.js";
import { OPS } from "./table.js";

export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  // Integers truncate toward zero (int32 wraps) and bool tests for non-zero, as torch's casts do.
  const out = new Tensor(castStorage(x.data, x.dtype, dtype), x.shape, dtype);
  if (!isFloating(dtype) || !isFloating(x.dtype)) return out;
  const from = x.dtype;
  return record(out, OPS.cast, [x], (g) => [cast(g, from)]);
}
