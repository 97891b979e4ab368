/**
 * randomSplit and RandomSampler against torch 2.13 (same seed, same indices), and
 * the datasets they work on: TensorDataset, Subset, custom Dataset subclasses.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { setDefaultGenerator } from "../../src/random/generator.js";
import { expectExact, fixture, type TensorFixture } from "../random/helpers.js";

interface SplitCase {
  seed: string;
  n: number;
  lengths: number[];
  generator: boolean;
  indices: number[][];
  randAfter?: TensorFixture;
}
interface SamplerCase {
  seed: string;
  n: number;
  numSamples: number | null;
  indices: number[];
}

const F = fixture<{ randomSplit: SplitCase[]; replacement: SamplerCase[]; withoutReplacement: SamplerCase[] }>("loader.json");

/** A dataset of 0 … n−1 as plain numbers, the way random_split(range(n)) sees it. */
class Range extends kd.data.Dataset<number> {
  constructor(private readonly n: number) {
    super();
  }
  len(): number {
    return this.n;
  }
  getItem(i: number): number {
    if (i < 0 || i >= this.n) throw new kd.IndexError("range object index out of range");
    return i;
  }
}

afterEach(() => setDefaultGenerator(new kd.Generator()));

describe("randomSplit matches torch.utils.data.random_split", () => {
  for (const c of F.randomSplit) {
    it(`n ${c.n}, lengths ${JSON.stringify(c.lengths)}, seed ${c.seed}, ${c.generator ? "own generator" : "global generator"}`, () => {
      let parts: kd.data.Subset<number>[];
      if (c.generator) {
        parts = kd.data.randomSplit(new Range(c.n), c.lengths, { generator: new kd.Generator().manualSeed(BigInt(c.seed)) });
      } else {
        kd.manualSeed(BigInt(c.seed));
        parts = kd.data.randomSplit(new Range(c.n), c.lengths);
      }
      expect(parts.map((p) => [...p.indices])).toEqual(c.indices);
      expect(parts.map((p) => Array.from({ length: p.len() }, (_, i) => p.getItem(i)))).toEqual(c.indices);
      if (c.randAfter) expectExact(kd.rand([2]), c.randAfter);
    });
  }

  it("refuses lengths that do not add up, with torch's messages", () => {
    expect(() => kd.data.randomSplit(new Range(10), [3, 8])).toThrow("Sum of input lengths does not equal the length of the input dataset!");
    expect(() => kd.data.randomSplit(new Range(10), [0.5, 0.6])).toThrow("Sum of input lengths does not equal the length of the input dataset!");
    expect(() => kd.data.randomSplit(new Range(10), [1.5, -0.5])).toThrow("Fraction at index 0 is not between 0 and 1");
  });
});

describe("RandomSampler matches torch", () => {
  for (const c of F.replacement) {
    it(`with replacement: n ${c.n}, numSamples ${c.numSamples}, seed ${c.seed}`, () => {
      const s = new kd.data.RandomSampler(new Range(c.n), {
        replacement: true, numSamples: c.numSamples ?? undefined, generator: new kd.Generator().manualSeed(BigInt(c.seed)),
      });
      expect([...s]).toEqual(c.indices);
      expect(s.len()).toBe(c.indices.length);
    });
  }
  for (const c of F.withoutReplacement) {
    it(`without replacement: n ${c.n}, numSamples ${c.numSamples}, seed ${c.seed}`, () => {
      const s = new kd.data.RandomSampler(new Range(c.n), {
        numSamples: c.numSamples ?? undefined, generator: new kd.Generator().manualSeed(BigInt(c.seed)),
      });
      expect([...s]).toEqual(c.indices);
    });
  }

  it("refuses an empty dataset as torch does", () => {
    expect(() => new kd.data.RandomSampler(new Range(0))).toThrow("num_samples should be a positive integer value, but got num_samples=0");
  });
});

describe("datasets", () => {
  it("TensorDataset gives rows, checks sizes, and gathers batches", () => {
    const X = kd.tensor([[1, 2], [3, 4], [5, 6]]);
    const y = kd.tensor([0, 1, 0], { dtype: "int64" });
    const ds = new kd.data.TensorDataset(X, y);
    expect(ds.len()).toBe(3);
    const [x1, y1] = ds.getItem(1);
    expect([Array.from(x1.data), y1.item(), y1.ndim]).toEqual([[3, 4], 1, 0]);
    expect(Array.from(ds.getItem(-1)[0].data)).toEqual([5, 6]);
    expect(() => ds.getItem(3)).toThrow(kd.IndexError);
    const [xb, yb] = ds.getBatch([2, 0]);
    expect([Array.from(xb.data), Array.from(yb.data)]).toEqual([[5, 6, 1, 2], [0, 0]]);
    expect(() => new kd.data.TensorDataset(kd.zeros([3]), kd.zeros([4]))).toThrow("Size mismatch between tensors");
    expect(() => new kd.data.TensorDataset()).toThrow(kd.ValueError);
  });

  it("Subset maps indices (negative ones from the end) and gathers through its parent", () => {
    const ds = new kd.data.TensorDataset(kd.arange(10).mul(10));
    const sub = new kd.data.Subset(ds, [7, 2, 5]);
    expect(sub.len()).toBe(3);
    expect(sub.getItem(0)[0].item()).toBe(70);
    expect(sub.getItem(-1)[0].item()).toBe(50);
    expect(() => sub.getItem(3)).toThrow("list index out of range");
    const loader = new kd.data.DataLoader(sub, { batchSize: 2 });
    expect([...loader].map(([x]) => Array.from(x.data))).toEqual([[70, 20], [50]]);
    // A subset of a dataset without getBatch has none either: the loader collates items.
    const plain = new kd.data.Subset(new Range(5), [4, 1]);
    expect((plain as unknown as { getBatch?: unknown }).getBatch).toBeUndefined();
    expect([...new kd.data.DataLoader(plain, { batchSize: 2 })].map((t) => Array.from(t.data))).toEqual([[4, 1]]);
  });

  it("custom datasets of objects collate per key", () => {
    class Points extends kd.data.Dataset<{ x: kd.Tensor; label: number }> {
      len(): number {
        return 4;
      }
      getItem(i: number): { x: kd.Tensor; label: number } {
        return { x: kd.tensor([i, -i]), label: i % 2 };
      }
    }
    const batches = [...new kd.data.DataLoader(new Points(), { batchSize: 3 })];
    expect(batches.length).toBe(2);
    expect([...batches[0].x.shape]).toEqual([3, 2]);
    expect(batches[0].label.dtype).toBe("int64");
    expect(Array.from(batches[1].label.data)).toEqual([1]);
  });

  it("SubsetRandomSampler permutes the given indices with randperm", () => {
    const s = new kd.data.SubsetRandomSampler([10, 20, 30, 40], new kd.Generator().manualSeed(0));
    const perm = kd.randperm(4, { generator: new kd.Generator().manualSeed(0) });
    expect([...s]).toEqual(Array.from(perm.data, (i) => [10, 20, 30, 40][i]));
    expect(s.len()).toBe(4);
  });

  it("BatchSampler groups and counts like torch's", () => {
    const seq = new kd.data.SequentialSampler(new Range(10));
    expect([...new kd.data.BatchSampler(seq, 3, false)]).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    expect([...new kd.data.BatchSampler(seq, 3, true)]).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
    expect(new kd.data.BatchSampler(seq, 3, true).len()).toBe(3);
    expect(new kd.data.BatchSampler(seq, 3, false).len()).toBe(4);
  });
});
