/**
 * The WebGPU reductions, matrix products and data movers against the reference backend
 * (src/backend/js) on SwiftShader.
 *
 * Tolerances: float32 sums and products accumulate in float32 on the device in another
 * order than the reference's float64, so they are judged relative to the values' scale:
 * sum 1e-6·√size, matmul 2e-6·√k (the wasm backend's bound); max, min, the arg ops, any,
 * all and every int32 result must be exact, as must the movers.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { jsBackend } from "../../../src/backend/index.js";
import type { ReduceOp } from "../../../src/backend/backend.js";
import type { GpuDType, WebGpuBackend } from "../../../src/backend/webgpu/backend.js";
import { maxRelErr, randF32, rng } from "../helpers.js";
import { integers, mismatch, uniform } from "./compare.js";
import { gpuUnderTest } from "./device.js";

let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await gpuUnderTest();
});

const REDUCE_OPS: ReduceOp[] = ["sum", "prod", "max", "min", "argmax", "argmin", "any", "all"];
const EXTREMES = new Set<ReduceOp>(["max", "min", "argmax", "argmin"]);
/** [outer, size, inner]: short axes (a thread per output) and long ones (a workgroup tree), inner 1 and > 1. */
const REDUCE_SHAPES: [number, number, number][] = [[1, 1, 1], [3, 5, 1], [2, 7, 3], [1, 300, 1], [4, 1000, 1], [3, 130, 5], [2, 0, 3]];

function outDtype(op: ReduceOp, x: GpuDType): GpuDType {
  return op === "argmax" || op === "argmin" ? "int32" : op === "any" || op === "all" ? "bool" : x;
}

async function checkReduce(op: ReduceOp, x: Float32Array | Int32Array, dt: GpuDType, [outer, size, inner]: [number, number, number]): Promise<void> {
  const od = outDtype(op, dt);
  const n = outer * inner;
  const want = od === "float32" ? new Float32Array(n) : od === "int32" ? new Int32Array(n) : new Uint8Array(n);
  jsBackend.reduce(op, x, want, outer, size, inner);
  const out = gpu.alloc(od, n);
  gpu.reduce(op, gpu.upload(x, dt), out, outer, size, inner);
  const got = await gpu.read(out);
  const what = `${op} ${dt} [${outer}, ${size}, ${inner}]`;
  const finite = want.every((v) => Number.isFinite(v));
  if (op === "sum" && dt === "float32" && finite) expect(maxRelErr(got, want), what).toBeLessThan(1e-6 * Math.sqrt(size + 1));
  else if (op === "sum" && dt === "float32") expect(mismatch(got, want, { atol: 1e-5, rtol: 1e-6 }), what).toBeNull();
  else if (op === "prod" && dt === "float32") expect(mismatch(got, want, { atol: 0, rtol: 1e-5 }), what).toBeNull();
  else expect(mismatch(got, want), what).toBeNull();
}

