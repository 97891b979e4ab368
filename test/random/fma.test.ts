/**
 * The fused multiply-adds the kernels replay, against exact rational references
 * built here independently (BigInt sums, then the nearest float chosen by exact
 * distance): fmaF32 rounds a·b + c once to float32, fma64 once to float64.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fma64, fmaF32 } from "../../src/random/fma.js";

/** x · 2^s as an exact BigInt (x a double whose last bit is at least 2^-s). */
function scaled(x: number, s: number): bigint {
  if (x === 0) return 0n;
  let m = Math.abs(x);
  let e = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    e++;
  }
  const v = BigInt(m) << BigInt(s - e);
  return x < 0 ? -v : v;
}

// Inputs are above 1e-90 (about 2^-299) in magnitude, so their last bit is at least 2^-352.
const S = 352;

/** The float32 neighbours of a float32 value (as doubles). */
function f32Neighbours(x: number): [number, number] {
  const f = new Float32Array([x]);
  const u = new Int32Array(f.buffer);
  const up = new Float32Array(1);
  const down = new Float32Array(1);
  new Int32Array(up.buffer)[0] = u[0] + (x >= 0 ? 1 : -1);
  new Int32Array(down.buffer)[0] = u[0] - (x >= 0 ? 1 : -1);
  if (x === 0) return [-1.401298464324817e-45, 1.401298464324817e-45];
  return [down[0], up[0]];
}

/** The float32 nearest to a·b + c (ties to even), by exact comparison of candidates. */
function refF32(a: number, b: number, c: number): number {
  const exact = scaled(a, S) * scaled(b, S) + scaled(c, 2 * S);
  const guess = Math.fround(a * b + c);
  const candidates = [guess, ...f32Neighbours(guess)];
  let best = candidates[0];
  let bestDist = -1n;
  for (const cand of candidates) {
    const d = scaled(cand, 2 * S) - exact;
    const dist = d < 0n ? -d : d;
    const evenMantissa = (new Int32Array(new Float32Array([cand]).buffer)[0] & 1) === 0;
    if (bestDist < 0n || dist < bestDist || (dist === bestDist && evenMantissa)) {
      best = cand;
      bestDist = dist;
    }
  }
  return best;
}

/**
 * The double nearest to a·b + c: the exact sum times 2^704 stays below 2^1024, where
 * Number(BigInt) rounds to nearest even, and scaling back by 2^-704 is exact.
 */
function ref64(a: number, b: number, c: number): number {
  const exact = scaled(a, S) * scaled(b, S) + scaled(c, 2 * S);
  if (exact === 0n) return a * b + c; // a zero sum is exact; IEEE's rules give its sign
  return Number(exact) * 2 ** -(2 * S);
}

const f32 = fc.float({ min: Math.fround(-1e6), max: Math.fround(1e6), noNaN: true, noDefaultInfinity: true })
  .filter((x) => x === 0 || Math.abs(x) > 1e-30);
const f64 = fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true })
  .filter((x) => x === 0 || Math.abs(x) > 1e-90);

describe("fmaF32", () => {
  it("rounds a·b + c once to float32", () => {
    fc.assert(fc.property(f32, f32, f32, (a, b, c) => {
      expect(fmaF32(a, b, c)).toBe(refF32(a, b, c));
    }), { numRuns: 3000 });
  });

  it("gets the double-rounding cases right", () => {
    const a = Math.fround(1 + 2 ** -12);
    // a·a = 1 + 2^-11 + 2^-24 exactly: the midpoint of two float32 values. Plus or minus
    // 2^-60, the double sum still lands on the midpoint, but the exact value does not.
    expect(fmaF32(a, a, -(2 ** -60))).toBe(Math.fround(1 + 2 ** -11));
    expect(fmaF32(a, a, 2 ** -60)).toBe(1 + 2 ** -11 + 2 ** -23);
    expect(fmaF32(a, a, 0)).toBe(Math.fround(1 + 2 ** -11)); // an exact tie goes to even
  });
});

describe("fma64", () => {
  it("rounds a·b + c once to float64", () => {
    fc.assert(fc.property(f64, f64, f64, (a, b, c) => {
      expect(fma64(a, b, c)).toBe(ref64(a, b, c));
    }), { numRuns: 3000 });
  });

  it("differs from a·b + c where the product's rounding matters", () => {
    const a = 1 + 2 ** -30;
    // a·a = 1 + 2^-29 + 2^-60; a·a − 1 rounded twice loses the 2^-60.
    expect(fma64(a, a, -1)).toBe(2 ** -29 + 2 ** -60);
    expect(a * a - 1).toBe(2 ** -29);
    expect(fma64(0, 5, -0)).toBe(0);
    expect(Object.is(fma64(-0, 5, -0), -0)).toBe(true);
  });
});
