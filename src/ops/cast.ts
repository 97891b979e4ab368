/** Changing dtype. Float-to-float casts pass gradients through (cast back to the input dtype). */
import { record } from "../autograd/node.js";
import { isFloating, type DType } from "../tensor/dtype.js";
import { toStorage } from "../tensor/convert.js";
import { Tensor } from "../tensor/tensor.js";
import { OPS } from "./table.js";

export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  // int64 truncates toward zero and bool tests for non-zero, as torch's casts do.
  const out = new Tensor(toStorage(x.data, dtype), x.shape, dtype);
  if (!isFloating(dtype) || !isFloating(x.dtype)) return out;
  const from = x.dtype;
  return record(out, OPS.cast, [x], (g) => [cast(g, from)]);
}
