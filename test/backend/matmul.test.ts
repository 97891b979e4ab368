/**
 * The wasm matrix product against the reference kernel: odd shapes around the 4×8 tile
 * and the 256-deep blocks, every transpose, batches with broadcast operands, and the
 * threaded path.
 */
import { afterAll, describe, expect, it } from "vitest";
import { jsBackend } from "../../src/backend/index.js";
import { THREAD_MIN_MACS } from "../../src/backend/wasm/engine.js";
import { maxRelErr, randF32, rng, until, wasmUnderTest } from "./helpers.js";

const { engine, wasm } = wasmUnderTest();
const initialThreads = engine.numThreads;
afterAll(() => engine.setNumThreads(initialThreads));

const TRANSPOSES: [boolean, boolean][] = [[false, false], [false, true], [true, false], [true, true]];

function check(m: number, k: number, n: number, transA: boolean, transB: boolean, seed: number, batch = 1, strideA = m * k, strideB = k * n): void {
  const rand = rng(seed);
  const a = randF32(strideA === 0 ? m * k : batch * m * k, rand);
  const b = randF32(strideB === 0 ? k * n : batch * k * n, rand);
  const want = new Float32Array(batch * m * n);
  const got = new Float32Array(batch * m * n).fill(Number.NaN);
  jsBackend.matmul(a, b, want, batch, m, k, n, transA, transB, strideA, strideB);
  wasm.matmul(a, b, got, batch, m, k, n, transA, transB, strideA, strideB);
  // float32 accumulation over k terms against the reference's float64 accumulation.
  const tol = 2e-6 * Math.sqrt(Math.max(k, 1)) + 1e-6;
  expect(maxRelErr(got, want), `${m}x${k}x${n} tA=${transA} tB=${transB} batch=${batch}`).toBeLessThan(tol);
}

