/**
 * bernoulli / bernoulli_ against torch 2.13 on x86-64 (AMD; see src/random/bernoulli.ts
 * for Intel + MKL): a 24-bit uniform per element for float32 probabilities, 53-bit for
 * float64 ones and for a number p.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { describeExactDraws, fixture, type DrawCase } from "./helpers.js";

const F = fixture<{ cases: DrawCase[] }>("bernoulli.json");

describeExactDraws("bernoulli matches torch", F.cases, 120);

describe("bernoulli arguments", () => {
  it("takes p as an option of torch.bernoulli(input, p)", () => {
    const x = kd.zeros([20], { dtype: "float64" });
    const a = kd.bernoulli(x, { p: 0.3, generator: new kd.Generator().manualSeed(4) });
    const b = kd.bernoulli_(kd.zeros([20], { dtype: "float64" }), 0.3, { generator: new kd.Generator().manualSeed(4) });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });

  it("refuses what torch refuses", () => {
    const msg = "Expected p_in >= 0 && p_in <= 1 to be true, but got false.";
    expect(() => kd.bernoulli(kd.tensor([1.5]))).toThrow(msg);
    expect(() => kd.bernoulli(kd.tensor([-0.5]))).toThrow(msg);
    expect(() => kd.bernoulli(kd.tensor([1, 0], { dtype: "int64" }))).toThrow(`"bernoulli_tensor_cpu_p_" not implemented for 'Long'`);
    expect(() => kd.bernoulli_(kd.zeros([3]), 1.5)).toThrow("bernoulli_ expects p to be in [0, 1], but got p=1.5");
    expect(() => kd.bernoulli_(kd.zeros([3]), kd.full([2, 3], 0.5))).toThrow(
      "expand([2, 3], size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)",
    );
  });
});
