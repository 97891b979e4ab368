/**
 * DataLoader (torch.utils.data.DataLoader, single process): batches of a dataset,
 * in order or shuffled, collated into tensors.
 *
 *   const loader = new kd.data.DataLoader(new kd.data.TensorDataset(X, y), { batchSize: 32, shuffle: true });
 *   for (const [xb, yb] of loader) { ... }
 *
 * Shuffling draws what torch draws: every pass (every `for ... of`) first takes a
 * 64-bit base seed from `generator` (the global generator by default) — even with
 * shuffle off — and then the RandomSampler takes its own seed and a randperm when
 * the first batch is requested. After `manualSeed(s)` the batches come in the order
 * torch's DataLoader(shuffle=True) gives after torch.manual_seed(s), epoch after epoch.
 */
import { checkKeys, keysOf } from "../../util/options.js";
import { ValueError } from "../../errors.js";
import type { Generator } from "../../random/generator.js";
import { defaultCollate, type Collated } from "./collate.js";
import { hasBatchGather, hasBatchStream, IterableDataset, type Dataset } from "./dataset.js";
import { BatchSampler, RandomSampler, randomSeed63, SequentialSampler, type Sampler } from "./sampler.js";

export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Visit the samples in a new random order each pass (default false). */
  shuffle?: boolean;
  /** A custom order of indices; exclusive with `shuffle`. */
  sampler?: Sampler;
  /** Custom batches of indices; exclusive with batchSize, shuffle, sampler and dropLast. */
  batchSampler?: Sampler<number[]>;
  /** Leave out a last batch smaller than batchSize (default false). */
  dropLast?: boolean;
  /** The generator for the base seed and the shuffling (the global generator by default). */
  generator?: Generator;
  /** Builds a batch from a list of samples (default: defaultCollate). */
  collateFn?: (samples: T[]) => B;
}
const DATALOADER_KEYS = keysOf<DataLoaderOptions<unknown, unknown>>({ batchSize: true, shuffle: true, sampler: true, batchSampler: true, dropLast: true, generator: true, collateFn: true });

/** An iterable dataset has no indices: its loader's sampler only says so when asked for a length. */
class IterableSampler implements Sampler<number[]> {
  len(): number {
    throw new TypeError("this DataLoader's dataset is an IterableDataset, which has no len()");
  }
  *[Symbol.iterator](): Iterator<number[]> {}
}

/** Consecutive samples of an iterable dataset, batchSize at a time, collated. */
function* iterableBatches<T, B>(ds: IterableDataset<T>, batchSize: number | null, dropLast: boolean, collate: (s: T[]) => B, direct: boolean): IterableIterator<B> {
  if (batchSize === null) {
    for (const x of ds) yield x as unknown as B;
    return;
  }
  if (direct && hasBatchStream<B>(ds)) {
    const it = ds.batches(batchSize, dropLast);
    for (let r = it.next(); !r.done; r = it.next()) yield r.value;
    return;
  }
  let batch: T[] = [];
  for (const x of ds) {
    batch.push(x);
    if (batch.length === batchSize) {
      yield collate(batch);
      batch = [];
    }
  }
  if (batch.length > 0 && !dropLast) yield collate(batch);
}

