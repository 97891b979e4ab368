/** What the runtime offers for threads: Node's worker_threads, or browser Workers when cross-origin isolated. */
import type * as WorkerThreads from "node:worker_threads";

export function isNode(): boolean {
  return typeof process !== "undefined" && typeof process.versions?.node === "string";
}

/** Node's worker_threads, loaded without a static import so browser bundles never see it. */
export function nodeWorkerThreads(): typeof WorkerThreads | null {
  if (!isNode() || typeof process.getBuiltinModule !== "function") return null;
  return process.getBuiltinModule("node:worker_threads");
}

/** Logical cores the runtime says it may use. */
export function hardwareThreads(): number {
  if (isNode() && typeof process.getBuiltinModule === "function") {
    return Math.max(1, process.getBuiltinModule("node:os").availableParallelism());
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}

/**
 * Whether wasm memory can be shared with workers: always in Node; in a browser only
 * when the page is cross-origin isolated (COOP + COEP), as SharedArrayBuffer requires.
 */
export function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer === "undefined") return false;
  if (isNode()) return nodeWorkerThreads() !== null;
  const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown };
  return g.crossOriginIsolated === true && typeof g.Worker === "function";
}
