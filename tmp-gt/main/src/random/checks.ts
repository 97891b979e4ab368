/** Argument checks shared by the random functions, with PyTorch's messages. */
import { DTypeError } from "../errors.js";
import { isFloating, scalarTypeName, type DType } from "../tensor/dtype.js";

/** PyTorch's NotImplementedError when a kernel has no version for a dtype. */
export function requireFloatKernel(kernel: string, dtype: DType): void {
  if (!isFloating(dtype)) throw new DTypeError(`"${kernel}" not implemented for '${scalarTypeName(dtype)}'`);
}

/** The shape check of torch.empty, shared with the tensor constructors. */
export { checkShape } from "../tensor/shape.js";
