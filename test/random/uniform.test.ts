/**
 * rand / uniform_ against torch 2.13: float32 bit for bit (24-bit uniforms, fused
 * multiply-add, the [from, to) clamp), float64 bit for bit (53-bit uniforms, fused
 * in double), for many seeds and sizes.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { describeExactDraws, fixture, type DrawCase } from "./helpers.js";

const F = fixture<{ cases: DrawCase[] }>("uniform.json");

describeExactDraws("rand and uniform_ match torch", F.cases);

describe("rand options", () => {
  it("uses the default dtype, honours requiresGrad and randLike", () => {
    const t = kd.rand([2, 3], { requiresGrad: true });
    expect(t.dtype).toBe("float32");
    expect(t.requiresGrad).toBe(true);
    const like = kd.randLike(kd.zeros([4], { dtype: "float64" }));
    expect(like.dtype).toBe("float64");
    expect(like.shape).toEqual([4]);
  });

  it("draws from the global generator by default", () => {
    kd.manualSeed(3);
    const a = kd.rand([10]);
    const b = kd.rand([10], { generator: new kd.Generator().manualSeed(3) });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });

  it("refuses what torch refuses, with torch's messages", () => {
    expect(() => kd.rand([2], { dtype: "int64" })).toThrow(`"check_uniform_bounds" not implemented for 'Long'`);
    expect(() => kd.uniform_(kd.zeros([2]), 2, 1)).toThrow("uniform_ expects to return a [from, to) range, but found from=2 > to=1");
    expect(() => kd.uniform_(kd.zeros([2]), 0, 1e39)).toThrow("to is out of bounds for float");
    expect(() => kd.uniform_(kd.zeros([2]), -3e38, 3e38)).toThrow(
      "uniform_ expects to-from <= std::numeric_limits<Float>::max(), but found to=3e+38 and from=-3e+38 which result in to-from to exceed the limit",
    );
    expect(() => kd.rand([-1])).toThrow("Trying to create tensor with negative dimension -1: [-1]");
    expect(() => kd.uniform_(kd.zeros([2], { requiresGrad: true }))).toThrow(kd.AutogradError);
  });

  it("draws nothing for an empty tensor", () => {
    const g = new kd.Generator().manualSeed(1);
    kd.rand([0, 3], { generator: g });
    expect(kd.rand([2], { generator: g }).data).toEqual(kd.rand([2], { generator: new kd.Generator().manualSeed(1) }).data);
  });
});
