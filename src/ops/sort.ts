/**
 * torch.sort, torch.argsort and torch.topk along one dim. The order comes from the CPU's
 * host reads (`HostReads.sortOrder`: stable, NaN as the largest value, as PyTorch's CPU
 * kernels order it); the values are gathered in that order, and their gradient puts each
 * upstream value back where its element came from.
 */
import { noGrad } from "../autograd/grad-mode.js";
import { record } from "../autograd/node.js";
import { IndexError } from "../errors.js";
import { normDim, numelOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { parseArgs } from "./args.js";
import { gather, indexSelect, scatter } from "./indexing.js";
import { hostReads } from "./kernels.js";
import type { ValuesIndices } from "./reduce.js";
import { OPS } from "./table.js";
import { empty, requireHost } from "./util.js";

export interface SortOptions {
  /** The dim to sort along (the last by default). */
  dim?: number;
  /** Largest first. */
  descending?: boolean;
  /** Equal values keep their order. Kindling's sort is always stable; accepted for PyTorch-style code. */
  stable?: boolean;
}

/** `x.sort()`, `x.sort(0)`, `x.sort(0, true)`, `x.sort({ dim: 0, descending: true, stable: true })`. */
export type SortArgs =
  | [options?: SortOptions]
  | [dim: number | undefined, options?: Omit<SortOptions, "dim">]
  | [dim: number | undefined, descending: boolean | undefined, options?: Pick<SortOptions, "stable">];

export interface TopkOptions {
  dim?: number;
  /** The k largest (default) or the k smallest. */
  largest?: boolean;
  /** Accepted for PyTorch-style code: the k values always come in order. */
  sorted?: boolean;
}

/** `x.topk(3)`, `x.topk(3, 0)`, `x.topk(3, 0, false)`, `x.topk(3, { dim: 0, largest: false })`. */
export type TopkArgs =
  | [k: number, options?: TopkOptions]
  | [k: number, dim: number | undefined, options?: Omit<TopkOptions, "dim">]
  | [k: number, dim: number | undefined, largest: boolean | undefined, options?: Pick<TopkOptions, "sorted">]
  | [k: number, dim: number | undefined, largest: boolean | undefined, sorted: boolean | undefined];

/** The positions that sort x along d, as an int64 tensor of x's shape. */
function orderAlong(x: Tensor, d: number, descending: boolean): Tensor {
  requireHost(x);
  const size = x.ndim === 0 ? 1 : x.shape[d];
  const outer = numelOf(x.shape.slice(0, d)), inner = numelOf(x.shape.slice(d + 1));
  const order = hostReads().sortOrder(x.store, outer, size, inner, descending);
  return new Tensor(Float64Array.from(order), x.shape, "int64");
}

/** The values of x at `indices` along d, whose gradient goes back to those positions. */
function pick(x: Tensor, d: number, indices: Tensor, op: typeof OPS.sort | typeof OPS.topk): Tensor {
  const values = noGrad(() => gather(x.detach(), d, indices));
  return record(values, op, [x], (g) => [scatter(empty(x.shape, g.dtype, g.device).mul(0), d, indices, g)]);
}

export function sort(x: Tensor, ...args: SortArgs): ValuesIndices {
  const { dim = -1, descending = false } = parseArgs("sort", OPS.sort.args, args);
  const d = normDim(dim, x.ndim);
  const indices = orderAlong(x, d, descending);
  return { values: pick(x, d, indices, OPS.sort), indices };
}

/** The positions that sort x along `dim` (torch.argsort; no gradient). */
export function argsort(x: Tensor, ...args: SortArgs): Tensor {
  const { dim = -1, descending = false } = parseArgs("argsort", OPS.sort.args, args);
  return orderAlong(x, normDim(dim, x.ndim), descending);
}

/** The k largest (or smallest) entries along `dim` and their positions, in order. */
export function topk(x: Tensor, ...args: TopkArgs): ValuesIndices {
  const { k, dim = -1, largest = true } = parseArgs("topk", OPS.topk.args, args) as { k: number; dim?: number; largest?: boolean };
  const d = normDim(dim, x.ndim);
  const size = x.ndim === 0 ? 1 : x.shape[d];
  if (!Number.isInteger(k) || k < 0 || k > size) throw new IndexError("selected index k out of range");
  const order = orderAlong(x, d, largest);
  const indices = x.ndim === 0 ? order : indexSelect(order, d, new Tensor(Float64Array.from({ length: k }, (_, i) => i), [k], "int64"));
  return { values: pick(x, d, indices, OPS.topk), indices };
}
