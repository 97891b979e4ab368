/** Shape ops against PyTorch: views, permutes, expand, joins and splits, with gradients. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { opSuite } from "./op-helper.js";

const { testOp, done } = opSuite("ops-shape");
const x234 = [2, 3, 4];

testOp("reshape", [x234], (a) => a.reshape(4, -1));
testOp("view", [x234], (a) => a.view([-1]));
testOp("reshape_0d", [[]], (a) => kd.reshape(a, [1, 1]));
testOp("squeeze_all", [[2, 1, 3, 1]], (a) => a.squeeze());
testOp("squeeze_dim", [[2, 1, 3, 1]], (a) => a.squeeze(-1));
testOp("squeeze_dims", [[2, 1, 3, 1]], (a) => kd.squeeze(a, [1, 3]));
testOp("squeeze_noop", [[2, 3]], (a) => a.squeeze(0));
testOp("unsqueeze", [[2, 3]], (a) => a.unsqueeze(1));
testOp("unsqueeze_neg", [[2, 3]], (a) => kd.unsqueeze(a, -1));
testOp("flatten", [x234], (a) => a.flatten());
testOp("flatten_range", [[2, 3, 4, 5]], (a) => kd.flatten(a, 1, 2));
testOp("transpose", [x234], (a) => a.transpose(0, 2));
testOp("transpose_neg", [x234], (a) => kd.transpose(a, -1, -2));
testOp("permute", [x234], (a) => a.permute(2, 0, 1));
testOp("permute_neg", [x234], (a) => kd.permute(a, [-1, -3, -2]));
testOp("T", [[3, 4]], (a) => a.T);
testOp("mT", [x234], (a) => a.mT);
testOp("t", [[3, 4]], (a) => kd.t(a));
testOp("expand", [[3, 1]], (a) => a.expand(2, 3, 4));
testOp("expand_neg1", [[3, 1]], (a) => a.expand([-1, 5]));
testOp("expand_as", [[4], [3, 4]], (a, b) => a.expandAs(b));
testOp("cat0", [[2, 3], [1, 3]], (a, b) => kd.cat([a, b]));
testOp("cat1", [[2, 3], [2, 1], [2, 2]], (a, b, c) => kd.cat([a, b, c], 1));
testOp("cat_neg", [x234, [2, 3, 1]], (a, b) => kd.concat([a, b], -1));
testOp("cat_promote", [[2, 3], [1, 3]], (a, b) => kd.cat([a, b]));
testOp("stack0", [[2, 3], [2, 3]], (a, b) => kd.stack([a, b]));
testOp("stack_last", [[2, 3], [2, 3], [2, 3]], (a, b, c) => kd.stack([a, b, c], -1));
testOp("split_int", [[5, 3]], (a) => a.split(2));
testOp("split_sizes", [[2, 6]], (a) => kd.split(a, [1, 2, 3], 1));
testOp("chunk", [[5, 3]], (a) => a.chunk(3));
testOp("chunk_dim", [[2, 6]], (a) => kd.chunk(a, 4, -1));
testOp("unbind", [x234], (a) => a.unbind(1));
testOp("flip", [x234], (a) => a.flip([0, 2]));
testOp("repeat", [[2, 3]], (a) => a.repeat(2, 1, 3));

// The expected values below are PyTorch 2.13's.
describe("chunk and flip at the edges, as PyTorch", () => {
  it("chunk gives pieces of ceil(size / chunks), and `chunks` empty pieces of an empty dim", () => {
    expect(kd.zeros([0, 4]).chunk(2, 0).map((t) => t.shape)).toEqual([[0, 4], [0, 4]]);
    expect(kd.zeros([4, 0]).chunk(3, 1).map((t) => t.shape)).toEqual([[4, 0], [4, 0], [4, 0]]);
    const sizes = (n: number, c: number): number[] => kd.arange(n).chunk(c).map((t) => t.shape[0]);
    expect(sizes(5, 3)).toEqual([2, 2, 1]);
    expect(sizes(6, 4)).toEqual([2, 2, 2]);
    expect(sizes(9, 4)).toEqual([3, 3, 3]);
    expect(sizes(11, 4)).toEqual([3, 3, 3, 2]);
    expect(sizes(2, 5)).toEqual([1, 1]);
    expect(() => kd.tensor(1).chunk(2)).toThrow("chunk expects at least a 1-dimensional tensor");
  });

  it("the empty pieces of a chunk take a gradient", () => {
    const x = kd.zeros([0, 4], { requiresGrad: true });
    const pieces = x.chunk(2);
    expect(pieces[0].gradFn?.name).toBe("SplitWithSizesBackward0");
    kd.cat(pieces).sum().backward();
    expect(x.grad?.shape).toEqual([0, 4]);
  });

  it("flip of a 0-d tensor is a copy of it, gradient 1", () => {
    const x = kd.tensor(2, { requiresGrad: true });
    const y = x.flip([0]);
    expect(y.shape).toEqual([]);
    expect(y.tolist()).toBe(2);
    expect(kd.tensor(2).flip([-1]).shape).toEqual([]);
    y.backward();
    expect(x.grad?.shape).toEqual([]);
    expect(x.grad?.tolist()).toBe(1);
  });
});

done();

describe("a dim named twice is refused, as PyTorch 2.13 does", () => {
  it("by flip, squeeze, permute and the reductions", () => {
    const x = kd.zeros([1, 2, 1]);
    const twice = "dim 0 appears multiple times in the list of dims";
    expect(() => x.flip([0, 0])).toThrow(twice);
    expect(() => x.flip([0, -3])).toThrow(twice);
    expect(() => x.squeeze([0, 0])).toThrow(twice);
    expect(() => x.sum([0, -3])).toThrow(twice);
    expect(() => x.permute(0, 0, 1)).toThrow("permute(): duplicate dims are not allowed.");
    expect(x.squeeze([0, 2]).shape).toEqual([2]);
  });
});

describe("cat skips a 1-D empty tensor beside others, as PyTorch's legacy rule", () => {
  it("along any dim, and still checks the rest", () => {
    expect(kd.cat([kd.zeros([0]), kd.ones([2, 3])]).shape).toEqual([2, 3]);
    expect(kd.cat([kd.ones([2, 3]), kd.zeros([0])], 1).shape).toEqual([2, 3]);
    expect(kd.cat([kd.zeros([0]), kd.zeros([0])]).shape).toEqual([0]);
    const a = kd.ones([1, 2]).requiresGrad_();
    kd.cat([kd.zeros([0]), a, a]).sum().backward();
    expect(a.grad?.tolist()).toEqual([[2, 2]]);
    expect(() => kd.cat([kd.zeros([0, 2]), kd.ones([2, 3])])).toThrow("Sizes of tensors must match except in dimension 0");
    // The skipped tensor's dtype still counts (PyTorch 2.13: float64).
    const mixed = kd.cat([kd.tensor([4, 3], { dtype: "int64" }).reshape([1, 2]), kd.zeros([0], { dtype: "float64" })], -1);
    expect([mixed.dtype, mixed.tolist()]).toEqual(["float64", [[4, 3]]]);
    // Among 1-D tensors an empty one is an ordinary operand: its gradient is empty, as PyTorch's.
    const e = kd.zeros([0], { dtype: "float64" }).requiresGrad_();
    const joined = kd.cat([kd.tensor([4, 3], { dtype: "int64" }), e]);
    expect([joined.dtype, joined.requiresGrad]).toEqual(["float64", true]);
    joined.sum().backward();
    expect(e.grad?.shape).toEqual([0]);
  });
});
