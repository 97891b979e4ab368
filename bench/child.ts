/**
 * Runs one Kindling workload in this process and prints its result as one JSON line,
 * with the process's peak resident memory. The runner (run.ts) starts one process per
 * run, so peak memory is the workload's own.
 *
 *   tsx bench/child.ts W1 | W2 | W1W | W2W | W3 <data file> | W4 <size> <threads> <reps> | W5 <steps> | W6 <epochs> | SOAK <epochs>
 */
import { w1 } from "./workloads/w1-binary.js";
import { w2 } from "./workloads/w2-multiclass.js";
import { w3 } from "./workloads/w3-medium.js";
import { w4 } from "./workloads/w4-gemm.js";
import { soak } from "./workloads/soak.js";
import { w5 } from "./workloads/w5-tinyvgg.js";
import { w6 } from "./workloads/w6-fashion-epochs.js";
import { backend, getNumThreads } from "../src/backend/index.js";
import type { WorkloadResult } from "./workloads/result.js";

async function main(): Promise<void> {
  const [which, ...args] = process.argv.slice(2);
  let r: WorkloadResult;
  switch (which) {
    case "W1": r = w1(); break;
    case "W2": r = w2(); break;
    // Steady state: the same workload timed after 1000 epochs of it in this process.
    case "W1W": w1(); r = { ...w1(), workload: "W1W" }; break;
    case "W2W": for (let i = 0; i < 10; i++) w2(); r = { ...w2(), workload: "W2W" }; break;
    case "W3": r = w3(args[0]); break;
    case "W4": r = await w4(Number(args[0]), Number(args[1]), Number(args[2] ?? 10)); break;
    case "W5": r = w5(Number(args[0] ?? 20)); break;
    case "W6": r = w6(Number(args[0] ?? 3)); break;
    case "SOAK": r = soak(Number(args[0] ?? 10000)); break;
    default: throw new Error(`unknown workload ${which}`);
  }
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ...r, threads: r.threads ?? getNumThreads(), backend: backend().name, peakRssMb }));
}

await main();
