/**
 * The data movements on the CPU (backend/js/movements.ts) where they differ from before
 * issue 13's migration, against PyTorch 2.13's answers (noted beside each): float16 outputs
 * rounded, a 0-dim gather checked, where picking values without arithmetic.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { jsBackend } from "../../src/backend/js/index.js";

describe("CPU data movements", () => {
  it("fill_ and scatter_add round a float16 tensor's values to binary16", () => {
    // torch.zeros(2, dtype=torch.half).fill_(0.1) → 0.0999755859375 (binary16), not float32(0.1).
    const x = kd.zeros([2], { dtype: "float16" }).fill_(0.1);
    expect(Array.from(x.toArray())).toEqual([0.0999755859375, 0.0999755859375]);
    // 1 + 0.0004 in half is 1 (its spacing at 1 is 2^-10).
    const s = kd.zeros([3], { dtype: "float16" }).scatterAdd(0, kd.tensor([0, 0], { dtype: "int64" }), kd.tensor([1, 0.0004], { dtype: "float16" }));
    expect(Array.from(s.toArray())).toEqual([1, 0, 0]);
  });

  it("a 0-dim gather is one element along dim 0: index 1 is out of bounds", () => {
    const x = kd.tensor(5);
    expect(kd.gather(x, 0, kd.tensor(0, { dtype: "int64" })).item()).toBe(5);
    expect(() => kd.gather(x, 0, kd.tensor(1, { dtype: "int64" }))).toThrow("index 1 is out of bounds for dimension 0 with size 1");
  });

  it("where picks values as they are, a broadcast −0 included", () => {
    const r = kd.where(kd.tensor([true, true]), kd.tensor(-0), kd.tensor(1));
    expect(Array.from(r.toArray()).map((v) => Object.is(v, -0))).toEqual([true, true]);
  });

  it("where over broadcast shapes matches the element-by-element choice", () => {
    const c = kd.tensor([[true], [false], [true]]); // [3, 1]
    const a = kd.tensor([[1, 2, 3, 4]]); // [1, 4]
    const b = kd.tensor([[10], [20], [30]]); // [3, 1]
    expect(kd.where(c, a, b).tolist()).toEqual([[1, 2, 3, 4], [20, 20, 20, 20], [1, 2, 3, 4]]);
  });

  it("the CPU backend raises a bad index and an integer division by zero at once, with PyTorch's words", () => {
    const out = new Float32Array(2);
    expect(() => jsBackend.gather(new Float32Array([1, 2, 3]), [3], 0, new Float64Array([0, 3]), [2], out))
      .toThrow("index 3 is out of bounds for dimension 0 with size 3");
    expect(() => jsBackend.checkDivisor(new Int32Array([1, 0]))).toThrow("ZeroDivisionError");
    expect(() => jsBackend.wrapIndices(new Float64Array([-4]), 3, 1)).toThrow("index -4 is out of bounds for dimension 1 with size 3");
    expect(Array.from(jsBackend.wrapIndices(new Float64Array([-1, 0, 2]), 3, 0))).toEqual([2, 0, 2]);
  });

  it("flip with no dims is still a copy", () => {
    const x = kd.tensor([1, 2, 3]);
    const y = x.flip([]);
    y.fill_(0);
    expect(x.tolist()).toEqual([1, 2, 3]);
  });
});
