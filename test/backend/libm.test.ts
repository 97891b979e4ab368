/**
 * Kindling's libm against the engine's Math (V8's are accurate to about an ulp): within
 * the stated ulps in float64, equal once rounded to float32 (what float32 tensors store)
 * but for rare midpoint cases, and the same special values (zeros, infinities, NaN,
 * ECMAScript's pow rules).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { wasmBackend } from "../../src/backend/index.js";
import { jsKernelsWith } from "../../src/backend/js/index.js";
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

describe("the wasm exp and sigmoid (assembly/exp.ts)", () => {
  // The reference the wasm backend ran before: the TypeScript kernels over libm.
  const reference = jsKernelsWith(libm, "reference");
  const wasm = wasmBackend();
  /** Bits with every NaN as one pattern (a NaN's sign and payload are not a value). */
  const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.map((v) => (v === v ? v : NaN)).buffer));

  /** Float32 values over every branch: random spreads, each branch's edges, specials. */
  function grid(): Float32Array {
    const r = rng(77);
    const out: number[] = [];
    for (const scale of [1e-30, 1e-8, 0.3, 1, 5, 30, 100, 700, 760]) for (let i = 0; i < 400; i++) out.push((r() * 2 - 1) * scale);
    // Around ln2/2, where libm changes branch; 2^−54; the vector limit 708; overflow and
    // underflow of the double exp; float32's own overflow (88.72) and underflow (−103.97).
    for (const c of [0.34657359027997264, 2 ** -54, 708, 709.782712893384, 745.1332191019412, 88.72283, 103.97208, 87.3]) {
      let v = Math.fround(c);
      for (let i = 0; i < 6; i++) {
        out.push(v, -v);
        v = Math.fround(v * (1 + 2 ** -23));
      }
      v = Math.fround(c);
      for (let i = 0; i < 6; i++) {
        out.push(v, -v);
        v = Math.fround(v * (1 - 2 ** -24));
      }
    }
    out.push(0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 3.4e38, -3.4e38, 0.5, -0.5);
    // Odd lengths and a mix of vector and scalar pairs in one array.
    return Float32Array.from(out);
  }

  for (const op of ["exp", "sigmoid"] as const) {
    it(`${op}: the bits of the reference kernel over libm, value for value`, () => {
      if (!wasm) throw new Error("WebAssembly SIMD must be available in the test runtime");
      const x = grid();
      for (const n of [x.length, x.length - 1, x.length - 2, x.length - 3, 17]) {
        const xs = x.slice(x.length - n);
        const got = new Float32Array(n), want = new Float32Array(n);
        wasm.unary(op, xs, got);
        reference.unary(op, xs, want);
        expect(bits(got)).toEqual(bits(want));
      }
    });
  }

  for (const op of ["neg", "abs", "sqrt", "floor", "ceil", "trunc", "round"] as const) {
    it(`${op}: the reference kernel's values, halves, signed zeros and specials included`, () => {
      if (!wasm) throw new Error("WebAssembly SIMD must be available in the test runtime");
      const r = rng(79);
      const xs: number[] = [];
      for (const scale of [1, 10, 1e4, 1e8, 1e30]) for (let i = 0; i < 200; i++) xs.push((r() * 2 - 1) * scale);
      for (let h = -6.5; h <= 6.5; h += 0.5) xs.push(h, h + 2 ** -20, h - 2 ** -20);
      xs.push(0, -0, 0.4, -0.4, Infinity, -Infinity, NaN, 1e-45, -1e-45, 8388607.5, -8388607.5, 16777217, 3.4e38);
      const x = Float32Array.from(xs);
      for (const n of [x.length, x.length - 1, x.length - 3, 17]) {
        const got = new Float32Array(n), want = new Float32Array(n);
        wasm.unary(op, x.subarray(0, n), got);
        reference.unary(op, x.subarray(0, n), want);
        expect(bits(got)).toEqual(bits(want));
      }
    });
  }

  it("exp of doubles: libm's bits in float64, on every branch and at the vector path's edges", () => {
    if (!wasm) throw new Error("WebAssembly SIMD must be available in the test runtime");
    const r = rng(78);
    const xs: number[] = [];
    for (const scale of [1e-300, 1e-17, 2 ** -54, 0.3, 0.35, 1, 10, 300, 707, 709, 745, 800]) for (let i = 0; i < 500; i++) xs.push((r() * 2 - 1) * scale);
    for (const c of [0.34657359027997264, 2 ** -54, 708, 709.782712893384, 745.1332191019412, 0.5 / 1.4426950408889634, 1.5 / 1.4426950408889634]) {
      for (let d = -4; d <= 4; d++) xs.push(c + d * c * 2 ** -52, -(c + d * c * 2 ** -52));
    }
    xs.push(0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324);
    const x = Float64Array.from(xs), got = new Float64Array(x.length);
    wasm.unary("exp", x, got);
    const bad = xs.filter((v, i) => !Object.is(got[i], libm.exp(v)) && !(Number.isNaN(got[i]) && Number.isNaN(v)));
    expect(bad).toEqual([]);
  });

  it("works in place and on resident arrays", () => {
    if (!wasm) throw new Error("WebAssembly SIMD must be available in the test runtime");
    const heap = wasm.engine.residentHeap();
    const n = 20000, r = rng(5);
    const src = Float32Array.from({ length: n }, () => (r() * 2 - 1) * 12);
    const want = new Float32Array(n);
    reference.unary("sigmoid", src, want);
    const inPlace = src.slice();
    wasm.unary("sigmoid", inPlace, inPlace);
    expect(bits(inPlace)).toEqual(bits(want));
    const res = heap?.alloc(n);
    if (!res) throw new Error("no resident heap");
    res.set(src);
    wasm.unary("sigmoid", res, res);
    expect(bits(res)).toEqual(bits(want));
  });

  it("gives the reference's bits when a resident output partly overlaps its input", () => {
    if (!wasm) throw new Error("WebAssembly SIMD must be available in the test runtime");
    const heap = wasm.engine.residentHeap();
    const n = 20000, r = rng(6);
    const src = Float32Array.from({ length: n + 7 }, () => (r() * 2 - 1) * 12);
    for (const op of ["exp", "sigmoid", "round", "neg"] as const) {
      // out starts 1, 3 and 5 floats after x (writes land on what is still to be read) and before it.
      for (const [xAt, outAt] of [[0, 1], [0, 3], [0, 5], [5, 0], [1, 0]]) {
        const all = heap?.alloc(n + 7);
        if (!all) throw new Error("no resident heap");
        all.set(src);
        const x = all.subarray(xAt, xAt + n), out = all.subarray(outAt, outAt + n);
        const want = new Float32Array(n);
        reference.unary(op, src.subarray(xAt, xAt + n), want);
        wasm.unary(op, x, out);
        expect(bits(out), `${op} x at ${xAt}, out at ${outAt}`).toEqual(bits(want));
      }
    }
  });
});
