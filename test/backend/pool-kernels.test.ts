/**
 * The 2×2 max-pooling fast path of the reference kernels (float32, undilated, unpadded,
 * every window inside the image) against the general loop, which float64 storage takes:
 * the same maxima and the same indices, with ties (the first maximum wins) and NaNs (each
 * NaN replaces what came before), on odd sizes, strides 1–3, and the geometries that must
 * stay on the general loop (padding, ceil mode past the edge, dilation).
 */
import { describe, expect, it } from "vitest";
import type { PoolGeometry } from "../../src/backend/backend.js";
import { jsBackend } from "../../src/backend/index.js";
import { poolOutSize } from "../../src/ops/conv-geometry.js";
import { rng } from "./helpers.js";

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
