/** torch.max / torch.min as functions: over everything, over a dim, or element-wise with another tensor. */
import { Tensor } from "../tensor/tensor.js";
import { maximum, minimum } from "./elementwise.js";
import { maxAll, maxDim, minAll, minDim, type ValuesIndices } from "./reduce.js";

export function max(x: Tensor): Tensor;
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, opts: { dim: number; keepdim?: boolean }): ValuesIndices;
export function max(x: Tensor, arg?: Tensor | { dim: number; keepdim?: boolean }): Tensor | ValuesIndices {
  if (arg === undefined) return maxAll(x);
  if (arg instanceof Tensor) return maximum(x, arg);
  return maxDim(x, arg.dim, arg.keepdim);
}

export function min(x: Tensor): Tensor;
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, opts: { dim: number; keepdim?: boolean }): ValuesIndices;
export function min(x: Tensor, arg?: Tensor | { dim: number; keepdim?: boolean }): Tensor | ValuesIndices {
  if (arg === undefined) return minAll(x);
  if (arg instanceof Tensor) return minimum(x, arg);
  return minDim(x, arg.dim, arg.keepdim);
}
