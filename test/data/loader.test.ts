/**
 * DataLoader against torch.utils.data.DataLoader (torch 2.13): the batch order of
 * three epochs with shuffle=True after manual_seed, with and without an explicit
 * generator, and what the global generator draws afterwards (the per-epoch base
 * seed and the sampler's seed); plus properties: every index once per epoch,
 * dropLast, len().
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { setDefaultGenerator } from "../../src/random/generator.js";
import { expectExact, expectState, fixture, type TensorFixture } from "../random/helpers.js";

interface ShuffleCase {
  n: number;
  batchSize: number;
  dropLast: boolean;
  seed: string;
  generator: boolean;
  globalSeed?: string;
  epochs: number[][][];
  randAfter: TensorFixture;
  generatorState?: string;
}

interface LoaderFixture {
  shuffle: ShuffleCase[];
  sequential: { seed: string; n: number; batchSize: number; epochs: number[][][]; randAfter: TensorFixture };
}

const F = fixture<LoaderFixture>("loader.json");

/** The indices of one epoch's batches, read back from a dataset of 0 … n−1. */
function epoch(loader: kd.data.DataLoader<kd.Tensor[]>): number[][] {
  const batches: number[][] = [];
  for (const [xb] of loader) batches.push(Array.from(xb.data));
  return batches;
}

afterEach(() => setDefaultGenerator(new kd.Generator()));

describe("DataLoader shuffling matches torch", () => {
  for (const c of F.shuffle) {
    const label = `n ${c.n}, batch ${c.batchSize}${c.dropLast ? ", dropLast" : ""}, seed ${c.seed}, ${c.generator ? "own generator" : "global generator"}`;
    it(label, () => {
      const ds = new kd.data.TensorDataset(kd.arange(c.n));
      let g: kd.Generator | undefined;
      if (c.generator) {
        kd.manualSeed(BigInt(c.globalSeed!));
        g = new kd.Generator().manualSeed(BigInt(c.seed));
      } else {
        kd.manualSeed(BigInt(c.seed));
      }
      const loader = new kd.data.DataLoader(ds, { batchSize: c.batchSize, shuffle: true, dropLast: c.dropLast, generator: g });
      expect(loader.len()).toBe(c.epochs[0].length);
      for (let e = 0; e < 3; e++) expect(epoch(loader), `epoch ${e}`).toEqual(c.epochs[e]);
      expectExact(kd.rand([3]), c.randAfter, "global rand after the epochs");
      if (g) expectState(g.getState(), c.generatorState!, "loader generator after the epochs");
    });
  }

  it("without shuffle, still draws a base seed per epoch from the global generator", () => {
    const s = F.sequential;
    kd.manualSeed(BigInt(s.seed));
    const loader = new kd.data.DataLoader(new kd.data.TensorDataset(kd.arange(s.n)), { batchSize: s.batchSize });
    for (const expected of s.epochs) expect(epoch(loader)).toEqual(expected);
    expectExact(kd.rand([3]), s.randAfter);
  });
});