export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  readonly dataset: Dataset<T> | IterableDataset<T>;
  readonly batchSize: number | null;
  readonly dropLast: boolean;
  readonly sampler: Sampler;
  readonly batchSampler: Sampler<number[]>;
  readonly generator: Generator | undefined;
  readonly collateFn: (samples: T[]) => B;
  /** True when batches go through defaultCollate (so a dataset's getBatch may stand in for it). */
  private readonly defaultCollation: boolean;

  get usesDefaultCollation(): boolean {
    return this.defaultCollation;
  }

  constructor(dataset: Dataset<T> | IterableDataset<T>, opts: DataLoaderOptions<T, B> = {}) {
    checkKeys("DataLoader", opts, DATALOADER_KEYS);
    this.dataset = dataset;
    this.generator = opts.generator;
    const shuffle = opts.shuffle ?? false;
    const dropLast = opts.dropLast ?? false;
    this.defaultCollation = opts.collateFn === undefined;
    this.collateFn = opts.collateFn ?? ((samples: T[]) => defaultCollate(samples) as B);
    if (dataset instanceof IterableDataset) {
      // torch's checks for an IterableDataset, in its words.
      if (opts.shuffle !== undefined && opts.shuffle !== false) throw new ValueError(`DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=${String(shuffle)}`);
      if (opts.sampler !== undefined) throw new ValueError("DataLoader with IterableDataset: expected unspecified sampler option");
      if (opts.batchSampler !== undefined) throw new ValueError("DataLoader with IterableDataset: expected unspecified batch_sampler option");
      this.batchSize = opts.batchSize ?? 1;
      this.dropLast = dropLast;
      this.sampler = new SequentialSampler({ len: () => new IterableSampler().len() });
      this.batchSampler = new IterableSampler();
      return;
    }
    if (typeof shuffle !== "boolean") throw new ValueError(`shuffle should be a boolean value, but got shuffle=${String(shuffle)}`);
    if (opts.sampler !== undefined && shuffle) throw new ValueError("sampler option is mutually exclusive with shuffle");
    if (opts.batchSampler !== undefined) {
      if ((opts.batchSize ?? 1) !== 1 || shuffle || opts.sampler !== undefined || dropLast) {
        throw new ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last");
      }
    }
    this.sampler = opts.sampler ?? (shuffle ? new RandomSampler(dataset, { generator: opts.generator }) : new SequentialSampler(dataset));
    if (opts.batchSampler !== undefined) {
      this.batchSize = null;
      this.dropLast = false;
      this.batchSampler = opts.batchSampler;
    } else {
      this.batchSize = opts.batchSize ?? 1;
      this.dropLast = dropLast;
      this.batchSampler = new BatchSampler(this.sampler, this.batchSize, dropLast);
    }
  }

  /** The number of batches per pass (`len(loader)`). */
  len(): number {
    return this.batchSampler.len();
  }

  /** A new pass over the data; it draws its base seed now, as torch's iter(loader) does. */
  [Symbol.iterator](): DataLoaderIterator<T, B> {
    return new DataLoaderIterator(this);
  }

  /** Builds the batch for `indices`: one gather when the dataset can, else getItem + collate. */
  fetch(indices: readonly number[]): B {
    const ds = this.dataset;
    if (ds instanceof IterableDataset) throw new TypeError("an IterableDataset has no indices to fetch");
    if (this.defaultCollation && hasBatchGather<B>(ds)) return ds.getBatch(indices);
    return this.collateFn(indices.map((i) => ds.getItem(i)));
  }
}

/** One pass over a DataLoader (torch's _SingleProcessDataLoaderIter). */
export class DataLoaderIterator<T, B> implements IterableIterator<B> {
  /** The pass's base seed (torch hands it to worker processes; drawn here for the same stream). */
  readonly baseSeed: bigint;
  private readonly batches: Iterator<number[]>;
  /** The batches of an iterable dataset (null for a map-style one). */
  private readonly stream: Iterator<B> | null = null;

  constructor(private readonly loader: DataLoader<T, B>) {
    this.batches = loader.batchSampler[Symbol.iterator]();
    this.baseSeed = randomSeed63(loader.generator);
    const ds = loader.dataset;
    if (ds instanceof IterableDataset) {
      this.stream = iterableBatches(ds, loader.batchSize, loader.dropLast, loader.collateFn, loader.usesDefaultCollation);
    }
  }

  next(): IteratorResult<B> {
    if (this.stream) return this.stream.next();
    const step = this.batches.next();
    if (step.done) return { done: true, value: undefined };
    return { done: false, value: this.loader.fetch(step.value) };
  }

  [Symbol.iterator](): this {
    return this;
  }

  /** The number of batches in a pass (`len(iterator)`, as the loader's). */
  len(): number {
    return this.loader.len();
  }
}
