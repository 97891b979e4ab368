/**
 * nn.Parameter: a tensor that a Module registers as one of its learnable weights.
 * It shares storage with the tensor it is made from (as torch.nn.Parameter does),
 * is always a leaf, and requires grad unless told otherwise.
 */
import { DTypeError } from "../errors.js";
import { isFloating, type DType } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { zeros } from "../tensor/creation.js";
import { checkShape, numelOf } from "../tensor/shape.js";
import { takeFloat32Output } from "../tensor/pool.js";

export class Parameter extends Tensor {
  constructor(data: Tensor = new Tensor(new Float32Array(0), [0], "float32"), requiresGrad = true) {
    // The same storage on any device (a device's handle, or the CPU's typed array).
    super(data.store, data.shape, data.dtype, data.device);
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

/**
 * Zeros for a layer's own new weight (nn.Linear, nn.Conv*). A large float32 one is allocated
 * in the wasm backend's resident heap where there is room (tensor/pool.ts takeFloat32Output),
 * so the kernels read it in place at every step instead of copying it in: a parameter lives
 * as long as its module, and nothing outside the layer holds the array (unlike a user's
 * tensor, which stays ordinary: backend/wasm/resident.ts).
 */
export function parameterZeros(shape: readonly number[], dtype: DType): Tensor {
  if (dtype !== "float32") return zeros(shape, { dtype });
  const s = checkShape(shape);
  return new Tensor(takeFloat32Output(numelOf(s)).fill(0), s, "float32");
}
