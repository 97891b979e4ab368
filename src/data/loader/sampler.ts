/**
 * Samplers (torch.utils.data.sampler): the order in which a DataLoader visits a
 * dataset's indices. Each is iterable; iteration is lazy, as Python's generators
 * are, so random draws happen exactly when torch makes them: the first index
 * requested triggers the sampler's seed and permutation.
 */
import { checkKeys, keysOf } from "../../util/options.js";
import { ValueError } from "../../errors.js";
import { Generator, getDefaultGenerator } from "../../random/generator.js";
import { randint, randperm } from "../../random/integers.js";

/** Anything with a length, as Python's `Sized`. */
export interface Sized {
  len(): number;
}

/** An iterable of indices with a length (torch.utils.data.Sampler). */
export interface Sampler<I = number> extends Iterable<I> {
  len(): number;
}

/**
 * `torch.empty((), dtype=torch.int64).random_(generator=g).item()`: a 64-bit draw
 * reduced to [0, 2^63). torch seeds a sampler's private generator with it, and the
 * DataLoader draws one per epoch as its base seed.
 */
export function randomSeed63(g: Generator = getDefaultGenerator()): bigint {
  return g.random64() & ((1n << 63n) - 1n);
}

/** 0, 1, …, len − 1 in order. */
export class SequentialSampler implements Sampler {
  constructor(readonly dataSource: Sized) {}

  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.len();
    for (let i = 0; i < n; i++) yield i;
  }

  len(): number {
    return this.dataSource.len();
  }
}

export interface RandomSamplerOptions {
  /** Draw with replacement (default false). */
  replacement?: boolean;
  /** How many indices to draw (default: the dataset's length). */
  numSamples?: number;
  /** Draw from this generator; without one, each pass seeds a fresh generator from the global one. */
  generator?: Generator;
}

/**
 * A random order of the indices (torch.utils.data.RandomSampler). Without a
 * generator, each pass draws a seed from the global generator and permutes with a
 * fresh generator seeded with it; with one, it permutes with that generator.
 * Without replacement: whole permutations of n, then the first numSamples % n of
 * one more (drawn even when that part is empty, as torch does). With replacement:
 * randint(0, n) in chunks of 32.
 */
export class RandomSampler implements Sampler {
  readonly dataSource: Sized;
  readonly replacement: boolean;
  readonly generator: Generator | undefined;
  private readonly requested: number | undefined;

  constructor(dataSource: Sized, opts: RandomSamplerOptions = {}) {
    checkKeys("RandomSampler", opts, keysOf<RandomSamplerOptions>({ replacement: true, numSamples: true, generator: true }));
    this.dataSource = dataSource;
    this.replacement = opts.replacement ?? false;
    this.requested = opts.numSamples;
    this.generator = opts.generator;
    if (typeof this.replacement !== "boolean") {
      throw new ValueError(`replacement should be a boolean value, but got replacement=${String(this.replacement)}`);
    }
    const n = this.numSamples;
    if (!Number.isInteger(n) || n <= 0) {
      throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${n}`);
    }
  }

  /** The number of indices one pass yields (the dataset's current length unless set). */
  get numSamples(): number {
    return this.requested ?? this.dataSource.len();
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.len();
    let g = this.generator;
    if (g === undefined) {
      const seed = randomSeed63();
      g = new Generator().manualSeed(seed);
    }
    const total = this.numSamples;
    if (this.replacement) {
      for (let k = 0; k < Math.floor(total / 32); k++) yield* randint(n, [32], { generator: g }).data;
      yield* randint(n, [total % 32], { generator: g }).data;
    } else {
      for (let k = 0; k < Math.floor(total / n); k++) yield* randperm(n, { generator: g }).data;
      yield* randperm(n, { generator: g }).data.subarray(0, total % n);
    }
  }

  len(): number {
    return this.numSamples;
  }
}

/** The given indices in a random order (torch.utils.data.SubsetRandomSampler). */
export class SubsetRandomSampler implements Sampler {
  constructor(readonly indices: readonly number[], readonly generator?: Generator) {}

  *[Symbol.iterator](): Iterator<number> {
    for (const i of randperm(this.indices.length, { generator: this.generator }).data) yield this.indices[i];
  }

  len(): number {
    return this.indices.length;
  }
}

/**
 * Groups a sampler's indices into lists of `batchSize` (torch.utils.data.BatchSampler);
 * with `dropLast`, a short final batch is left out.
 */
export class BatchSampler implements Sampler<number[]> {
  constructor(
    readonly sampler: Sampler,
    readonly batchSize: number,
    readonly dropLast: boolean,
  ) {
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new ValueError(`batch_size should be a positive integer value, but got batch_size=${batchSize}`);
    }
    if (typeof dropLast !== "boolean") {
      throw new ValueError(`drop_last should be a boolean value, but got drop_last=${String(dropLast)}`);
    }
  }

  *[Symbol.iterator](): Iterator<number[]> {
    // Pull the sampler to its end, as torch's islice / zip do: a sampler's trailing
    // draws (RandomSampler's last, possibly empty, permutation) happen at the same point.
    let batch: number[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }

  len(): number {
    const n = this.sampler.len();
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }
}
