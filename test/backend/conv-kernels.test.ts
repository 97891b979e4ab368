/**
 * The wasm convolution kernels (im2col and col2im in wasm next to the GEMM) against the
 * reference kernels: random geometries (strides, dilations, paddings, groups, 1-D as a
 * height of 1), with and without bias, every gradient; a batch large enough to run in
 * several chunks; the threaded path giving the same bits as one thread (the direct
 * kernels split a batch by samples, the products by slices); and the direct weight
 * gradient's masked row ends.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { ConvGeometry } from "../../src/backend/backend.js";
import { jsBackend } from "../../src/backend/index.js";
import { samplesPerChunk } from "../../src/backend/js/conv.js";
import { maxRelErr, randF32, rng, until, wasmUnderTest } from "./helpers.js";

const { engine, wasm } = wasmUnderTest();
const initialThreads = engine.numThreads;
afterAll(() => engine.setNumThreads(initialThreads));

function geometry(p: {
  n: number; cg: number; og: number; groups: number; h: number; w: number; kh: number; kw: number;
  sh: number; sw: number; pt: number; pl: number; dh: number; dw: number;
}): ConvGeometry | null {
  const c = p.cg * p.groups, o = p.og * p.groups;
  // Symmetric padding, as the ops pass it except for "same" with an even kernel.
  const oh = Math.floor((p.h + 2 * p.pt - p.dh * (p.kh - 1) - 1) / p.sh) + 1;
  const ow = Math.floor((p.w + 2 * p.pl - p.dw * (p.kw - 1) - 1) / p.sw) + 1;
  if (oh <= 0 || ow <= 0) return null;
  return { n: p.n, c, h: p.h, w: p.w, o, groups: p.groups, kh: p.kh, kw: p.kw, sh: p.sh, sw: p.sw, pt: p.pt, pl: p.pl, dh: p.dh, dw: p.dw, oh, ow };
}

interface Run { out: Float32Array; gx: Float32Array; gw: Float32Array; gb: Float32Array }

function run(be: typeof jsBackend, g: ConvGeometry, seed: number, withBias: boolean): Run {
  const rand = rng(seed);
  const x = randF32(g.n * g.c * g.h * g.w, rand);
  const w = randF32(g.o * (g.c / g.groups) * g.kh * g.kw, rand);
  const bias = withBias ? randF32(g.o, rand) : null;
  const L = g.oh * g.ow;
  const gOut = randF32(g.n * g.o * L, rand);
  const out = new Float32Array(g.n * g.o * L).fill(Number.NaN);
  be.conv2d(x, w, bias, out, g);
  const gx = new Float32Array(x.length).fill(Number.NaN), gw = new Float32Array(w.length).fill(Number.NaN);
  const gb = new Float32Array(g.o).fill(Number.NaN);
  be.conv2dBackward({ gOut, x, w, g, gx, gw, gb });
  return { out, gx, gw, gb };
}

function expectClose(got: Run, want: Run, what: string): void {
  // float32 products accumulated over at most a few hundred terms against the reference GEMM.
  for (const k of ["out", "gx", "gw", "gb"] as const) {
    expect(got[k].every((v) => Number.isFinite(v)), `${what} ${k} all written`).toBe(true);
    expect(maxRelErr(got[k], want[k]), `${what} ${k}`).toBeLessThan(2e-5);
  }
}

describe("wasm convolution kernels", () => {
  it("equal the reference on random geometries", () => {
    const small = fc.integer({ min: 1, max: 3 });
    fc.assert(
      fc.property(
        fc.record({
          n: small, cg: small, og: small, groups: fc.integer({ min: 1, max: 2 }),
          h: fc.integer({ min: 1, max: 9 }), w: fc.integer({ min: 1, max: 11 }),
          kh: small, kw: small, sh: small, sw: small,
          pt: fc.integer({ min: 0, max: 2 }), pl: fc.integer({ min: 0, max: 2 }), dh: fc.integer({ min: 1, max: 2 }), dw: fc.integer({ min: 1, max: 2 }),
        }),
        fc.boolean(), fc.integer({ min: 1, max: 1e6 }),
        (p, withBias, seed) => {
          const g = geometry(p);
          if (!g) return;
          expectClose(run(wasm, g, seed, withBias), run(jsBackend, g, seed, withBias), JSON.stringify(g));
        },
      ),
      { numRuns: 60, seed: 20 },
    );
  });

  it("run a batch of several chunks as the reference does (TinyVGG's first layer, 600 images)", () => {
    const g = geometry({ n: 600, cg: 1, og: 10, groups: 1, h: 28, w: 28, kh: 3, kw: 3, sh: 1, sw: 1, pt: 1, pl: 1, dh: 1, dw: 1 }) as ConvGeometry;
    expect(samplesPerChunk(g)).toBeLessThan(600);
    expectClose(run(wasm, g, 7, true), run(jsBackend, g, 7, true), "600 images");
  });

  it("give the same bits on one thread and on several (direct kernels at 14² and 28², the GEMM at stride 2)", async () => {
    const geoms = [
      geometry({ n: 64, cg: 10, og: 10, groups: 1, h: 14, w: 14, kh: 3, kw: 3, sh: 1, sw: 1, pt: 1, pl: 1, dh: 1, dw: 1 }) as ConvGeometry,
      geometry({ n: 33, cg: 10, og: 10, groups: 1, h: 28, w: 28, kh: 3, kw: 3, sh: 1, sw: 1, pt: 1, pl: 1, dh: 1, dw: 1 }) as ConvGeometry,
      geometry({ n: 40, cg: 7, og: 9, groups: 1, h: 21, w: 19, kh: 3, kw: 3, sh: 2, sw: 2, pt: 1, pl: 1, dh: 1, dw: 1 }) as ConvGeometry,
    ];
    engine.setNumThreads(1);
    const one = geoms.map((g) => run(wasm, g, 3, true));
    // The pool is made once, with the thread count of its first use (2, the default here).
    {
      const threads = 2;
      engine.setNumThreads(threads);
      // The first large product starts the pool; the workers come up asynchronously.
      run(wasm, geoms[0], 3, true);
      await until(() => engine.workersReady >= threads - 1, "the workers to start");
      geoms.forEach((g, i) => {
        const threaded = engine.stats.threaded;
        const many = run(wasm, g, 3, true);
        expect(engine.stats.threaded, `${threads} threads, geometry ${i}`).toBeGreaterThan(threaded);
        for (const k of ["out", "gx", "gw", "gb"] as const) {
          expect(Buffer.from(many[k].buffer).equals(Buffer.from(one[i][k].buffer)), `${threads} threads, geometry ${i}: ${k}`).toBe(true);
        }
      });
    }
  });

  it("multiply no padding lane of a row's end by an infinity of the input (the direct weight gradient's masked tail)", () => {
    // ow = 6: each row's last block holds 2 real columns and 2 past the end, whose input
    // taps reach real pixels; an infinity there must reach only the gradients it feeds.
    const g = geometry({ n: 2, cg: 2, og: 3, groups: 1, h: 5, w: 6, kh: 3, kw: 3, sh: 1, sw: 1, pt: 1, pl: 1, dh: 1, dw: 1 }) as ConvGeometry;
    const rand = rng(5);
    const x = randF32(g.n * g.c * g.h * g.w, rand);
    x[2 * g.w + 5] = Number.POSITIVE_INFINITY;
    const w = randF32(g.o * g.c * 9, rand), gOut = randF32(g.n * g.o * g.oh * g.ow, rand);
    const grads = (be: typeof jsBackend): Float32Array => {
      const gw = new Float32Array(w.length);
      be.conv2dBackward({ gOut, x, w, g, gx: null, gw, gb: null });
      return gw;
    };
    const got = grads(wasm), want = grads(jsBackend);
    expect(Array.from(got, (v) => Number.isFinite(v))).toEqual(Array.from(want, (v) => Number.isFinite(v)));
    expect(want.some((v) => Number.isFinite(v)) && want.some((v) => !Number.isFinite(v))).toBe(true);
    for (let k = 0; k < got.length; k++) {
      if (Number.isFinite(want[k])) expect(Math.abs(got[k] - want[k]), `gw[${k}]`).toBeLessThan(1e-5 * Math.max(1, Math.abs(want[k])));
      else expect(got[k], `gw[${k}]`).toBe(want[k]);
    }
  });
});
