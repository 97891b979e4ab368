/** Shared pieces of the backend tests: seeded data, error measures, the wasm backend under test. */
import { jsBackend, wasmBackend } from "../../src/backend/index.js";
import { createWasmBackend, type WasmBackend } from "../../src/backend/wasm/backend.js";
import type { WasmEngine } from "../../src/backend/wasm/engine.js";

/**
 * The default backend's engine, and a wasm backend over it that sends every call to wasm
 * however small (the size gates would hide the tiny shapes the tests probe).
 */
export function wasmUnderTest(): { engine: WasmEngine; wasm: WasmBackend } {
  const auto = wasmBackend();
  if (!auto) throw new Error("WebAssembly SIMD must be available in the test runtime (Node ≥ 20)");
  return { engine: auto.engine, wasm: createWasmBackend(auto.engine, jsBackend, { minMacs: 0 }) };
}

/** A small deterministic generator (mulberry32), so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randF32(n: number, rand: () => number, scale = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (rand() * 2 - 1) * scale;
  return a;
}

/**
 * Largest |a − b| relative to the scale of the values, so sums of k products are
 * judged against float32's accumulated rounding rather than an absolute bound.
 */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let scale = 1e-30, err = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= err)) err = Number.isNaN(d) ? Infinity : d;
  }
  return err / scale;
}

/** Waits (polling the event loop) until `cond` holds; the worker pool starts asynchronously. */
export async function until(cond: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
