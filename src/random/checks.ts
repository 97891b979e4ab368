/** Argument checks shared by the random functions, with PyTorch's messages. */
import { DTypeError, ValueError } from "../errors.js";
import { isFloating, type DType } from "../tensor/dtype.js";
import { fmtShape } from "../tensor/shape.js";

/** The C++ scalar type names PyTorch's dispatch errors print ('Float', 'Long', ...). */
const SCALAR_TYPE_NAME: Record<DType, string> = { float32: "Float", float64: "Double", int64: "Long", bool: "Bool" };

/** The `std::numeric_limits` names PyTorch's bound checks print. */
export const C_TYPE_NAME: Record<DType, string> = { float32: "float", float64: "double", int64: "long int", bool: "bool" };

/** PyTorch's NotImplementedError when a kernel has no version for a dtype. */
export function requireFloatKernel(kernel: string, dtype: DType): void {
  if (!isFloating(dtype)) throw new DTypeError(`"${kernel}" not implemented for '${SCALAR_TYPE_NAME[dtype]}'`);
}

/** A validated copy of a shape, as torch.empty checks it. */
export function checkShape(shape: readonly number[]): number[] {
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) {
      throw new ValueError(`Trying to create tensor with negative dimension ${s}: ${fmtShape(shape)}`);
    }
  }
  return [...shape];
}
