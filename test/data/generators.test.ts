import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as kd from "./kd.js";
import { RandomState } from "../../src/random/random-state.js";
import { camelOptions } from "./case-helpers.js";
import { expectClose64, expectSameFloat32, fixture, type ArrayFixture } from "./fixture-helpers.js";

interface Case {
  n_samples?: number | number[];
  kwargs: Record<string, unknown>;
  X: ArrayFixture;
  y: ArrayFixture;
  centers?: ArrayFixture;
}
const load = (name: string): Case[] => fixture<{ cases: Case[] }>(name).cases;

/** X float64 within the float64 contract and identical after a float32 cast; y int64 and exact. */
function expectSameSamples(X: kd.Tensor, y: kd.Tensor, c: Case): void {
  expect(X.dtype).toBe("float64");
  expect(y.dtype).toBe("int64");
  expect([...X.shape]).toEqual(c.X.shape);
  expect([...y.shape]).toEqual(c.y.shape);
  expect(Array.from(y.data)).toEqual(c.y.data);
  expectClose64(X.data, c.X.data, c.X.shape[1]);
  expectSameFloat32(X.float().data, c.X.data);
}

const title = (c: Case): string => `${c.n_samples === undefined ? "" : `${JSON.stringify(c.n_samples)} `}${JSON.stringify(c.kwargs)}`;

describe("makeCircles", () => {
  it("gives the tutorial's first five points and labels", () => {
    const [X, y] = kd.datasets.makeCircles(1000, { noise: 0.03, randomState: 42 });
    expect([...X.shape]).toEqual([1000, 2]);
    const first = (X.slice([0, 5]).tolist() as number[][]).map((r) => r.map((v) => Number(v.toFixed(8))));
    expect(first).toEqual([
      [0.75424625, 0.23148074],
      [-0.75615888, 0.15325888],
      [-0.81539193, 0.17328203],
      [-0.39373073, 0.69288277],
      [0.44220765, -0.89672343],
    ]);
    expect(Array.from(y.slice([0, 5]).data)).toEqual([1, 1, 1, 1, 0]);
    // The tutorial's .type(torch.float) view: tensor([[ 0.7542,  0.2315], ...
    expect((X.float().slice([0, 1]).tolist() as number[][])[0].map((v) => v.toFixed(4))).toEqual(["0.7542", "0.2315"]);
  });

  for (const c of load("make_circles.json")) {
    it(`matches scikit-learn for ${title(c)}`, () => {
      const [X, y] = kd.datasets.makeCircles(c.n_samples as number | [number, number], camelOptions(c.kwargs));
      expectSameSamples(X, y, c);
    });
  }

  it("takes its options as one object too", () => {
    const [a] = kd.datasets.makeCircles({ nSamples: 50, noise: 0.1, randomState: 3 });
    const [b] = kd.datasets.makeCircles(50, { noise: 0.1, randomState: 3 });
    expect(a.equal(b)).toBe(true);
  });

  it("puts noiseless points exactly on the two circles", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.double({ min: 0, max: 0.99, noNaN: true }), fc.nat(2 ** 31), (n, factor, seed) => {
        const [X, y] = kd.datasets.makeCircles(n, { factor, randomState: seed });
        const rows = X.tolist() as number[][];
        const labels = Array.from(y.data);
        rows.forEach(([a, b], i) => {
          expect(Math.hypot(a, b)).toBeCloseTo(labels[i] === 0 ? 1 : factor, 12);
        });
        expect(labels.filter((l) => l === 0).length).toBe(Math.floor(n / 2));
      }),
      { numRuns: 40 },
    );
  });
});

describe("makeMoons", () => {
  for (const c of load("make_moons.json")) {
    it(`matches scikit-learn for ${title(c)}`, () => {
      const [X, y] = kd.datasets.makeMoons(c.n_samples as number | [number, number], camelOptions(c.kwargs));
      expectSameSamples(X, y, c);
    });
  }
});

