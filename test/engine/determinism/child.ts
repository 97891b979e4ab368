/** Runs the determinism programs (run.ts) in a fresh Node process with the given environment. */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import type { RunOutput } from "./run.js";

export const REPO = new URL("../../..", import.meta.url).pathname;

export function runPrograms(env: Record<string, string>, args: string[] = []): RunOutput {
  const r = spawnSync(process.execPath, ["--import", "tsx", `${REPO}test/engine/determinism/run.ts`, ...args], {
    cwd: REPO, encoding: "utf8", timeout: 110_000, maxBuffer: 64 << 20,
    env: { ...process.env, KINDLING_BACKEND: "", KINDLING_NUM_THREADS: "", ...env },
  });
  if (r.status !== 0) throw new Error(`determinism run (${JSON.stringify(env)}) failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "") as RunOutput;
}

/** The hashes of a run, by program. */
export function hashes(run: RunOutput): Record<string, string> {
  return Object.fromEntries(Object.entries(run.programs).map(([k, v]) => [k, v.sha256]));
}

/** The parameters of one program of a run, as floats. */
export function paramsOf(run: RunOutput, name: string): Float32Array {
  const b = Buffer.from(run.programs[name].params, "base64");
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
