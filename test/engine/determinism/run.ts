/**
 * Runs the determinism programs in this process and prints one JSON line: per program
 * the sha256 of its final parameters' float32 bytes, its probe, the parameters as
 * base64; and the backend in use and how many products went to worker threads. The thread count and backend
 * come from the environment (KINDLING_NUM_THREADS, KINDLING_BACKEND), as a user sets them.
 *
 *   tsx test/engine/determinism/run.ts [name=epochs ...]
 */
import * as kd from "../../../src/index.js";
import { backend, wasmBackend } from "../../../src/backend/index.js";
import { sha256 } from "./child.js";
import { PROGRAMS, TEST_EPOCHS, type ProgramName } from "./programs.js";

export interface RunOutput {
  backend: string;
  threads: number;
  threadedProducts: number;
  programs: Record<string, { sha256: string; probe: number; params: string }>;
}

function bytesOf(params: Float32Array[]): Uint8Array {
  const total = params.reduce((s, p) => s + p.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of params) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return out;
}

const epochs: Record<string, number> = { ...TEST_EPOCHS };
for (const arg of process.argv.slice(2)) {
  const [name, e] = arg.split("=");
  epochs[name] = Number(e);
}
const out: RunOutput = { backend: "", threads: kd.getNumThreads(), threadedProducts: 0, programs: {} };
for (const [name, e] of Object.entries(epochs)) {
  const r = PROGRAMS[name as ProgramName](e);
  const bytes = bytesOf(r.params);
  out.programs[name] = {
    sha256: sha256(bytes),
    probe: r.probe,
    params: Buffer.from(bytes).toString("base64"),
  };
}
out.backend = backend().name;
out.threadedProducts = wasmBackend()?.engine.stats.threaded ?? 0;
console.log(JSON.stringify(out));
