/**
 * A long W1-style run that samples memory as it goes: the resident set and the JS heap
 * after a full GC (when run with --expose-gc) at a tenth, half and the end of the run.
 * Growth between the samples would mean a leak (graphs kept alive, wasm memory growing).
 */
import { w1 } from "./w1-binary.js";
import type { WorkloadResult } from "./result.js";

function sample(): { rssMb: number; heapMb: number } {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
  const m = process.memoryUsage();
  return { rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20 };
}

export function soak(epochs: number): WorkloadResult {
  const marks = [Math.round(epochs / 10), Math.round(epochs / 2), epochs];
  const samples: { rssMb: number; heapMb: number }[] = [];
  let done = 0, ms = 0, accuracy = 0;
  for (const mark of marks) {
    const r = w1(mark - done);
    ms += r.ms;
    accuracy = r.accuracy ?? 0;
    done = mark;
    samples.push(sample());
  }
  const notes: Record<string, number> = {};
  samples.forEach((s, i) => {
    notes[`rssMb@${marks[i]}`] = Math.round(s.rssMb * 10) / 10;
    notes[`heapMb@${marks[i]}`] = Math.round(s.heapMb * 10) / 10;
  });
  return { workload: "SOAK", ms, accuracy, notes };
}
