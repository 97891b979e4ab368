/**
 * The 2×2 max-pooling fast path of the reference kernels (float32, undilated, unpadded,
 * every window inside the image) against the general loop, which float64 storage takes:
 * the same maxima and the same indices, with ties (the first maximum wins) and NaNs (each
 * NaN replaces what came before), on odd sizes, strides 1–3, and the geometries that must
 * stay on the general loop (padding, ceil mode past the edge, dilation). Then the wasm
 * kernels (assembly/pool.ts) against the reference: maxima, indices and the input's
 * gradient, bit for bit, on TinyVGG's sizes, odd sizes, overlapping windows, padding,
 * dilation and ceil mode, and a window wholly in the padding.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Backend, PoolGeometry } from "../../src/backend/backend.js";
import { jsBackend } from "../../src/backend/index.js";
import { createWasmBackend } from "../../src/backend/wasm/backend.js";
import { poolOutSize } from "../../src/ops/conv-geometry.js";
import { randF32, rng, wasmUnderTest } from "./helpers.js";

function geometry(planes: number, h: number, w: number, s: number, pad = 0, dil = 1, ceil = false): PoolGeometry {
  const oh = poolOutSize(h, 2, pad, s, dil, ceil), ow = poolOutSize(w, 2, pad, s, dil, ceil);
  return { planes, h, w, kh: 2, kw: 2, sh: s, sw: s, ph: pad, pw: pad, dh: dil, dw: dil, oh, ow };
}

/** Small integers (many ties), some NaNs and infinities: exact in float32 and float64 alike. */
function input(n: number, seed: number): number[] {
  const rand = rng(seed);
  return Array.from({ length: n }, () => {
    const r = rand();
    if (r < 0.05) return Number.NaN;
    if (r < 0.08) return -Infinity;
    return Math.floor(rand() * 5) - 2;
  });
}

function pool(values: number[], p: PoolGeometry, f32: boolean): { out: number[]; idx: number[] } {
  const x = f32 ? Float32Array.from(values) : Float64Array.from(values);
  const n = p.planes * p.oh * p.ow;
  const out = f32 ? new Float32Array(n) : new Float64Array(n);
  const idx = new Float64Array(n);
  jsBackend.maxPool2d(x, out, idx, p);
  return { out: Array.from(out), idx: Array.from(idx) };
}

describe("max pooling's 2×2 float32 path", () => {
  const cases: [string, PoolGeometry][] = [
    ["28×28 stride 2 (TinyVGG)", geometry(6, 28, 28, 2)],
    ["odd 7×9 stride 2", geometry(3, 7, 9, 2)],
    ["stride 1 (overlapping windows)", geometry(2, 5, 6, 1)],
    ["stride 3 (gaps)", geometry(2, 8, 11, 3)],
    ["ceil mode, windows inside", geometry(2, 8, 8, 2, 0, 1, true)],
    ["ceil mode past the edge (general loop)", geometry(2, 7, 7, 2, 0, 1, true)],
    ["padding (general loop)", geometry(2, 6, 6, 2, 1)],
    ["dilation (general loop)", geometry(2, 7, 7, 1, 0, 2)],
  ];
  for (const [name, p] of cases) {
    it(`gives the general loop's maxima and indices: ${name}`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const values = input(p.planes * p.h * p.w, seed);
        const fast = pool(values, p, true), general = pool(values, p, false);
        expect(fast.idx).toEqual(general.idx);
        expect(fast.out).toEqual(general.out);
      }
    });
  }

  it("keeps the first of equal maxima and the last NaN of a window", () => {
    const p = geometry(1, 2, 2, 2);
    expect(pool([3, 3, 3, 1], p, true)).toEqual({ out: [3], idx: [0] });
    expect(pool([1, Number.NaN, 5, Number.NaN], p, true)).toEqual({ out: [Number.NaN], idx: [3] });
    expect(pool([-Infinity, -Infinity, -Infinity, -Infinity], p, true)).toEqual({ out: [-Infinity], idx: [0] });
  });
});

/** Any window geometry (kernel, stride, padding within PyTorch's bound, dilation, ceil mode); null when it has no output. */
function anyGeometry(planes: number, h: number, w: number, k: number, s: number, pad: number, dil: number, ceil: boolean): PoolGeometry | null {
  if (2 * pad > dil * (k - 1) + 1) return null;
  const oh = poolOutSize(h, k, pad, s, dil, ceil), ow = poolOutSize(w, k, pad, s, dil, ceil);
  if (oh < 1 || ow < 1) return null;
  return { planes, h, w, kh: k, kw: k, sh: s, sw: s, ph: pad, pw: pad, dh: dil, dw: dil, oh, ow };
}