describe("makeBlobs", () => {
  it("gives the tutorial's blobs (1000 points, 4 centres, std 1.5, seed 42)", () => {
    const c = load("make_blobs.json")[0];
    expect(c.kwargs).toEqual({ n_samples: 1000, n_features: 2, centers: 4, cluster_std: 1.5, random_state: 42 });
    const [X, y] = kd.datasets.makeBlobs({ nSamples: 1000, nFeatures: 2, centers: 4, clusterStd: 1.5, randomState: 42 });
    expectSameSamples(X, y, c);
    expect(Array.from(y.long().data).slice(0, 5)).toEqual(c.y.data.slice(0, 5));
  });

  for (const c of load("make_blobs.json")) {
    it(`matches scikit-learn for ${JSON.stringify(c.kwargs)}`, () => {
      const out = kd.datasets.makeBlobs(camelOptions(c.kwargs) as kd.datasets.MakeBlobsOptions & { returnCenters?: false });
      expectSameSamples(out[0], out[1], c);
      if (c.centers) {
        const centers = (out as unknown as kd.Tensor[])[2];
        expect(Array.from(centers.data)).toEqual(c.centers.data);
      }
    });
  }

  it("accepts centres as a tensor", () => {
    const centers = kd.tensor([[1, 1], [-1, -1]], { dtype: "float64" });
    const [a] = kd.datasets.makeBlobs({ nSamples: 20, centers, randomState: 1 });
    const [b] = kd.datasets.makeBlobs({ nSamples: 20, centers: [[1, 1], [-1, -1]], randomState: 1 });
    expect(a.equal(b)).toBe(true);
  });
});

describe("makeClassification", () => {
  for (const c of load("make_classification.json")) {
    // Informative and redundant features come out of OpenBLAS matrix products; general
    // products are reproduced to the bit (FMA chains), the matrix-vector special cases
    // (one-sample clusters, a single redundant feature) only within the tolerance.
    it(`matches scikit-learn for ${JSON.stringify(c.kwargs)}`, () => {
      const [X, y] = kd.datasets.makeClassification(camelOptions(c.kwargs));
      expectSameSamples(X, y, c);
    });
  }

  it("honours the class weights, with scikit-learn's rounding", () => {
    // int(1000 · 0.0999…98 / 2) = 49 per minority cluster; the two left over go round-robin:
    // make_classification(n_samples=1000, weights=[0.9], flip_y=0) gives bincount [901, 99].
    const [, y] = kd.datasets.makeClassification({ nSamples: 1000, weights: [0.9], flipY: 0, randomState: 0 });
    expect(Array.from(y.data).filter((v) => v === 0).length).toBe(901);
  });
});

describe("makeMultilabelClassification", () => {
  interface MlCase { kwargs: Record<string, unknown>; X: ArrayFixture; Y?: ArrayFixture; Y_lists?: number[][]; p_c?: number[]; p_w_c?: ArrayFixture }
  for (const c of fixture<{ cases: MlCase[] }>("make_multilabel_classification.json").cases) {
    it(`matches scikit-learn for ${JSON.stringify(c.kwargs)}`, () => {
      const out = kd.datasets.makeMultilabelClassification(camelOptions(c.kwargs) as kd.datasets.MakeMultilabelClassificationOptions & { returnDistributions?: false });
      const [X, Y] = out;
      expect(X.dtype).toBe("float64");
      expect([...X.shape]).toEqual(c.X.shape);
      expect(Array.from(X.data)).toEqual(c.X.data);
      if (c.Y_lists) {
        expect(Y).toEqual(c.Y_lists);
      } else {
        const t = Y as kd.Tensor;
        expect(t.dtype).toBe("int64");
        expect([...t.shape]).toEqual(c.Y!.shape);
        expect(Array.from(t.data)).toEqual(c.Y!.data);
      }
      if (c.p_c) {
        const [, , pc, pwc] = out as unknown as kd.Tensor[];
        expectClose64(pc.data, c.p_c);
        expectClose64(pwc.data, c.p_w_c!.data);
      }
    });
  }
});

