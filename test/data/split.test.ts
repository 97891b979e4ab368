import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as kd from "./kd.js";
import { RandomState } from "../../src/random/random-state.js";
import { trainTestIndices } from "../../src/data/split.js";
import { camelOptions } from "./case-helpers.js";
import { fixture } from "./fixture-helpers.js";

interface Case {
  label: string;
  n: number;
  kwargs: Record<string, unknown>;
  stratify: (number | string)[] | null;
  train: number[];
  test: number[];
}
const { cases, errors } = fixture<{ cases: Case[]; errors: Record<string, { type: string; message: string }> }>("split.json");
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe("trainTestSplit picks scikit-learn's rows", () => {
  for (const c of cases) {
    it(c.label, () => {
      const opts = { ...camelOptions(c.kwargs), stratify: c.stratify };
      const [train, test] = kd.data.trainTestSplit(range(c.n), opts);
      expect(train).toEqual(c.train);
      expect(test).toEqual(c.test);
    });
  }

  it("splits the tutorial's circles 800 / 200 with the same rows, tensors and arrays alike", () => {
    const tutorial = cases.find((c) => c.label === "tutorial")!;
    const [X, y] = kd.datasets.makeCircles(1000, { noise: 0.03, randomState: 42 });
    const [Xtrain, Xtest, ytrain, ytest] = kd.data.trainTestSplit(X.float(), y.float(), { testSize: 0.2, randomState: 42 });
    expect([Xtrain.shape[0], Xtest.shape[0], ytrain.shape[0], ytest.shape[0]]).toEqual([800, 200, 800, 200]);
    expect(Xtrain.dtype).toBe("float32");
    expect(Xtest.equal(X.float().index(tutorial.test))).toBe(true);
    expect(Array.from(ytrain.data)).toEqual(tutorial.train.map((i) => y.data[i]));
  });

  it("stratifies on a label tensor as on a label array", () => {
    const c = cases.find((k) => k.label === "stratified binary")!;
    const [train, test] = kd.data.trainTestSplit(range(c.n), { testSize: 0.2, randomState: 42, stratify: kd.tensor(c.stratify as number[], { dtype: "int64" }) });
    expect(train).toEqual(c.train);
    expect(test).toEqual(c.test);
  });

  it("draws from a RandomState it is given", () => {
    const a = trainTestIndices(50, { randomState: new RandomState(7) });
    const b = trainTestIndices(50, { randomState: 7 });
    expect(a).toEqual(b);
  });

  it("is a partition of the indices with scikit-learn's sizes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 400 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.nat(2 ** 32 - 1),
        (n, testSize, seed) => {
          const nTest = Math.ceil(testSize * n);
          fc.pre(nTest < n);
          const [train, test] = trainTestIndices(n, { testSize, randomState: seed });
          expect(test.length).toBe(nTest);
          expect(train.length).toBe(n - nTest);
          expect([...train, ...test].sort((a, b) => a - b)).toEqual(range(n));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("keeps every class in both sets when stratifying", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 40, maxLength: 120 }), fc.nat(1000), (labels, seed) => {
        const counts = [0, 1, 2, 3].map((k) => labels.filter((l) => l === k).length);
        fc.pre(counts.every((c) => c === 0 || c >= 4));
        const [train, test] = trainTestIndices(labels.length, { testSize: 0.5, randomState: seed, stratify: labels });
        expect([...train, ...test].sort((a, b) => a - b)).toEqual(range(labels.length));
        for (const k of [0, 1, 2, 3]) {
          if (counts[k] === 0) continue;
          expect(test.some((i) => labels[i] === k)).toBe(true);
          expect(train.some((i) => labels[i] === k)).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe("trainTestSplit errors use scikit-learn's messages", () => {
  const idx = range(10);
  const table: [string, () => unknown][] = [
    ["test_size_float_gt_1", () => kd.data.trainTestSplit(idx, { testSize: 1.5 })],
    ["test_size_int_ge_n", () => kd.data.trainTestSplit(idx, { testSize: 10 })],
    ["test_size_zero", () => kd.data.trainTestSplit(idx, { testSize: 0 })],
    ["train_size_negative", () => kd.data.trainTestSplit(idx, { trainSize: -0.1 })],
    ["sum_floats_gt_1", () => kd.data.trainTestSplit(idx, { testSize: 0.6, trainSize: 0.6 })],
    ["sum_ints_gt_n", () => kd.data.trainTestSplit(idx, { testSize: 6, trainSize: 5 })],
    ["empty_train", () => kd.data.trainTestSplit(range(3), { testSize: 0.9 })],
    ["no_arrays", () => kd.data.trainTestSplit({ testSize: 0.5 })],
    ["inconsistent_lengths", () => kd.data.trainTestSplit(idx, range(9))],
    ["stratify_no_shuffle", () => kd.data.trainTestSplit(idx, { shuffle: false, stratify: idx.map((i) => i % 2) })],
    ["stratify_singleton_class", () => kd.data.trainTestSplit(idx, { stratify: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1] })],
    ["stratify_test_too_small", () => kd.data.trainTestSplit(idx, { testSize: 2, stratify: [0, 1, 2, 0, 1, 2, 0, 1, 2, 0] })],
    ["stratify_train_too_small", () => kd.data.trainTestSplit(idx, { trainSize: 2, stratify: [0, 1, 2, 0, 1, 2, 0, 1, 2, 0] })],
  ];
  for (const [name, f] of table) {
    it(name, () => {
      expect(f).toThrow(kd.ValueError);
      expect(f).toThrow(errors[name].message);
    });
  }
});