function poolWith(be: Backend, values: number[], p: PoolGeometry, g: Float32Array): { out: number[]; idx: number[]; gx: number[] } {
  const x = Float32Array.from(values);
  const n = p.planes * p.oh * p.ow;
  const out = new Float32Array(n).fill(7), idx = new Float64Array(n).fill(7);
  be.maxPool2d(x, out, idx, p);
  const gx = new Float32Array(x.length).fill(Number.NaN);
  be.maxPool2dBackward(g, idx, gx, p);
  return { out: Array.from(out), idx: Array.from(idx), gx: Array.from(gx) };
}

describe("wasm max pooling", () => {
  const { wasm: products } = wasmUnderTest();
  // Every pooling call in wasm, however small.
  const wasm = createWasmBackend(products.engine, jsBackend, { minMacs: 0, minPool: 0 });

  const cases: [string, PoolGeometry | null][] = [
    ["TinyVGG's first pool, 28×28 stride 2", anyGeometry(20, 28, 28, 2, 2, 0, 1, false)],
    ["TinyVGG's second pool, 14×14 (odd output 7, a scalar tail)", anyGeometry(20, 14, 14, 2, 2, 0, 1, false)],
    ["odd 9×11 stride 2, last row and column left out", anyGeometry(3, 9, 11, 2, 2, 0, 1, false)],
    ["ceil mode past the edge", anyGeometry(3, 9, 11, 2, 2, 0, 1, true)],
    ["3×3 stride 2 padding 1 (overlapping windows)", anyGeometry(4, 10, 13, 3, 2, 1, 1, false)],
    ["2×2 stride 1", anyGeometry(2, 6, 9, 2, 1, 0, 1, false)],
    ["dilation 2, padding 1, ceil mode", anyGeometry(3, 9, 8, 3, 2, 1, 2, true)],
    ["a window wholly in the padding (index −1)", anyGeometry(3, 1, 1, 2, 1, 1, 2, false)],
  ];
  for (const [name, p] of cases) {
    it(`gives the reference's maxima, indices and input gradient: ${name}`, () => {
      expect(p).not.toBeNull();
      const geom = p as PoolGeometry;
      for (let seed = 1; seed <= 4; seed++) {
        const values = input(geom.planes * geom.h * geom.w, seed);
        const g = randF32(geom.planes * geom.oh * geom.ow, rng(seed + 100));
        const got = poolWith(wasm, values, geom, g), want = poolWith(jsBackend, values, geom, g);
        expect(got.idx).toEqual(want.idx);
        expect(got.out).toEqual(want.out);
        expect(got.gx).toEqual(want.gx);
      }
    });
  }

  it("matches on random geometries", () => {
    fc.assert(
      fc.property(
        fc.record({
          planes: fc.integer({ min: 1, max: 3 }), h: fc.integer({ min: 1, max: 12 }), w: fc.integer({ min: 1, max: 17 }),
          k: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 3 }), pad: fc.integer({ min: 0, max: 2 }),
          dil: fc.integer({ min: 1, max: 3 }), ceil: fc.boolean(),
        }),
        fc.integer({ min: 1, max: 1e6 }),
        (r, seed) => {
          const p = anyGeometry(r.planes, r.h, r.w, r.k, r.s, r.pad, r.dil, r.ceil);
          if (!p) return;
          const values = input(p.planes * p.h * p.w, seed);
          const g = randF32(p.planes * p.oh * p.ow, rng(seed));
          const got = poolWith(wasm, values, p, g), want = poolWith(jsBackend, values, p, g);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 150, seed: 13 },
    );
  });

  it("adds nothing for a window wholly in the padding (no gradient lands in another plane)", () => {
    // One-pixel planes, kernel 2 dilated by 2, padding 1: the window's taps fall at −1 and 1.
    const p = anyGeometry(3, 1, 1, 2, 1, 1, 2, false) as PoolGeometry;
    expect([p.oh, p.ow]).toEqual([1, 1]);
    for (const be of [jsBackend, wasm]) {
      const r = poolWith(be, [1, 2, 3], p, Float32Array.from([10, 20, 30]));
      expect(r.out).toEqual([-Infinity, -Infinity, -Infinity]);
      expect(r.gx).toEqual([0, 0, 0]);
    }
  });
});