describe("makeGaussianQuantiles", () => {
  for (const c of load("make_gaussian_quantiles.json")) {
    it(`matches scikit-learn for ${JSON.stringify(c.kwargs)}`, () => {
      const [X, y] = kd.datasets.makeGaussianQuantiles(camelOptions(c.kwargs));
      expectSameSamples(X, y, c);
    });
  }
});

describe("randomState", () => {
  it("accepts a RandomState, draws from it and leaves it advanced", () => {
    const rs = new RandomState(42);
    const [a] = kd.datasets.makeCircles(100, { noise: 0.1, randomState: rs });
    const [b] = kd.datasets.makeCircles(100, { noise: 0.1, randomState: 42 });
    expect(a.equal(b)).toBe(true);
    const [again] = kd.datasets.makeCircles(100, { noise: 0.1, randomState: rs });
    expect(again.equal(a)).toBe(false);
    // The second call continues the stream: the same as drawing both from one fresh generator.
    const shared = new RandomState(42);
    kd.datasets.makeCircles(100, { noise: 0.1, randomState: shared });
    expect(kd.datasets.makeCircles(100, { noise: 0.1, randomState: shared })[0].equal(again)).toBe(true);
  });

  it("rejects a non-integer seed with scikit-learn's message", () => {
    expect(() => kd.datasets.makeMoons(10, { randomState: 0.5 })).toThrow("0.5 cannot be used to seed a numpy.random.RandomState instance");
  });
});

describe("generator errors use scikit-learn's messages", () => {
  const { errors } = fixture<{ errors: Record<string, { type: string; message: string }> }>("generator_errors.json");
  const cases: [string, () => unknown, boolean?][] = [
    ["circles_bad_tuple", () => kd.datasets.makeCircles([1, 2, 3] as unknown as [number, number])],
    ["circles_bad_factor", () => kd.datasets.makeCircles(10, { factor: 1.0 })],
    ["circles_bad_noise", () => kd.datasets.makeCircles(10, { noise: -1.0 })],
    ["moons_bad_tuple", () => kd.datasets.makeMoons([1, 2, 3] as unknown as [number, number])],
    ["blobs_bad_n_samples", () => kd.datasets.makeBlobs({ nSamples: 0 })],
    ["classification_too_many_features", () => kd.datasets.makeClassification({ nFeatures: 4, nInformative: 2, nRedundant: 2, nRepeated: 1 })],
    ["classification_too_many_clusters", () => kd.datasets.makeClassification({ nFeatures: 4, nInformative: 2, nRedundant: 0, nClasses: 3 })],
    ["classification_bad_weights", () => kd.datasets.makeClassification({ weights: [0.1, 0.2, 0.7] })],
    ["classification_bad_informative", () => kd.datasets.makeClassification({ nInformative: 0 })],
    ["classification_bad_flip", () => kd.datasets.makeClassification({ flipY: 1.5 })],
    ["quantiles_too_few", () => kd.datasets.makeGaussianQuantiles({ nSamples: 2, nClasses: 3 })],
  ];
  for (const [name, f] of cases) {
    it(name, () => {
      expect(f).toThrow(kd.ValueError);
      expect(f).toThrow(errors[name].message);
    });
  }
  // These quote numpy's printing of the centre matrix; we check the text around it.
  it("blobs_bad_std_len", () => {
    const msg = errors.blobs_bad_std_len.message;
    const f = (): unknown => kd.datasets.makeBlobs({ nSamples: 10, centers: 2, clusterStd: [1, 2, 3] });
    expect(f).toThrow(msg.slice(0, msg.indexOf("[[")));
    expect(f).toThrow("and cluster_std = [1.0, 2.0, 3.0]");
  });
  it("blobs_bad_centers_len", () => {
    const f = (): unknown => kd.datasets.makeBlobs({ nSamples: [5, 5], centers: [[0, 0]] });
    expect(f).toThrow(errors.blobs_bad_centers_len.message);
  });
});
