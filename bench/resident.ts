/**
 * Where resident storage pays (src/backend/wasm/resident.ts, RESIDENT_MIN_FLOATS): per
 * kernel output of n floats, what residency costs (a heap block: the view, its
 * FinalizationRegistry entry, freeing by the engine's proof) against what it saves (the
 * copy of the result out of wasm memory and of the operand back in at its next kernel).
 *
 *   npx tsx bench/resident.ts
 */
import { Arena } from "../src/backend/wasm/arena.js";
import { ResidentHeap } from "../src/backend/wasm/resident.js";
import { takeFloat32, recycle } from "../src/tensor/pool.js";

const memory = new WebAssembly.Memory({ initial: 2048, maximum: 2048 });
const arena = new Arena(memory, 1024, 64 << 20);
const heap = new ResidentHeap(memory.buffer as ArrayBuffer, 64 << 20, 128 << 20);

function time(reps: number, f: () => void): number {
  let best = Infinity;
  for (let round = 0; round < 7; round++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) f();
    best = Math.min(best, (performance.now() - t0) / reps);
  }
  return best * 1000;
}

console.log("floats  resident block (µs)  ordinary array + copy out + copy in (µs)");
for (const n of [256, 1024, 4096, 16384, 65536, 262144]) {
  const reps = Math.max(50, Math.floor(4e6 / n));
  const resident = time(reps, () => {
    const v = heap.alloc(n) as Float32Array;
    v[0] = 1;
    heap.recycle(v);
  });
  const ordinary = time(reps, () => {
    const out = takeFloat32(n, false);
    arena.reset();
    const p = arena.alloc(n * 4);
    arena.get(p, out);
    arena.put(out);
    recycle(out);
  });
  console.log(`${String(n).padStart(6)}  ${resident.toFixed(2).padStart(19)}  ${ordinary.toFixed(2).padStart(40)}`);
}