describe("DataLoader batches", () => {
  it("yields [xb, yb] pairs gathered by index, with the dtypes and shapes of the dataset", () => {
    const X = kd.arange(20, undefined, 1, { dtype: "float32" }).reshape([10, 2]);
    const y = kd.arange(10);
    const loader = new kd.data.DataLoader(new kd.data.TensorDataset(X, y), { batchSize: 4 });
    const got: [number[], number[], number[]][] = [];
    for (const [xb, yb] of loader) got.push([[...xb.shape], Array.from(xb.data), Array.from(yb.data)]);
    expect(got.map((g) => g[0])).toEqual([[4, 2], [4, 2], [2, 2]]);
    expect(got[2][1]).toEqual([16, 17, 18, 19]);
    expect(got[2][2]).toEqual([8, 9]);
    const [xb, yb] = loader[Symbol.iterator]().next().value as kd.Tensor[];
    expect([xb.dtype, yb.dtype]).toEqual(["float32", "int64"]);
  });

  it("gives the same batches through getItem + defaultCollate as through the gathered fast path", () => {
    const X = kd.randn([23, 3], { generator: new kd.Generator().manualSeed(1) });
    const y = kd.randint(0, 3, [23], { generator: new kd.Generator().manualSeed(2) });
    const ds = new kd.data.TensorDataset(X, y);
    const fast = new kd.data.DataLoader(ds, { batchSize: 5, shuffle: true, generator: new kd.Generator().manualSeed(3) });
    const slow = new kd.data.DataLoader(ds, {
      batchSize: 5, shuffle: true, generator: new kd.Generator().manualSeed(3),
      collateFn: (samples: kd.Tensor[][]) => kd.data.defaultCollate(samples),
    });
    const a = [...fast];
    const b = [...slow];
    expect(a.length).toBe(b.length);
    a.forEach((batch, i) => batch.forEach((t, j) => {
      expect([...t.shape]).toEqual([...b[i][j].shape]);
      expect(Array.from(t.data)).toEqual(Array.from(b[i][j].data));
    }));
  });

  it("passes the samples to a custom collateFn", () => {
    const ds = new kd.data.TensorDataset(kd.arange(6));
    const loader = new kd.data.DataLoader(ds, { batchSize: 4, collateFn: (s: kd.Tensor[][]) => s.map((row) => row[0].item()) });
    expect([...loader]).toEqual([[0, 1, 2, 3], [4, 5]]);
  });

  it("gathers TensorDataset batches with one index per tensor, never row by row", () => {
    class Counting extends kd.data.TensorDataset {
      items = 0;
      batches = 0;
      override getItem(i: number): kd.Tensor[] {
        this.items++;
        return super.getItem(i);
      }
      override getBatch(indices: readonly number[]): kd.Tensor[] {
        this.batches++;
        return super.getBatch(indices);
      }
    }
    const ds = new Counting(kd.zeros([100_000, 8]), kd.zeros([100_000], { dtype: "int64" }));
    const loader = new kd.data.DataLoader(ds, { batchSize: 64, shuffle: true });
    let rows = 0;
    for (const [xb, yb] of loader) {
      rows += xb.shape[0];
      expect(yb.shape[0]).toBe(xb.shape[0]);
    }
    expect(rows).toBe(100_000);
    expect([ds.items, ds.batches]).toEqual([0, loader.len()]);
  });

  it("takes a sampler or a batchSampler, and refuses the combinations torch refuses", () => {
    const ds = new kd.data.TensorDataset(kd.arange(5));
    const sampler = { len: () => 3, *[Symbol.iterator]() { yield 4; yield 0; yield 2; } };
    expect([...new kd.data.DataLoader(ds, { sampler, batchSize: 2 })].map(([x]) => Array.from(x.data))).toEqual([[4, 0], [2]]);
    const batchSampler = { len: () => 2, *[Symbol.iterator]() { yield [1, 3]; yield [0]; } };
    expect([...new kd.data.DataLoader(ds, { batchSampler })].map(([x]) => Array.from(x.data))).toEqual([[1, 3], [0]]);
    expect(() => new kd.data.DataLoader(ds, { sampler, shuffle: true })).toThrow("sampler option is mutually exclusive with shuffle");
    expect(() => new kd.data.DataLoader(ds, { batchSampler, batchSize: 2 })).toThrow(
      "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last",
    );
    expect(() => new kd.data.DataLoader(ds, { batchSize: 0 })).toThrow("batch_size should be a positive integer value, but got batch_size=0");
  });
});

describe("DataLoader properties", () => {
  it("visits every index exactly once per epoch, in len() batches", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 10_000 }),
        (n, batchSize, shuffle, seed) => {
          const loader = new kd.data.DataLoader(new kd.data.TensorDataset(kd.arange(n)), {
            batchSize, shuffle, generator: new kd.Generator().manualSeed(seed),
          });
          for (let e = 0; e < 2; e++) {
            const batches = epoch(loader);
            expect(batches.length).toBe(loader.len());
            expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
            batches.slice(0, -1).forEach((b) => expect(b.length).toBe(batchSize));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("with dropLast, yields only full batches: floor(n / batchSize) of them, no index twice", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 10_000 }), (n, batchSize, seed) => {
        const loader = new kd.data.DataLoader(new kd.data.TensorDataset(kd.arange(n)), {
          batchSize, shuffle: true, dropLast: true, generator: new kd.Generator().manualSeed(seed),
        });
        const batches = epoch(loader);
        expect(batches.length).toBe(Math.floor(n / batchSize));
        expect(loader.len()).toBe(Math.floor(n / batchSize));
        batches.forEach((b) => expect(b.length).toBe(batchSize));
        expect(new Set(batches.flat()).size).toBe(batches.length * batchSize);
      }),
      { numRuns: 150 },
    );
  });
});
