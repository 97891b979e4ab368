/** Indexing against PyTorch: select, narrow, slices, integer and boolean indices, gather/scatter. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { opSuite } from "./op-helper.js";

const { testOp, done } = opSuite("ops-index");
const x34 = [3, 4];

testOp("select", [x34], (a) => a.select(0, 1));
testOp("select_neg", [[2, 3, 4]], (a) => kd.select(a, -1, -2));
testOp("narrow", [x34], (a) => a.narrow(1, 1, 2));
testOp("narrow_full", [x34], (a) => kd.narrow(a, 0, 0, 3));
testOp("slice_cols", [x34], (a) => a.slice(null, [1, 3]));
testOp("slice_step", [[5, 3]], (a) => a.slice([null, null, 2]));
testOp("slice_neg", [x34], (a) => a.slice([-2, null], [null, -1]));
testOp("slice_int", [[2, 3, 4]], (a) => a.slice(null, 0));
testOp("index_rows", [x34, [5]], (a, i) => a.index(i));
testOp("index_2d", [x34, [2, 2]], (a, i) => a.index(i));
testOp("index_neg", [x34, [4]], (a, i) => a.index(i));
// A boolean mask on the device: the async forms (the result's size is the mask's count).
testOp("index_mask", [x34, [3]], (a, m) => a.index(m), { onDevice: (a, m) => a.indexAsync(m) });
testOp("index_mask_2d", [x34, x34], (a, m) => a.index(m), { onDevice: (a, m) => a.indexAsync(m) });
testOp("index_select", [x34, [5]], (a, i) => kd.indexSelect(a, 1, i));
testOp("gather", [x34, [3, 2]], (a, i) => a.gather(1, i));
testOp("gather_dim0", [x34, [2, 4]], (a, i) => kd.gather(a, 0, i));
testOp("scatter", [x34, [3, 2], [3, 2]], (a, i, s) => a.scatter(1, i, s));
testOp("scatter_value", [x34, x34], (a, i) => kd.scatter(a, 1, i.slice(null, [0, 2]), 1.5));
testOp("scatter_add", [x34, [3, 5], [3, 5]], (a, i, s) => a.scatterAdd(1, i, s));
testOp("masked_fill", [x34, x34], (a, m) => a.maskedFill(m, -1));
testOp("masked_select", [x34, x34], (a, m) => kd.maskedSelect(a, m), { onDevice: (a, m) => kd.maskedSelectAsync(a, m) });

done();

describe("scatter dtypes (PyTorch 2.13's values and errors)", () => {
  const L = (v: number[]): kd.Tensor => kd.tensor(v, { dtype: "int64" });
  it("scatter_add on bool is a logical or: the storage holds 0 or 1, never a count", () => {
    const r = kd.tensor([false, false, true]).scatterAdd(0, L([0, 0, 1]), kd.tensor([true, true, true]));
    expect([r.dtype, r.tolist(), Array.from(r.toArray())]).toEqual(["bool", [true, true, true], [1, 1, 1]]);
    const r2 = kd.tensor([false, false, true]).scatterAdd(0, L([0, 0, 1]), kd.tensor([false, true, false]));
    expect(Array.from(r2.toArray())).toEqual([1, 0, 1]);
  });

  it("refuses a source of another dtype", () => {
    const msg = "scatter(): Expected self.dtype to be equal to src.dtype";
    expect(() => L([1, 2, 3]).scatter(0, L([0, 1]), kd.tensor([0.5, 1.5]))).toThrow(msg);
    expect(() => L([1, 2, 3]).scatterAdd(0, L([0, 1]), kd.tensor([0.5, 1.5]))).toThrow(msg);
    expect(() => kd.tensor([1, 2, 3]).scatter(0, L([0, 1]), L([5, 6]))).toThrow(msg);
    // A number is still taken as the tensor's dtype holds it.
    expect(L([1, 2, 3]).scatter(0, L([0, 1]), 2.7).tolist()).toEqual([2, 2, 3]);
  });
});


describe("index_select takes no negative positions", () => {
  it("raises PyTorch 2.13's error where x[idx] would count from the end", () => {
    const x = kd.tensor([1, 2, 3]);
    expect(() => kd.indexSelect(x, 0, kd.tensor([-1], { dtype: "int64" }))).toThrow("index out of range in self");
    expect(x.index([-1]).tolist()).toEqual([3]);
    expect(kd.indexSelect(x, 0, kd.tensor([2, 0], { dtype: "int64" })).tolist()).toEqual([3, 1]);
  });
});

describe("masked_select broadcasts the mask and the input together", () => {
  it("gives PyTorch 2.13's values and gradient when the mask has more dims", () => {
    const x = kd.tensor([1, 2, 3]).requiresGrad_();
    const y = kd.maskedSelect(x, kd.tensor([[true, false, true], [false, true, true]]));
    expect(y.tolist()).toEqual([1, 3, 2, 3]);
    y.mul(kd.tensor([1, 2, 3, 4])).sum().backward();
    expect(x.grad?.tolist()).toEqual([1, 3, 6]);
  });
});
