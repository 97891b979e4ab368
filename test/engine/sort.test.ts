/**
 * torch.sort / argsort / topk against PyTorch 2.13 (test/fixtures/engine/sort.json, from
 * scripts/fixtures/sort.py): values, positions (stable: ties in input order, NaN largest)
 * and the gradient of the values.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { decode, expectTensor, loadFixture, type Encoded } from "./fixtures.js";

interface Case { x: Encoded; values?: Encoded; indices: Encoded; upstream?: Encoded; grad?: Encoded }
type Entry = ["sort" | "argsort" | "topk", { dim: number; descending?: boolean; k?: number; largest?: boolean }, Case];
const fx = loadFixture<Record<string, Entry>>("sort");

describe("sort, argsort and topk give PyTorch's values, positions and gradients", () => {
  for (const [name, [op, o, c]] of Object.entries(fx)) {
    it(name, () => {
      const x = decode(c.x);
      if (x.isFloatingPoint()) x.requiresGrad_();
      if (op === "argsort") {
        expectTensor(x.argsort(o.dim, o.descending), c.indices, "indices");
        expectTensor(kd.argsort(x, { dim: o.dim, descending: o.descending, stable: true }), c.indices, "indices (options)");
        return;
      }
      const r = op === "sort" ? x.sort(o.dim, o.descending, { stable: true }) : x.topk(o.k ?? 1, o.dim, o.largest);
      expectTensor(r.values, c.values as Encoded, "values");
      expectTensor(r.indices, c.indices, "indices");
      if (c.grad && c.upstream) {
        r.values.mul(decode(c.upstream)).sum().backward();
        expectTensor(x.grad, c.grad, "gradient");
        expect(r.values.gradFn?.name).toBe(op === "sort" ? "SortBackward0" : "TopkBackward0");
      }
    });
  }

  it("gradients of gradients (createGraph) through the values", () => {
    const x = kd.tensor([3, 1, 2]).requiresGrad_();
    const [g] = kd.autograd.grad(x.sort().values.pow(2).sum(), [x], { createGraph: true });
    expect(g?.tolist()).toEqual([6, 2, 4]);
    const [h] = kd.autograd.grad((g as kd.Tensor).sum(), [x]);
    expect(h?.tolist()).toEqual([2, 2, 2]);
  });

  it("refuses a k out of range and a device tensor's synchronous read, as PyTorch's messages say", () => {
    expect(() => kd.tensor([1, 2]).topk(3)).toThrow("selected index k out of range");
    expect(() => kd.tensor([1, 2]).topk(-1)).toThrow("selected index k out of range");
    expect(() => kd.tensor([1, 2]).sort(2)).toThrow(/Dimension out of range/);
  });

  it("sorts a million values along a dim in one pass (no spread of data-sized arrays)", () => {
    const n = 1_000_000;
    const x = kd.arange(n).remainder(1000).float();
    const { values, indices } = x.sort({ descending: true });
    expect([values.data[0], values.data[n - 1], indices.data[0], indices.data[1]]).toEqual([999, 0, 999, 1999]);
  });
});
