/** F.linear: y = x Wᵀ + b, the engine's fused op, with PyTorch's dtype message for the biased form. */
import type { LinearActivation } from "../../backend/backend.js";
import { DTypeError } from "../../errors.js";
import { linear as fusedLinear } from "../../ops/matmul.js";
import type { Tensor } from "../../tensor/tensor.js";
import { scalarTypeName } from "../format.js";

export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  return linearWith(input, weight, bias, "none");
}

/** F.linear followed by an activation as one op (nn.Sequential's Linear → ReLU pairs). */
export function linearWith(input: Tensor, weight: Tensor, bias: Tensor | null | undefined, act: LinearActivation): Tensor {
  // With a bias PyTorch goes through addmm, whose message names the dtypes this way.
  if (bias && input.dtype !== weight.dtype && input.shape[input.ndim - 1] === weight.shape[1]) {
    throw new DTypeError(
      `mat1 and mat2 must have the same dtype, but got ${scalarTypeName(input.dtype)} and ${scalarTypeName(weight.dtype)}`,
    );
  }
  return fusedLinear(input, weight, bias, act);
}