describe("webgpu reduce", () => {
  it("float32: every op over short and long axes", async () => {
    const rand = rng(11);
    for (const shape of REDUCE_SHAPES) {
      const n = shape[0] * shape[1] * shape[2];
      for (const op of REDUCE_OPS) {
        if (shape[1] === 0 && EXTREMES.has(op)) continue; // the op layer raises PyTorch's error on an empty axis
        // Products of values near 1 stay finite over 1000 terms; zeros exercise any / all.
        const x = op === "prod" ? uniform(n, rand, 0.9, 1.1) : uniform(n, rand, -5, 5);
        if (op === "any" || op === "all") for (let i = 0; i < n; i++) if (rand() < 0.5) x[i] = op === "all" ? 1 : 0;
        await checkReduce(op, x, "float32", shape);
      }
    }
  });

  it("NaN wins max / min and the first NaN wins argmax / argmin; ties go to the first index", async () => {
    for (const size of [6, 400]) {
      const x = new Float32Array(2 * size).fill(1);
      x[3] = 7; x[4] = 7; // a tie: argmax is 3
      x[size + 2] = Number.NaN; x[size + 5] = Number.NaN; x[size + 1] = -Infinity;
      if (size > 6) { x[250] = 7; x[size + 300] = Number.NaN; }
      for (const op of REDUCE_OPS) await checkReduce(op, x, "float32", [2, size, 1]);
    }
  });

  it("int32: every op, exact (sums wrap as int32)", async () => {
    const rand = rng(12);
    for (const shape of REDUCE_SHAPES) {
      const n = shape[0] * shape[1] * shape[2];
      for (const op of REDUCE_OPS) {
        if (shape[1] === 0 && EXTREMES.has(op)) continue;
        // Few distinct values: many ties for the arg ops; small ones keep products exact in the reference.
        const x = op === "prod" ? integers(n, rand, -1, 2).map((v) => (v === 0 ? 1 : v)) : integers(n, rand, -3, 3);
        await checkReduce(op, x, "int32", shape);
      }
    }
    const big = Int32Array.from([2147483647, 2147483647, 5]);
    await checkReduce("sum", big, "int32", [1, 3, 1]);
  });

  it("bool inputs count and test as integers", async () => {
    const x = Uint8Array.from([1, 0, 1, 1, 0, 0]);
    const sum = gpu.alloc("int32", 2), any = gpu.alloc("bool", 2), all = gpu.alloc("bool", 3);
    const gx = gpu.upload(x, "bool");
    gpu.reduce("sum", gx, sum, 2, 3, 1);
    gpu.reduce("any", gx, any, 2, 3, 1);
    gpu.reduce("all", gx, all, 1, 2, 3);
    expect(Array.from(await gpu.read(sum))).toEqual([2, 1]);
    expect(Array.from(await gpu.read(any))).toEqual([1, 1]);
    expect(Array.from(await gpu.read(all))).toEqual([1, 0, 0]);
  });
});

const TRANSPOSES: [boolean, boolean][] = [[false, false], [false, true], [true, false], [true, true]];

async function checkMatmul(dt: "float32" | "int32", m: number, k: number, n: number, ta: boolean, tb: boolean, seed: number, batch = 1, strideA = m * k, strideB = k * n): Promise<void> {
  const rand = rng(seed);
  const na = strideA === 0 ? m * k : batch * m * k, nb = strideB === 0 ? k * n : batch * k * n;
  const a = dt === "float32" ? randF32(na, rand) : integers(na, rand, -9, 9);
  const b = dt === "float32" ? randF32(nb, rand) : integers(nb, rand, -9, 9);
  const want = dt === "float32" ? new Float32Array(batch * m * n) : new Int32Array(batch * m * n);
  jsBackend.matmul(a, b, want, batch, m, k, n, ta, tb, strideA, strideB);
  const out = gpu.alloc(dt, batch * m * n);
  gpu.fill(out, Number.NaN); // every element must be written
  gpu.matmul(gpu.upload(a, dt), gpu.upload(b, dt), out, batch, m, k, n, ta, tb, strideA, strideB);
  const got = await gpu.read(out);
  const what = `${dt} ${m}x${k}x${n} tA=${ta} tB=${tb} batch=${batch} strides ${strideA}, ${strideB}`;
  if (dt === "float32") expect(maxRelErr(got, want), what).toBeLessThan(2e-6 * Math.sqrt(Math.max(k, 1)) + 1e-6);
  else expect(mismatch(got, want), what).toBeNull();
}

