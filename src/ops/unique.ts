/**
 * torch.unique: the distinct values (or distinct slices along `dim`), sorted, with
 * optionally the inverse indices and the counts. Not differentiable, as in PyTorch.
 */
import { normDim, numelOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { empty, requireHost } from "./util.js";
import { hostReads, kernelsOn } from "./kernels.js";

export interface UniqueOptions {
  /**
   * Accepted for PyTorch-style code. PyTorch's CPU kernel returns sorted values
   * either way, and so does Kindling.
   */
  sorted?: boolean;
  returnInverse?: boolean;
  returnCounts?: boolean;
  /** Unique slices along this dim instead of unique elements. */
  dim?: number;
}

export interface UniqueResult {
  /** The distinct values (sorted), or the distinct slices along `dim`. */
  values: Tensor;
  /** For each input element (or slice), the index of its value in `values` (int64, the input's shape). */
  inverseIndices: Tensor;
  /** How often each value occurs (int64). */
  counts: Tensor;
}

export function unique(x: Tensor, opts?: UniqueOptions & { returnInverse?: false; returnCounts?: false }): Tensor;
export function unique(x: Tensor, opts: UniqueOptions): UniqueResult;
export function unique(x: Tensor, opts: UniqueOptions = {}): Tensor | UniqueResult {
  requireHost(x);
  const r = opts.dim === undefined || x.ndim === 0
    ? uniqueAlong(x, [x.numel()], 0, x.shape)
    : uniqueAlong(x, x.shape, normDim(opts.dim, x.ndim), null);
  return opts.returnInverse || opts.returnCounts ? r : r.values;
}

/**
 * Unique slices along `d` of x viewed in `shape` (unique elements: one dim), sorted
 * lexicographically in row-major order of the other dims, NaN last (the CPU backend's
 * grouping, backend.ts `HostReads.uniqueGroups`), gathered with one indexSelect. The
 * inverse indices take `inverseShape` (the input's for elements), else one per slice.
 */
function uniqueAlong(x: Tensor, shape: readonly number[], d: number, inverseShape: readonly number[] | null): UniqueResult {
  const size = shape[d];
  const outer = numelOf(shape.slice(0, d));
  const inner = numelOf(shape.slice(d + 1));
  const { inverse, firsts, counts } = hostReads().uniqueGroups(x.store, outer, size, inner);
  const valuesShape = [...shape];
  valuesShape[d] = firsts.length;
  const values = empty(valuesShape, x.dtype);
  kernelsOn("cpu").indexSelect(x.store, outer, size, inner, firsts, values.store);
  return {
    values,
    inverseIndices: new Tensor(inverse, inverseShape ?? [size], "int64"),
    counts: new Tensor(counts, [counts.length], "int64"),
  };
}
