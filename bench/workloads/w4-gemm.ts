/**
 * W4: float32 matrix products of square matrices (256³, 1024³) through the public API,
 * into a preallocated result (`a.matmul(b, { out })`, PyTorch's `torch.mm(a, b, out=c)`),
 * as GEMM throughput is measured: the copies into and out of wasm memory are included,
 * a fresh result's allocation is not (in this VM a new 4 MiB array costs page faults
 * worth about a quarter of a 1024³ product). On a given number of threads; the median of
 * several products after a warm-up, and how much of a product the copies take.
 */
import * as kd from "../../src/index.js";
import { setNumThreads, wasmBackend } from "../../src/backend/index.js";
import { now, type WorkloadResult } from "./result.js";

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[s.length >> 1];
}

export async function w4(size: number, threads: number, reps: number): Promise<WorkloadResult> {
  setNumThreads(threads);
  kd.manualSeed(0);
  const a = kd.randn([size, size]), b = kd.randn([size, size]);
  const out = kd.empty([size, size]);
  const engine = wasmBackend()?.engine;
  // Warm-up: compiles, grows the wasm memory, and (threads > 1) lets the workers start,
  // which they do asynchronously after the first large product.
  a.matmul(b, { out });
  const deadline = now() + 5000;
  while (threads > 1 && engine && engine.workersReady < threads - 1 && now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
  }
  for (let i = 0; i < 3; i++) a.matmul(b, { out });
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = now();
    a.matmul(b, { out });
    times.push(now() - t0);
  }
  const ms = median(times);
  // The copies alone: both operands in, the result out, as matmul does them.
  let copyMs = 0;
  if (engine) {
    const result = new Float32Array(size * size);
    const copies: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = now();
      engine.arena.reset();
      engine.arena.put(a.data as Float32Array);
      engine.arena.put(b.data as Float32Array);
      engine.arena.get(engine.arena.alloc(result.length * 4), result);
      copies.push(now() - t0);
    }
    copyMs = median(copies);
  }
  return {
    workload: `W4 ${size}³`, ms, gflop: (2 * size ** 3) / 1e9, threads,
    notes: { bestMs: times[0], copyShare: copyMs / ms, workersReady: engine?.workersReady ?? 0 },
  };
}