describe("webgpu matmul", () => {
  it("float32: odd shapes across the 64-wide tiles and 16-deep steps, every transposed form", async () => {
    let seed = 100;
    for (const [m, k, n] of [[1, 1, 1], [5, 7, 3], [17, 33, 9], [70, 16, 65], [64, 64, 64], [3, 100, 130]] as const) {
      for (const [ta, tb] of TRANSPOSES) await checkMatmul("float32", m, k, n, ta, tb, seed++);
    }
  });

  it("float32: batches with a broadcast operand (stride 0) and the 128-wide tiles", async () => {
    await checkMatmul("float32", 6, 5, 4, false, false, 1, 3);
    await checkMatmul("float32", 6, 5, 4, true, false, 2, 3, 0, 20);
    await checkMatmul("float32", 6, 5, 4, false, true, 3, 4, 30, 0);
    await checkMatmul("float32", 520, 24, 515, false, false, 4);
    await checkMatmul("float32", 520, 24, 515, true, true, 5);
  });

  it("int32: exact, wrapping products and sums", async () => {
    for (const [ta, tb] of TRANSPOSES) await checkMatmul("int32", 9, 21, 7, ta, tb, 7);
    const a = Int32Array.of(65536, 65536), b = Int32Array.of(65536, 3);
    const out = gpu.alloc("int32", 1);
    gpu.matmul(gpu.upload(a, "int32"), gpu.upload(b, "int32"), out, 1, 1, 2, 1, false, false, 2, 2);
    expect(Array.from(await gpu.read(out))).toEqual([196608]); // 2^32 wraps to 0, + 3·2^16
  });

  it("k = 0 gives zeros; 0 · inf gives NaN (no zero skipping)", async () => {
    const out = gpu.alloc("float32", 4);
    gpu.fill(out, 5);
    gpu.matmul(gpu.alloc("float32", 0), gpu.alloc("float32", 0), out, 1, 2, 0, 2, false, false, 0, 0);
    expect(Array.from(await gpu.read(out))).toEqual([0, 0, 0, 0]);
    const one = gpu.alloc("float32", 1);
    gpu.matmul(gpu.upload(Float32Array.of(0), "float32"), gpu.upload(Float32Array.of(Infinity), "float32"), one, 1, 1, 1, 1, false, false, 1, 1);
    expect(Number.isNaN((await gpu.read(one))[0])).toBe(true);
  });
});

describe("webgpu linear", () => {
  it("matches the reference's fused linear layer: bias, ReLU, both, neither, k = 0", async () => {
    const rand = rng(41);
    for (const [m, k, n] of [[5, 3, 2], [70, 33, 65], [4, 0, 3]] as const) {
      const x = randF32(m * k, rand), w = randF32(n * k, rand), bias = randF32(n, rand);
      for (const withBias of [true, false]) for (const act of ["none", "relu"] as const) {
        const want = new Float32Array(m * n);
        jsBackend.linear(x, w, withBias ? bias : null, want, m, k, n, act);
        const out = gpu.alloc("float32", m * n);
        gpu.fill(out, Number.NaN);
        gpu.linear(gpu.upload(x, "float32"), gpu.upload(w, "float32"), withBias ? gpu.upload(bias, "float32") : null, out, m, k, n, act);
        const got = await gpu.read(out);
        expect(maxRelErr(got, want), `${m}x${k}x${n} bias=${withBias} ${act}`).toBeLessThan(2e-6 * Math.sqrt(k + 1) + 1e-6);
        if (act === "relu") expect(got.every((v) => v >= 0), "ReLU output").toBe(true);
      }
    }
  });
});

describe("webgpu linearBackward", () => {
  it("matches the reference's composition: gx, gw, gb, with and without ReLU", async () => {
    const rand = rng(42);
    const [m, k, n] = [37, 9, 12];
    const x = randF32(m * k, rand), w = randF32(n * k, rand), g = randF32(m * n, rand);
    const y = randF32(m * n, rand).map((v) => Math.max(v, 0));
    for (const act of ["none", "relu"] as const) {
      const want = { gx: new Float32Array(m * k), gw: new Float32Array(n * k), gb: new Float32Array(n) };
      jsBackend.linearBackward({ g, y, x, w, m, k, n, act, ...want });
      const up = (a: Float32Array): ReturnType<WebGpuBackend["upload"]> => gpu.upload(a, "float32");
      const got = { gx: gpu.alloc("float32", m * k), gw: gpu.alloc("float32", n * k), gb: gpu.alloc("float32", n) };
      gpu.linearBackward({ g: up(g), y: up(y), x: up(x), w: up(w), m, k, n, act, ...got });
      for (const key of ["gx", "gw", "gb"] as const) {
        expect(maxRelErr(await gpu.read(got[key]), want[key]), `${act} ${key}`).toBeLessThan(2e-6 * Math.sqrt(m) + 1e-6);
      }
    }
  });
});

