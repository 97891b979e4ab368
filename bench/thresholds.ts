/**
 * Measures where the size gates belong: WASM_MIN_MACS (reference JS kernel vs wasm,
 * copies included) and THREAD_MIN_MACS (one thread vs two, with the slower copies into
 * shared memory). Prints, per size, the time of each and which wins. CPU time is not
 * used: threads would hide in it; wall medians of many calls instead.
 *
 *   npx tsx bench/thresholds.ts
 */
import { jsBackend, wasmBackend } from "../src/backend/index.js";
import { createWasmBackend } from "../src/backend/wasm/backend.js";
import { median } from "./stats.js";

const auto = wasmBackend();
if (!auto) throw new Error("no WebAssembly SIMD here");
const wasm = createWasmBackend(auto.engine, jsBackend, { minMacs: 0 });
const engine = auto.engine;

function timeIt(f: () => void, minMs = 60): number {
  for (let i = 0; i < 5; i++) f();
  const times: number[] = [];
  const end = performance.now() + minMs;
  while (performance.now() < end || times.length < 7) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return median(times) * 1000;
}

function operands(m: number, k: number, n: number): [Float32Array, Float32Array, Float32Array] {
  const a = new Float32Array(m * k).map(() => Math.random() - 0.5);
  const b = new Float32Array(k * n).map(() => Math.random() - 0.5);
  return [a, b, new Float32Array(m * n)];
}

async function main(): Promise<void> {
  console.log("JS reference vs wasm (one thread), square products, µs per call:");
  engine.setNumThreads(1);
  for (const s of [2, 4, 6, 8, 10, 12, 16, 24, 32]) {
    const [a, b, o] = operands(s, s, s);
    const tj = timeIt(() => jsBackend.matmul(a, b, o, 1, s, s, s, false, false, 0, 0));
    const tw = timeIt(() => wasm.matmul(a, b, o, 1, s, s, s, false, false, 0, 0));
    console.log(`  ${s}³ (${s ** 3} MACs): js ${tj.toFixed(2)}  wasm ${tw.toFixed(2)}  → ${tj < tw ? "js" : "wasm"}`);
  }
  console.log("one thread vs two (shared memory), square products, µs per call:");
  engine.setNumThreads(2);
  const [a0, b0, o0] = operands(400, 400, 400);
  wasm.matmul(a0, b0, o0, 1, 400, 400, 400, false, false, 0, 0);
  while (engine.workersReady === 0) await new Promise((r) => setTimeout(r, 10));
  for (const s of [64, 96, 128, 160, 192, 256, 320]) {
    const [a, b, o] = operands(s, s, s);
    engine.setNumThreads(1);
    const t1 = timeIt(() => wasm.matmul(a, b, o, 1, s, s, s, false, false, 0, 0), 150);
    // Two threads whatever the gate: call the engine directly with the shared context.
    engine.setNumThreads(2);
    const t2 = timeIt(() => {
      const ctx = engine.context(Number.MAX_SAFE_INTEGER);
      ctx.arena.reset();
      const pa = ctx.arena.put(a), pb = ctx.arena.put(b), pc = ctx.arena.alloc(s * s * 4);
      engine.runGemms(ctx, [{ m: s, n: s, k: s, a: pa, lda: s, transA: 0, b: pb, ldb: s, transB: 0, c: pc, ldc: s, accumulate: 0 }]);
      ctx.arena.get(pc, o);
    }, 150);
    console.log(`  ${s}³ (${(s ** 3 / 2 ** 20).toFixed(2)} Mi MACs): 1 thread ${t1.toFixed(0)}  2 threads ${t2.toFixed(0)}  → ${t1 < t2 ? "1" : "2"}`);
  }
}

await main();
