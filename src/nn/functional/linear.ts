/** F.linear: y = x Wᵀ + b, the engine's fused op, with PyTorch's dtype message for the biased form. */
import type { LinearActivation } from "../../backend/backend.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { add } from "../../ops/elementwise.js";
import { linear as fusedLinear, matmul } from "../../ops/matmul.js";
import { isFloating } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { scalarTypeName } from "../format.js";

export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (weight.ndim > 2) throw new ShapeError(`t() expects a tensor with <= 2 dimensions, but self is ${weight.ndim}D`);
  if (input.ndim === 0 || weight.ndim === 0) {
    throw new ShapeError(`both arguments to linear need to be at least 1D, but they are ${input.ndim}D and ${weight.ndim}D`);
  }
  // The fused op takes a [out, in] float weight and a [out] bias; PyTorch's other forms (a
  // 1-D weight, integer tensors, a bias that broadcasts) are x·Wᵀ + b from ops.
  const general = weight.ndim === 1 || !isFloating(input.dtype) || (bias && (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0]));
  if (general && input.dtype === weight.dtype) {
    const y = matmul(input, weight.ndim === 2 ? weight.t() : weight);
    return bias ? add(y, bias) : y;
  }
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
