/**
 * The Tensor's surface beyond values: which ops share storage, argument forms
 * (shapes as arrays or numbers, options objects), grad_fn names of views, and kd.* functions.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";

describe("views and copies", () => {
  it("reshape, view, squeeze, unsqueeze, flatten and detach share storage", () => {
    const x = kd.arange(6, { dtype: "float32" });
    for (const v of [x.reshape(2, 3), x.view([3, 2]), x.unsqueeze(0), x.unsqueeze(0).squeeze(), x.reshape(2, 3).flatten(), x.detach()]) {
      expect(v.data).toBe(x.data);
    }
  });

  it("transpose, permute and expand return copies (documented: no strided views)", () => {
    const x = kd.zeros([2, 3]);
    for (const c of [x.transpose(0, 1), x.permute(1, 0), x.T, x.reshape(2, 1, 3).expand(2, 4, 3)]) {
      expect(c.data).not.toBe(x.data);
    }
  });

  it("accepts shapes as numbers or one array", () => {
    const x = kd.zeros([2, 3, 4]);
    expect(x.reshape(4, -1).shape).toEqual([4, 6]);
    expect(x.reshape([4, -1]).shape).toEqual([4, 6]);
    expect(x.permute([2, 0, 1]).shape).toEqual([4, 2, 3]);
    expect(x.permute(2, 0, 1).shape).toEqual([4, 2, 3]);
    expect(kd.ones([1, 3]).expand(2, -1).shape).toEqual([2, 3]);
  });
});

describe("indexing", () => {
  const x = kd.arange(12, { dtype: "float32" }).reshape(3, 4);

  it("picks rows by an integer tensor or array, and by a boolean mask", () => {
    expect(x.index(kd.tensor([2, 0], { dtype: "int64" })).tolist()).toEqual([[8, 9, 10, 11], [0, 1, 2, 3]]);
    expect(x.index([1]).tolist()).toEqual([[4, 5, 6, 7]]);
    expect(x.index(x.select(1, 0).gt(3)).tolist()).toEqual([[4, 5, 6, 7], [8, 9, 10, 11]]);
    expect(x.index(x.gt(9)).tolist()).toEqual([10, 11]);
    expect(x.index(kd.tensor([-1], { dtype: "int64" }), 1).tolist()).toEqual([[3], [7], [11]]);
  });

  it("slices as Python does", () => {
    expect(x.slice([1, null]).shape).toEqual([2, 4]);
    expect(x.slice(null, [null, null, 3]).tolist()).toEqual([[0, 3], [4, 7], [8, 11]]);
    expect(x.slice(-1).tolist()).toEqual([8, 9, 10, 11]);
    expect(x.slice([5, 10]).shape).toEqual([0, 4]);
  });

  it("splits and chunks as PyTorch does", () => {
    expect(x.split(2, 1).map((t) => t.shape)).toEqual([[3, 2], [3, 2]]);
    expect(x.chunk(2).map((t) => t.shape)).toEqual([[2, 4], [1, 4]]);
    expect(kd.arange(5).chunk(3).map((t) => t.tolist())).toEqual([[0, 1], [2, 3], [4]]);
  });

  it("where picks with broadcasting and scalars", () => {
    const c = kd.tensor([true, false, true]);
    expect(kd.where(c, kd.tensor([1, 2, 3]), 0).tolist()).toEqual([1, 0, 3]);
    expect(kd.where(c, 1, kd.tensor([[5], [6]])).tolist()).toEqual([[1, 5, 1], [1, 6, 1]]);
  });
});

describe("functions as well as methods", () => {
  it("exposes element-wise ops, comparisons and softmax on kd", () => {
    const x = kd.tensor([-1, 0, 2]);
    expect(kd.sigmoid(x).allclose(x.sigmoid())).toBe(true);
    expect(kd.eq(x, 0).tolist()).toEqual([false, true, false]);
    expect(kd.softmax(x, 0).sum().item()).toBeCloseTo(1, 6);
    expect(kd.logSoftmax(x, -1).exp().sum().item()).toBeCloseTo(1, 6);
    expect(kd.maximum(x, kd.zeros([3])).tolist()).toEqual([0, 0, 2]);
    expect(kd.clip(x, 0, 1).tolist()).toEqual([0, 0, 1]);
  });

  it("max and min: everything, over a dim ({values, indices}), or element-wise", () => {
    const x = kd.tensor([[1, 5], [7, 2]]);
    expect(kd.max(x).item()).toBe(7);
    const { values, indices } = kd.max(x, { dim: 1 });
    expect(values.tolist()).toEqual([5, 7]);
    expect(indices.tolist()).toEqual([1, 0]);
    expect(indices.dtype).toBe("int64");
    expect(kd.min(x, kd.tensor([[0, 9], [9, 0]])).tolist()).toEqual([[0, 5], [7, 0]]);
  });
});