describe("webgpu movers", () => {
  it("permute matches the reference for 2-D to 4-D permutations, every dtype", async () => {
    const rand = rng(21);
    const cases: [number[], number[]][] = [[[3, 5], [1, 0]], [[2, 3, 4], [2, 0, 1]], [[2, 3, 4], [0, 2, 1]], [[2, 1, 3, 4], [3, 1, 0, 2]], [[4, 3, 2, 5], [1, 3, 0, 2]]];
    for (const [shape, perm] of cases) {
      const n = shape.reduce((p, s) => p * s, 1);
      const x = integers(n, rand, -100, 100);
      const want = new Int32Array(n);
      jsBackend.permute(x, shape, perm, want);
      for (const dt of ["int32", "float32"] as const) {
        const out = gpu.alloc(dt, n);
        gpu.permute(dt === "int32" ? gpu.upload(x, "int32") : gpu.upload(Float32Array.from(x), "float32"), shape, perm, out);
        expect(mismatch(await gpu.read(out), want), `${dt} [${shape}] by [${perm}]`).toBeNull();
      }
    }
  });

  it("indexSelect gathers rows (X[idx]) and flat elements (gather of class logits)", async () => {
    const x = Float32Array.from({ length: 24 }, (_, i) => i); // [2, 4, 3]
    const idx = gpu.upload(Int32Array.of(3, 0, 3), "int32");
    const out = gpu.alloc("float32", 18);
    gpu.indexSelect(gpu.upload(x, "float32"), 2, 4, 3, idx, out);
    expect(Array.from(await gpu.read(out))).toEqual([9, 10, 11, 0, 1, 2, 9, 10, 11, 21, 22, 23, 12, 13, 14, 21, 22, 23]);
    const flat = gpu.alloc("int32", 2);
    gpu.indexSelect(gpu.upload(Int32Array.from(x), "int32"), 1, 24, 1, gpu.upload(Int32Array.of(23, 5), "int32"), flat);
    expect(Array.from(await gpu.read(flat))).toEqual([23, 5]);
  });

  it("indexAdd accumulates repeated indices in index order, the same bits as a sequential loop", async () => {
    const rand = rng(22);
    const [outer, size, inner, nIdx] = [3, 7, 5, 40];
    const idx = integers(nIdx, rand, 0, size - 1);
    const g = randF32(outer * nIdx * inner, rand, 1000);
    const base = randF32(outer * size * inner, rand);
    // The sequential definition, in float32 arithmetic: out[p, idx[j], q] += g[p, j, q] for j = 0, 1, ….
    const want = base.slice();
    for (let p = 0; p < outer; p++) for (let j = 0; j < nIdx; j++) for (let q = 0; q < inner; q++) {
      const o = (p * size + idx[j]) * inner + q;
      want[o] = Math.fround(want[o] + g[(p * nIdx + j) * inner + q]);
    }
    const out = gpu.upload(base, "float32");
    gpu.indexAdd(gpu.upload(g, "float32"), outer, size, inner, gpu.upload(idx, "int32"), out);
    expect(Array.from(await gpu.read(out))).toEqual(Array.from(want));
    // A gather's backward over flat positions: 5000 indices, mostly distinct, a few repeated.
    const flatIdx = integers(5000, rand, 0, 40000);
    const flatG = randF32(5000, rand);
    const flatWant = new Float32Array(40001);
    for (let j = 0; j < flatIdx.length; j++) flatWant[flatIdx[j]] = Math.fround(flatWant[flatIdx[j]] + flatG[j]);
    const flatOut = gpu.alloc("float32", 40001);
    gpu.indexAdd(gpu.upload(flatG, "float32"), 1, 40001, 1, gpu.upload(flatIdx, "int32"), flatOut);
    expect(mismatch(await gpu.read(flatOut), flatWant)).toBeNull();
    const iout = gpu.alloc("int32", 4);
    gpu.indexAdd(gpu.upload(Int32Array.of(1, 2, 3, 4, 5), "int32"), 1, 4, 1, gpu.upload(Int32Array.of(2, 0, 2, 2, 3), "int32"), iout);
    expect(Array.from(await gpu.read(iout))).toEqual([2, 0, 8, 5]);
    // int32 adds atomically: counts of a larger index list (a confusion matrix's cells).
    const cells = integers(3000, rand, 0, 8);
    const counts = gpu.upload(Int32Array.of(0, 0, 0, 0, 0, 0, 0, 0, 100), "int32");
    const ones = gpu.alloc("int32", cells.length);
    gpu.fill(ones, 1);
    gpu.indexAdd(ones, 1, 9, 1, gpu.upload(cells, "int32"), counts);
    const wantCounts = new Array<number>(9).fill(0);
    wantCounts[8] = 100;
    for (const c of cells) wantCounts[c]++;
    expect(Array.from(await gpu.read(counts))).toEqual(wantCounts);
  });

  it("an index out of range makes the next read throw PyTorch's error, and the device goes on", async () => {
    const out = gpu.alloc("float32", 2);
    gpu.indexSelect(gpu.alloc("float32", 4), 1, 4, 1, gpu.upload(Int32Array.of(1, 4), "int32"), out);
    await expect(gpu.read(out)).rejects.toThrow("index out of range in self");
    gpu.indexAdd(gpu.alloc("float32", 2), 1, 4, 1, gpu.upload(Int32Array.of(-1, 0), "int32"), gpu.alloc("float32", 4));
    await expect(gpu.read(out)).rejects.toThrow("index out of range in self");
    gpu.indexSelect(gpu.upload(Float32Array.of(5, 6, 7, 8), "float32"), 1, 4, 1, gpu.upload(Int32Array.of(3, 0), "int32"), out);
    expect(Array.from(await gpu.read(out))).toEqual([8, 5]);
  });

  it("arange writes int32 sequences", async () => {
    const out = gpu.alloc("int32", 5);
    gpu.arange(out, 10, -3);
    expect(Array.from(await gpu.read(out))).toEqual([10, 7, 4, 1, -2]);
  });

  it("copyRange copies slices between and within storages", async () => {
    const a = gpu.upload(Float32Array.of(1, 2, 3, 4, 5, 6), "float32");
    const b = gpu.alloc("float32", 5);
    gpu.copyRange(a, 2, b, 1, 3);
    expect(Array.from(await gpu.read(b))).toEqual([0, 3, 4, 5, 0]);
    gpu.copyRange(a, 0, a, 2, 4); // overlapping, within one buffer
    expect(Array.from(await gpu.read(a))).toEqual([1, 2, 1, 2, 3, 4]);
    expect(() => gpu.copyRange(a, 0, gpu.alloc("int32", 6), 0, 6)).toThrow("use cast");
  });

  it("many small kernels recorded before one read (a batch that fills the parameter arena)", async () => {
    const x = gpu.upload(Float32Array.of(0, 1, 2), "float32");
    const one = gpu.upload(Float32Array.of(1), "float32");
    for (let i = 0; i < 600; i++) gpu.binary("add", x, [3], one, [1], x, [3]);
    expect(Array.from(await gpu.read(x))).toEqual([600, 601, 602]);
  });
});
