/** `out=` for mm and matmul, as PyTorch's: the product written into a given tensor. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";

describe("mm / matmul with out", () => {
  it("writes the product into out (and returns it), as without out", () => {
    kd.manualSeed(0);
    for (const [m, k, n] of [[3, 4, 5], [64, 33, 17], [1, 7, 1]]) {
      const a = kd.randn([m, k]), b = kd.randn([k, n]);
      const out = kd.empty([m, n]);
      expect(kd.mm(a, b, { out })).toBe(out);
      expect(Array.from(out.data)).toEqual(Array.from(kd.mm(a, b).data));
      const out2 = kd.full([m, n], 7);
      expect(a.matmul(b, { out: out2 })).toBe(out2);
      expect(Array.from(out2.data)).toEqual(Array.from(a.matmul(b).data));
    }
  });

  it("batched and vector products go through out too; an empty out is resized", () => {
    kd.manualSeed(1);
    const a = kd.randn([2, 3, 4]), b = kd.randn([4, 5]);
    const out = kd.empty([0]);
    kd.matmul(a, b, { out });
    expect(out.shape).toEqual([2, 3, 5]);
    expect(Array.from(out.data)).toEqual(Array.from(kd.matmul(a, b).data));
    const v = kd.randn([4]);
    const o = kd.empty([3]);
    kd.matmul(a.select(0, 0), v, { out: o });
    expect(Array.from(o.data)).toEqual(Array.from(kd.matmul(a.select(0, 0), v).data));
  });

  it("out may be an operand: the result is computed first", () => {
    const a = kd.tensor([[1, 2], [3, 4]]), b = kd.tensor([[0, 1], [1, 0]]);
    kd.mm(a, b, { out: a });
    expect(a.tolist()).toEqual([[2, 1], [4, 3]]);
  });

  it("refuses what PyTorch refuses, in its words", () => {
    const a = kd.randn([3, 4]), b = kd.randn([4, 5]);
    expect(() => kd.mm(a, b, { out: kd.empty([3, 5], { dtype: "float64" }) })).toThrow("Expected out tensor to have dtype float, but got double instead");
    expect(() => kd.mm(a.clone().requiresGrad_(), b, { out: kd.empty([3, 5]) })).toThrow(
      "mm(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.",
    );
    expect(() => kd.matmul(a.clone().requiresGrad_(), b, { out: kd.empty([3, 5]) })).toThrow("matmul(): functions with out=...");
    expect(() => kd.mm(a, kd.randn([5, 4]), { out: kd.empty([3, 4]) })).toThrow("mat1 and mat2 shapes cannot be multiplied (3x4 and 5x4)");
    expect(() => kd.mm(a, b, { out: kd.empty([2, 2]) })).toThrow("out has shape");
    // Without grad mode, inputs that require grad are fine.
    kd.noGrad(() => kd.mm(a.clone().requiresGrad_(), b, { out: kd.empty([3, 5]) }));
  });
});