describe("wasm matmul", () => {
  it("agrees with the reference on odd shapes in every transposed form", () => {
    engine.setNumThreads(1);
    const sizes = [1, 3, 4, 5, 8, 9, 17];
    let seed = 1;
    for (const m of sizes) for (const k of sizes) for (const n of sizes) {
      for (const [ta, tb] of TRANSPOSES) check(m, k, n, ta, tb, seed++);
    }
  });

  it("crosses the depth and row blocks (k > 256, m > 64) and ragged edges", () => {
    engine.setNumThreads(1);
    let seed = 100;
    for (const [m, k, n] of [[255, 17, 33], [67, 257, 9], [1, 513, 255], [130, 300, 31], [17, 255, 129],
      // the narrow kernel (n ≤ 16): whole vectors, ragged ends, long depths
      [301, 700, 16], [5, 1000, 12], [33, 40, 4], [7, 300, 8], [2, 3, 13], [800, 10, 1]]) {
      for (const [ta, tb] of TRANSPOSES) check(m, k, n, ta, tb, seed++);
    }
  });

  it("agrees with the reference on the narrow kernel's special shapes (n = 1, k = 1, m = 1, ragged n, odd m)", () => {
    engine.setNumThreads(1);
    const sizes = [1, 3, 5, 17, 255];
    let seed = 600;
    for (const m of sizes) for (const k of sizes) for (const n of [1, 2, 3, 5, 6, 7, 10, 13, 16]) {
      for (const [ta, tb] of TRANSPOSES) check(m, k, n, ta, tb, seed++);
    }
    // The MLP's own products: forward, and both gradients of each layer.
    for (const [m, k, n] of [[800, 2, 10], [800, 10, 10], [800, 10, 1], [200, 10, 1], [800, 1, 10], [1, 800, 10], [10, 800, 2], [10, 800, 10]]) {
      for (const [ta, tb] of TRANSPOSES) check(m, k, n, ta, tb, seed++);
    }
  });

  it("narrow and wide kernels: C += op(A)·op(B), padded leading dimensions, nothing read or written outside the operands", () => {
    const { ex, arena } = engine;
    let seed = 900;
    for (const m of [1, 3, 5, 17]) for (const n of [1, 2, 3, 4, 5, 7, 10, 13, 16, 17]) for (const k of [1, 3, 5, 17, 255]) {
      for (const [ta, tb] of TRANSPOSES) for (const accumulate of [false, true]) for (const pad of [0, 3]) {
        const rand = rng(seed++);
        const aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        const lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        // NaN in every padding float and past the end: a kernel that used one would show it.
        const padded = (rows: number, cols: number, ld: number, tight: Float32Array): Float32Array => {
          const out = new Float32Array(rows * ld + 8).fill(Number.NaN);
          for (let i = 0; i < rows; i++) out.set(tight.subarray(i * cols, (i + 1) * cols), i * ld);
          return out;
        };
        const a = randF32(aRows * aCols, rand), b = randF32(bRows * bCols, rand);
        const c0 = randF32(m * ldc + 8, rand);
        const prod = new Float32Array(m * n);
        jsBackend.matmul(a, b, prod, 1, m, k, n, ta, tb, 0, 0);
        arena.reset();
        const pa = arena.put(padded(aRows, aCols, lda, a)), pb = arena.put(padded(bRows, bCols, ldb, b));
        const pc = arena.put(c0);
        const work = arena.alloc(ex.gemmScratchBytes(m, n, k));
        ex.gemm(m, n, k, pa, lda, ta ? 1 : 0, pb, ldb, tb ? 1 : 0, pc, ldc, accumulate ? 1 : 0, work);
        const got = new Float32Array(c0.length);
        arena.get(pc, got);
        const block = new Float32Array(m * n), want = new Float32Array(m * n);
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
          block[i * n + j] = got[i * ldc + j];
          want[i * n + j] = accumulate ? c0[i * ldc + j] + prod[i * n + j] : prod[i * n + j];
        }
        const what = `${m}x${k}x${n} tA=${ta} tB=${tb} acc=${accumulate} pad=${pad}`;
        expect(maxRelErr(block, want), what).toBeLessThan(2e-6 * Math.sqrt(k) + 1e-6);
        got.forEach((v, i) => {
          if (i >= m * ldc || i % ldc >= n) expect(v, `${what}: C[${i}] outside the block`).toBe(c0[i]);
        });
      }
    }
  });

  it("runs batches, with either operand broadcast (stride 0)", () => {
    engine.setNumThreads(1);
    let seed = 200;
    for (const [ta, tb] of TRANSPOSES) {
      check(17, 9, 13, ta, tb, seed++, 3);
      check(17, 9, 13, ta, tb, seed++, 4, 0, 9 * 13);
      check(17, 9, 13, ta, tb, seed++, 2, 17 * 9, 0);
    }
  });

  it("handles empty dimensions: k = 0 gives zeros", () => {
    const out = new Float32Array(12).fill(7);
    wasm.matmul(new Float32Array(0), new Float32Array(0), out, 1, 3, 0, 4, false, false, 0, 0);
    expect(Array.from(out)).toEqual(new Array(12).fill(0));
  });

  it("leaves float64 to the reference kernel", () => {
    const rand = rng(5);
    const a = Float64Array.from(randF32(40 * 30, rand)), b = Float64Array.from(randF32(30 * 20, rand));
    const want = new Float64Array(800), got = new Float64Array(800);
    jsBackend.matmul(a, b, want, 1, 40, 30, 20, false, false, 0, 0);
    wasm.matmul(a, b, got, 1, 40, 30, 20, false, false, 0, 0);
    expect(Array.from(got)).toEqual(Array.from(want));
  });

  it("gives the same products on two threads, split by rows or by columns", async () => {
    engine.setNumThreads(2);
    const side = Math.ceil(Math.cbrt(THREAD_MIN_MACS)) + 20;
    // The first large product starts the pool; the workers come up asynchronously.
    check(side, side, side, false, false, 300);
    await until(() => engine.workersReady > 0, "a worker to start");
    const before = engine.stats.threaded;
    let seed = 301;
    for (const [ta, tb] of TRANSPOSES) {
      check(side + 37, side, side - 5, ta, tb, seed++); // taller: split by rows
      check(side - 30, side + 3, side + 61, ta, tb, seed++); // wider: split by columns
    }
    check(97, 130, 111, false, true, seed++, 6); // a batch shared out whole
    expect(engine.stats.threaded - before).toBe(8 + 6);
  });

  it("keeps small products on the calling thread", async () => {
    engine.setNumThreads(2);
    const before = engine.stats.threaded;
    check(50, 50, 50, false, false, 500);
    expect(engine.stats.threaded).toBe(before);
  });
});
