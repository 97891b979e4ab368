/**
 * nn.Parameter: a tensor that a Module registers as one of its learnable weights.
 * It shares storage with the tensor it is made from (as torch.nn.Parameter does),
 * is always a leaf, and requires grad unless told otherwise.
 */
import { DTypeError } from "../errors.js";
import { isFloating } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";

export class Parameter extends Tensor {
  constructor(data: Tensor = new Tensor(new Float32Array(0), [0], "float32"), requiresGrad = true) {
    super(data.data, data.shape, data.dtype);
    if (requiresGrad) {
      if (!isFloating(data.dtype)) {
        throw new DTypeError("Only Tensors of floating point and complex dtype can require gradients");
      }
      this.requiresGrad = true;
    }
  }

  override toString(): string {
    return "Parameter containing:\n" + super.toString();
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
