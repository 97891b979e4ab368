/**
 * Kindling's libm against the engine's Math (V8's are accurate to about an ulp): within
 * the stated ulps in float64, equal once rounded to float32 (what float32 tensors store)
 * but for rare midpoint cases, and the same special values (zeros, infinities, NaN,
 * ECMAScript's pow rules).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { libm, type MathLib } from "../../src/backend/libm.js";
import { rng } from "./helpers.js";

const F = new Float64Array(1);
const B = new BigInt64Array(F.buffer);

/** Distance in units in the last place (representable doubles between a and b). */
function ulps(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  F[0] = a;
  const x = B[0];
  F[0] = b;
  const d = x - B[0];
  return Number(d < 0n ? -d : d);
}

type Name = keyof MathLib;
const rand = rng(2024);
const spread = (lo: number, hi: number): (() => number[]) => () => [lo + (hi - lo) * rand()];
/** Arguments per function and the largest error allowed in ulps. */
const CASES: [Name, () => number[], number][] = [
  ["exp", spread(-745, 709), 1],
  ["exp", spread(-1, 1), 1],
  ["expm1", spread(-40, 40), 2],
  ["expm1", spread(-1e-3, 1e-3), 1],
  ["log", () => [Math.exp(-740 + 1440 * rand())], 1],
  ["log", spread(0.5, 2), 1],
  ["log1p", spread(-0.999, 10), 1],
  ["log1p", spread(-1e-6, 1e-6), 1],
  ["log2", () => [Math.exp(-700 + 1400 * rand())], 1],
  ["log10", () => [Math.exp(-700 + 1400 * rand())], 1],
  ["sin", spread(-10, 10), 1],
  ["sin", spread(-1e6, 1e6), 1],
  ["sin", spread(-1e300, 1e300), 1],
  ["cos", spread(-10, 10), 1],
  ["cos", spread(-1e12, 1e12), 1],
  ["tanh", spread(-25, 25), 3],
  ["tanh", spread(-1, 1), 3],
  ["pow", () => [20 * rand(), -40 + 80 * rand()], 2],
  ["pow", () => [-10 + 20 * rand(), Math.round(-30 + 60 * rand())], 2],
  ["atan2", () => [-10 + 20 * rand(), -10 + 20 * rand()], 2],
];

describe("libm", () => {
  for (const [name, gen, maxUlps] of CASES) {
    it(`${name} is within ${maxUlps} ulp of Math.${name} and equal in float32`, () => {
      const f = libm[name] as (...a: number[]) => number;
      const m = Math[name] as (...a: number[]) => number;
      let worst = 0, f32Differ = 0;
      for (let i = 0; i < 20000; i++) {
        const args = gen();
        const a = f(...args), b = m(...args);
        worst = Math.max(worst, ulps(a, b));
        if (!Object.is(Math.fround(a), Math.fround(b))) f32Differ++;
      }
      expect(worst).toBeLessThanOrEqual(maxUlps);
      // Both are within an ulp of the true value, so they round to different float32s only
      // when it lies within an ulp of a float32 midpoint (V8's Math.log is the one off by an
      // ulp at log(1.7549692454559178), checked with mpmath): rare.
      expect(f32Differ).toBeLessThanOrEqual(2);
    });
  }

  it("gives Math's special values", () => {
    const specials = [0, -0, Infinity, -Infinity, NaN, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 1e-310, -1e-310, 710, -746, 1e300, -1e300];
    for (const name of Object.keys(libm) as Name[]) {
      const f = libm[name] as (x: number, y: number) => number;
      const m = Math[name] as (x: number, y: number) => number;
      for (const x of specials) {
        for (const y of name === "pow" || name === "atan2" ? specials : [0]) {
          const a = f(x, y), b = m(x, y);
          // Exact where Math's value is special (0, ±∞, NaN, ±1) or the arguments are; else ≤ 1 ulp.
          if (!Number.isFinite(b) || b === 0 || Math.abs(b) === 1) expect(Object.is(a, b), `${name}(${x}, ${y}) = ${a}, Math: ${b}`).toBe(true);
          else expect(ulps(a, b), `${name}(${x}, ${y})`).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it("keeps exact results exact", () => {
    expect(libm.log2(1024)).toBe(10);
    expect(libm.log2(2 ** -1074)).toBe(-1074);
    expect(libm.exp(0)).toBe(1);
    expect(libm.log(1)).toBe(0);
    expect(libm.pow(2, 10)).toBe(1024);
    expect(libm.pow(-2, 3)).toBe(-8);
    expect(libm.pow(9, 0.5)).toBe(3);
    expect(libm.sin(Math.PI)).toBe(Math.sin(Math.PI));
    expect(libm.cos(1e22)).toBe(Math.cos(1e22));
  });
});

describe("pow with a whole exponent", () => {
  // [x, n, x^n correctly rounded] from mpmath (scripts/fixtures/libm_pow.py): learning-rate
  // decays gamma^k, powers of ten, assorted bases of both signs, bases near 1 to 10^8.
  const cases = JSON.parse(readFileSync(new URL("../fixtures/engine/libm-pow.json", import.meta.url), "utf8")) as [number, number, number][];

  it("is correctly rounded where its result lies within e^±650", () => {
    expect(cases.length).toBeGreaterThan(3000);
    const wrong = cases.filter(([x, n, v]) => !Object.is(libm.pow(x, n), v));
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it("takes the exp-of-log path beyond, within its few ulps", () => {
    // 0.1^-300 ≈ e^690 and 3^-640 ≈ e^-703 lie outside the whole-exponent range (mpmath's values).
    expect(ulps(libm.pow(0.1, -300), 9.999999999999834e299)).toBeLessThanOrEqual(4);
    expect(ulps(libm.pow(3, -640), 4.3893173268735854e-306)).toBeLessThanOrEqual(4);
    expect(libm.pow(10, 400)).toBe(Infinity);
    expect(libm.pow(-10, -401)).toBe(-0);
  });
});
