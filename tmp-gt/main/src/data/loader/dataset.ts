/**
 * Map-style datasets (torch.utils.data.Dataset, TensorDataset, Subset): a length and
 * an item per index. `len()` and `getItem(i)` stand for Python's `len(ds)` and `ds[i]`.
 */
import { IndexError, ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { gatherRows } from "../gather.js";

/** A dataset of `len()` samples, sample i being `getItem(i)`. */
export abstract class Dataset<T> {
  abstract len(): number;
  abstract getItem(index: number): T;
}

/**
 * A stream of samples without random access (torch.utils.data.IterableDataset): each
 * `for ... of` is a new pass. A DataLoader groups consecutive samples into batches; it
 * takes no shuffle or sampler (the dataset orders its own samples, e.g. CsvDataset's
 * shuffle buffer).
 */
export abstract class IterableDataset<T> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;
}

/**
 * An iterable dataset that can also produce whole batches, already collated: what
 * `defaultCollate` of `batchSize` consecutive samples would give, without a tensor per
 * sample. The DataLoader uses it when no `collateFn` is given.
 */
export interface BatchStream<B> {
  batches(batchSize: number, dropLast: boolean): Iterator<B>;
}

export function hasBatchStream<B>(ds: object): ds is BatchStream<B> {
  return typeof (ds as Partial<BatchStream<B>>).batches === "function";
}

/**
 * A dataset that can also gather a whole batch at once, already collated: what
 * `defaultCollate(indices.map(i => getItem(i)))` would return, only faster. The
 * DataLoader uses it when no `collateFn` is given.
 */
export interface BatchGather<B> {
  getBatch(indices: readonly number[]): B;
}

export function hasBatchGather<B>(ds: object): ds is BatchGather<B> {
  return typeof (ds as Partial<BatchGather<B>>).getBatch === "function";
}

/**
 * Tensors sharing their first dimension; sample i is the list of their i-th rows
 * (torch.utils.data.TensorDataset). A batch is gathered with one contiguous copy per
 * tensor (what `index` gives; see gatherRows), not by stacking single rows.
 */
export class TensorDataset extends Dataset<Tensor[]> implements BatchGather<Tensor[]> {
  readonly tensors: readonly Tensor[];

  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) throw new ValueError("TensorDataset needs at least one tensor");
    for (const t of tensors) {
      if (t.ndim === 0) throw new ValueError("TensorDataset: every tensor needs a first dimension (got a 0-d tensor)");
    }
    if (tensors.some((t) => t.shape[0] !== tensors[0].shape[0])) throw new ValueError("Size mismatch between tensors");
    this.tensors = tensors;
  }

  len(): number {
    return this.tensors[0].shape[0];
  }

  getItem(index: number): Tensor[] {
    return this.tensors.map((t) => t.select(0, index));
  }

  getBatch(indices: readonly number[]): Tensor[] {
    return this.tensors.map((t) => gatherRows(t, indices));
  }
}

/** The samples of `dataset` at `indices`, in that order (torch.utils.data.Subset). */
export class Subset<T> extends Dataset<T> {
  readonly dataset: Dataset<T>;
  readonly indices: readonly number[];

  constructor(dataset: Dataset<T>, indices: readonly number[]) {
    super();
    this.dataset = dataset;
    this.indices = indices;
  }

  len(): number {
    return this.indices.length;
  }

  getItem(index: number): T {
    return this.dataset.getItem(this.indices[this.position(index)]);
  }

  /** Gathers through the parent's `getBatch` when it has one; absent otherwise. */
  get getBatch(): ((indices: readonly number[]) => unknown) | undefined {
    const parent = this.dataset;
    if (!hasBatchGather(parent)) return undefined;
    return (indices: readonly number[]) => parent.getBatch(indices.map((i) => this.indices[this.position(i)]));
  }

  /** A Python list index: negative counts from the end. */
  private position(index: number): number {
    const n = this.indices.length;
    if (!Number.isInteger(index) || index < -n || index >= n) throw new IndexError("list index out of range");
    return index < 0 ? index + n : index;
  }
}
