/**
 * randint / randperm against torch 2.13 (32-bit draws below a range of 2^28, 64-bit
 * above; float bounds moved inward as update_from / update_to do), and properties:
 * randperm is a permutation, randint stays in range.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { shuffleIndices } from "../../src/random/integers.js";
import { describeExactDraws, fixture, type DrawCase } from "./helpers.js";

const F = fixture<{ cases: DrawCase[]; randperm: DrawCase[] }>("integers.json");

describeExactDraws("randint matches torch", F.cases);

describeExactDraws("randperm matches torch", F.randperm);

describe("integer draws: properties", () => {
  it("randperm(n) is a permutation of 0 … n−1", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n, seed) => {
        const p = kd.randperm(n, { generator: new kd.Generator().manualSeed(seed) });
        expect(p.dtype).toBe("int64");
        expect(Array.from(p.data).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
      { numRuns: 200 },
    );
  });

  it("the 64-bit (huge n) shuffle is a permutation too", () => {
    // Forced onto the branch torch takes from n ≥ 2^32/20, which no test can allocate.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 1000 }), (n, seed) => {
        const p = shuffleIndices(n, new kd.Generator().manualSeed(seed), 0);
        expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
      { numRuns: 100 },
    );
  });

  it("randint stays in [low, high)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.integer({ min: 1, max: 2 ** 41 }),
        fc.integer({ min: 0, max: 1000 }),
        (low, width, seed) => {
          const t = kd.randint(low, low + width, [64], { generator: new kd.Generator().manualSeed(seed) });
          for (const v of t.data) {
            expect(Number.isInteger(v)).toBe(true);
            expect(v >= low && v < low + width).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("randint(high, shape) is randint(0, high, shape)", () => {
    const a = kd.randint(10, [5], { generator: new kd.Generator().manualSeed(1) });
    const b = kd.randint(0, 10, [5], { generator: new kd.Generator().manualSeed(1) });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });

  it("refuses what torch refuses", () => {
    expect(() => kd.randint(3, 3, [2])).toThrow("random_ expects 'from' to be less than 'to', but got from=3 >= to=3");
    expect(() => kd.randint(0, [2])).toThrow("random_ expects 'from' to be less than 'to', but got from=0 >= to=0");
    expect(() => kd.randint(0, 5, [3], { dtype: "bool" })).toThrow("to - 1 is out of bounds for bool");
    expect(() => kd.randperm(-1)).toThrow("Trying to create tensor with negative dimension -1: [-1]");
    expect(() => kd.randperm(2 ** 25, { dtype: "float32" })).toThrow("n cannot be greater than 2^24+1 for Float type.");
    expect(() => kd.randperm(3, { dtype: "bool" })).toThrow(`"randperm" not implemented for 'Bool'`);
  });
});
