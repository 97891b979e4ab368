/**
 * torch.unique: the distinct values (or distinct slices along `dim`), sorted, with
 * optionally the inverse indices and the counts. Not differentiable, as in PyTorch.
 */
import { normDim, numelOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { copyRange, empty } from "./util.js";

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

/** Ascending with NaN last; ties keep input order, so the first of equal values represents them. */
function compareValues(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  return a !== a ? (b !== b ? 0 : 1) : -1;
}

/**
 * Sorts the items 0..n-1 with `cmp` and groups equal neighbours (NaN equals nothing,
 * as PyTorch keeps every NaN). Returns each item's group and each group's first item.
 */
function groupSorted(n: number, cmp: (i: number, j: number) => number, same: (i: number, j: number) => boolean) {
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => cmp(i, j) || i - j);
  const inverse = new Float64Array(n);
  const firsts: number[] = [];
  const counts: number[] = [];
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (r === 0 || !same(order[r - 1], i)) {
      firsts.push(i);
      counts.push(0);
    }
    inverse[i] = firsts.length - 1;
    counts[counts.length - 1]++;
  }
  return { inverse, firsts, counts };
}

export function unique(x: Tensor, opts?: UniqueOptions & { returnInverse?: false; returnCounts?: false }): Tensor;
export function unique(x: Tensor, opts: UniqueOptions): UniqueResult;
export function unique(x: Tensor, opts: UniqueOptions = {}): Tensor | UniqueResult {
  const r = opts.dim === undefined || x.ndim === 0 ? uniqueElements(x) : uniqueSlices(x, normDim(opts.dim, x.ndim));
  return opts.returnInverse || opts.returnCounts ? r : r.values;
}

function uniqueElements(x: Tensor): UniqueResult {
  const v = x.data;
  const { inverse, firsts, counts } = groupSorted(v.length, (i, j) => compareValues(v[i], v[j]), (i, j) => v[i] === v[j]);
  const values = empty([firsts.length], x.dtype);
  firsts.forEach((i, k) => (values.data[k] = v[i]));
  return {
    values,
    inverseIndices: new Tensor(inverse, x.shape, "int64"),
    counts: new Tensor(Float64Array.from(counts), [counts.length], "int64"),
  };
}

/** Unique slices along `d`, compared lexicographically in row-major order of the other dims. */
function uniqueSlices(x: Tensor, d: number): UniqueResult {
  const size = x.shape[d];
  const outer = numelOf(x.shape.slice(0, d));
  const inner = numelOf(x.shape.slice(d + 1));
  const v = x.data;
  // Element e of slice i, with the other dims in row-major order.
  const at = (i: number, e: number): number => {
    const p = Math.floor(e / inner), q = e % inner;
    return v[(p * size + i) * inner + q];
  };
  const len = outer * inner;
  const cmp = (i: number, j: number): number => {
    for (let e = 0; e < len; e++) {
      const c = compareValues(at(i, e), at(j, e));
      if (c !== 0) return c;
    }
    return 0;
  };
  const same = (i: number, j: number): boolean => {
    for (let e = 0; e < len; e++) if (at(i, e) !== at(j, e)) return false;
    return true;
  };
  const { inverse, firsts, counts } = groupSorted(size, cmp, same);
  const shape = [...x.shape];
  shape[d] = firsts.length;
  const values = empty(shape, x.dtype);
  for (let p = 0; p < outer; p++) {
    firsts.forEach((i, k) => {
      const src = (p * size + i) * inner;
      copyRange(v, src, values.data, (p * firsts.length + k) * inner, inner);
    });
  }
  return {
    values,
    inverseIndices: new Tensor(inverse, [size], "int64"),
    counts: new Tensor(Float64Array.from(counts), [counts.length], "int64"),
  };
}
