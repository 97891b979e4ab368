/**
 * The determinism programs for a browser page: bundled by determinism.test.ts, they put
 * `runDeterminism` on the page's global object. It returns, per program, the parameters'
 * float32 bits as uint32 numbers (hashed on the Node side) and the probe, and the bits of
 * libm's functions over a grid of arguments.
 */
import { getNumThreads } from "../../../src/index.js";
import { libmGrid } from "./libm-grid.js";
import { PROGRAMS, type ProgramName } from "./programs.js";

export interface BrowserRun {
  threads: number;
  /** libmGrid()'s bytes as uint32 numbers. */
  libm: number[];
  programs: Record<string, { bits: number[]; probe: number }>;
}

function run(epochs: Record<string, number>): BrowserRun {
  const programs: BrowserRun["programs"] = {};
  for (const [name, e] of Object.entries(epochs)) {
    const r = PROGRAMS[name as ProgramName](e);
    const bits: number[] = [];
    for (const p of r.params) for (const u of new Uint32Array(p.buffer, p.byteOffset, p.length)) bits.push(u);
    programs[name] = { bits, probe: r.probe };
  }
  const grid = libmGrid();
  return { threads: getNumThreads(), libm: Array.from(new Uint32Array(grid.buffer)), programs };
}

(globalThis as { runDeterminism?: typeof run }).runDeterminism = run;
