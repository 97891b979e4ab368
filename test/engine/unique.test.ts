/** torch.unique: sorted values, inverse indices and counts, by element or by slice along a dim. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { unique } from "../../src/ops/unique.js";
import { decode, expectTensor, loadFixture, type Encoded } from "./fixtures.js";

interface UniqueCase {
  input: Encoded;
  dim: number | null;
  values: Encoded;
  inverse: Encoded;
  counts: Encoded;
}

const fixture = loadFixture<Record<string, UniqueCase>>("unique");

describe("unique against PyTorch", () => {
  for (const [name, c] of Object.entries(fixture)) {
    it(name, () => {
      const x = decode(c.input);
      const r = unique(x, { returnInverse: true, returnCounts: true, ...(c.dim === null ? {} : { dim: c.dim }) });
      expectTensor(r.values, c.values, "values", { atol: 0, rtol: 0 });
      expectTensor(r.inverseIndices, c.inverse, "inverse");
      expectTensor(r.counts, c.counts, "counts");
      if (c.dim === null) expectTensor(x.unique(), c.values, "values (method)", { atol: 0, rtol: 0 });
    });
  }
});

describe("unique", () => {
  it("returns the values alone without returnInverse or returnCounts", () => {
    const u = kd.tensor([2, 1, 2]).unique();
    expect(u).toBeInstanceOf(kd.Tensor);
    expect(u.tolist()).toEqual([1, 2]);
    expect(unique(kd.tensor([3, 1, 3]), { sorted: false }).tolist()).toEqual([1, 3]);
  });

  it("rebuilds the input from values and inverse indices", () => {
    const x = kd.tensor([[5, 1, 5], [2, 1, 9]], { dtype: "int64" });
    const r = x.unique({ returnInverse: true });
    expect(r.values.index(r.inverseIndices).tolist()).toEqual(x.tolist());
  });

  it("records no gradient", () => {
    const x = kd.tensor([1, 2, 1], { requiresGrad: true });
    expect(x.unique().requiresGrad).toBe(false);
  });
});
