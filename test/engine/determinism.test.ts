/**
 * The default (wasm) backend gives the same bits whatever the thread count: five training
 * programs (W1, W2, W3 on 20k rows, iris with DataLoader + AdamW + StepLR, the spiral with
 * Adam: determinism/programs.ts) hash their final parameters equal with 1, 2 and 4
 * threads, each count in its own process as a user sets it (KINDLING_NUM_THREADS). A
 * product that a thread split cuts into column slices of 16 or fewer, the narrow kernel's
 * width, does too. The reference backend (KINDLING_BACKEND=js) is an independent
 * implementation and agrees within the tolerances stated below. The hashes, and libm's
 * bits over a grid, equal the committed ones (determinism/expected.ts), so a change of bits
 * is caught even where every engine changes alike. test/web/determinism checks the same
 * hashes in Chromium.
 */
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitJob } from "../../src/backend/wasm/split.js";
import type { GemmJob } from "../../src/backend/threads/protocol.js";
import { REPO, hashes, paramsOf, runPrograms, sha256 } from "./determinism/child.js";
import { EXPECTED } from "./determinism/expected.js";
import { libmGrid } from "./determinism/libm-grid.js";

/** The narrow kernel's width (assembly/gemm.ts NARROW). */
const NARROW = 16;

describe("thread splits", () => {
  it("keep every slice on the kernel the whole product chose, and cover it exactly", () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 600 }), fc.integer({ min: 2, max: 16 }),
      (m, n, parts) => {
        const job: GemmJob = { m, n, k: 300, a: 0, lda: 300, transA: 0, b: 0, ldb: n, transB: 0, c: 0, ldc: n, accumulate: 0, work: 0 };
        const slices = splitJob(job, parts);
        expect(slices.length).toBeLessThanOrEqual(parts);
        let rows = 0, cols = 0;
        for (const s of slices) {
          expect(s.n <= NARROW).toBe(n <= NARROW);
          if (s.n === n) rows += s.m;
          if (s.m === m) cols += s.n;
        }
        expect(slices.length === 1 || rows === m || cols === n).toBe(true);
        if (slices.length > 1) expect(rows === m ? slices.every((s) => s.n === n) : slices.every((s) => s.m === m)).toBe(true);
      },
    ), { numRuns: 500 });
  });

  it("give a wide product cut into narrow-sized pieces the same bits as one thread", () => {
    // [20, 8192]·[8192, 32]: 5.2M multiply-adds, threaded, split by columns (m < n). Before
    // the split kept slices wide, two threads made two 16-column slices, which the narrow
    // kernel summed over the whole depth at once, the wide one in blocks of 256.
    const src = `
      import { createHash } from "node:crypto";
      import { wasmBackend } from "./src/backend/index.js";
      const w = wasmBackend();
      const m = 20, n = 32, k = 8192;
      let s = 1;
      const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
      const a = Float32Array.from({ length: m * k }, rand), b = Float32Array.from({ length: k * n }, rand);
      const run = () => {
        const out = new Float32Array(m * n);
        w.matmul(a, b, out, 1, m, k, n, false, false, 0, 0);
        return createHash("sha256").update(out).digest("hex");
      };
      w.engine.setNumThreads(1);
      const one = run();
      const result = { one, threaded: {} };
      w.engine.setNumThreads(4);
      run(); // starts the pool
      const t0 = Date.now();
      const poll = () => {
        if (w.engine.workersReady < 3 && Date.now() - t0 < 60000) return setTimeout(poll, 10);
        for (const t of [4, 3, 2]) {
          w.engine.setNumThreads(t);
          const before = w.engine.stats.threaded;
          result.threaded[t] = { hash: run(), threaded: w.engine.stats.threaded - before };
        }
        console.log(JSON.stringify(result));
      };
      poll();
    `;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", src], { cwd: REPO, encoding: "utf8", timeout: 110_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { one: string; threaded: Record<string, { hash: string; threaded: number }> };
    for (const t of ["2", "3", "4"]) expect(out.threaded[t]).toEqual({ hash: out.one, threaded: 1 });
  });
});

/**
 * How far the reference backend may be from the wasm one after each program, in absolute
 * parameter value. They differ by design: wasm sums products in float32 (as PyTorch's CPU
 * kernels do), the reference kernels in float64; wasm's fused losses use float32
 * polynomials for e^x and log. Each step's results agree to float32 rounding (test/backend),
 * and training carries the difference along. Plain SGD keeps it at that scale (W1, W2: a
 * few 1e-8 to 1e-7 measured). Adam divides each gradient by its running RMS, so a
 * near-zero gradient component whose sign differs by rounding moves its parameter by up
 * to the learning rate: the bound scales with lr (W3: lr 1e-3, one epoch, 8e-6 measured;
 * iris: AdamW lr 1e-2 at 30 epochs, 4e-7 measured; the spiral: Adam lr 1e-2 for 200
 * full-batch steps, 2.3e-3 measured). The bounds leave a margin of about 5×.
 */
const JS_TOLERANCE: Record<string, number> = { w1: 1e-6, w2: 1e-6, w3: 5e-5, iris: 5e-6, spiral: 1e-2 };

describe("five training programs", () => {
  const one = runPrograms({ KINDLING_NUM_THREADS: "1" });

  it("hash the same with 1, 2 and 4 threads", () => {
    expect(one.threadedProducts).toBe(0);
    for (const t of ["2", "4"]) {
      const run = runPrograms({ KINDLING_NUM_THREADS: t });
      expect(run.threads).toBe(Number(t));
      // W3's 256×256×256 products go to the workers once they are up: else this tests nothing.
      expect(run.threadedProducts).toBeGreaterThan(0);
      expect(hashes(run)).toEqual(hashes(one));
    }
  });

  it("hash as committed (determinism/expected.ts)", () => {
    expect(one.backend).toBe("wasm");
    expect(hashes(one)).toEqual(EXPECTED.programs);
  });

  it("run on a libm whose bits over the grid are the committed ones", () => {
    const grid = libmGrid();
    expect(sha256(new Uint8Array(grid.buffer, grid.byteOffset, grid.byteLength))).toBe(EXPECTED.libm);
  });

  it("agree with the reference backend within the stated tolerances", () => {
    const js = runPrograms({ KINDLING_BACKEND: "js" });
    expect(js.backend).toBe("js");
    for (const name of Object.keys(one.programs)) {
      const a = paramsOf(one, name), b = paramsOf(js, name);
      expect(a.length).toBe(b.length);
      let diff = 0;
      for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
      expect(diff, name).toBeLessThanOrEqual(JS_TOLERANCE[name]);
    }
  });
});
