/** F.one_hot: class indices to int64 one-hot rows. */
import { DTypeError, ValueError } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";

export function oneHot(input: Tensor, numClasses = -1): Tensor {
  if (input.dtype !== "int64") throw new DTypeError("one_hot is only applicable to index tensor of type LongTensor.");
  const x = input.data;
  let classes = numClasses;
  if (x.length === 0) {
    if (classes === -1) throw new ValueError("Can not infer total number of classes from empty tensor.");
  } else {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < x.length; i++) {
      lo = Math.min(lo, x[i]);
      hi = Math.max(hi, x[i]);
    }
    if (lo < 0) throw new ValueError("Class values must be non-negative.");
    if (classes === -1) classes = hi + 1;
    else if (hi >= classes) throw new ValueError("Class values must be smaller than num_classes.");
  }
  const out = new Float64Array(x.length * classes);
  for (let i = 0; i < x.length; i++) out[i * classes + x[i]] = 1;
  return new Tensor(out, [...input.shape, classes], "int64");
}
