/**
 * Runs one Kindling workload in this process and prints its result as one JSON line,
 * with the process's peak resident memory. The runner (run.ts) starts one process per
 * run, so peak memory is the workload's own.
 *
 *   tsx bench/child.ts W1 | W2 | W1W | W2W | W3 <data file> | W4 <size> <threads> <reps> | W5 <steps> | W6 <epochs> | SOAK <epochs>
 */
import type { WorkloadResult } from "./workloads/result.js";

/** Each workload's module is loaded only when run: W1 and W2 load the built package alone (see workloads/library.ts). */
const tutorial = ["W1", "W2", "W1W", "W2W", "SOAK"];

async function main(): Promise<void> {
  const [which, ...args] = process.argv.slice(2);
  let r: WorkloadResult;
  switch (which) {
    case "W1": r = (await import("./workloads/w1-binary.js")).w1(); break;
    case "W2": r = (await import("./workloads/w2-multiclass.js")).w2(); break;
    // Steady state: the same workload timed after 1000 epochs of it in this process.
    case "W1W": {
      const { w1 } = await import("./workloads/w1-binary.js");
      w1();
      r = { ...w1(), workload: "W1W" };
      break;
    }
    case "W2W": {
      const { w2 } = await import("./workloads/w2-multiclass.js");
      for (let i = 0; i < 10; i++) w2();
      r = { ...w2(), workload: "W2W" };
      break;
    }
    case "W3": r = (await import("./workloads/w3-medium.js")).w3(args[0]); break;
    case "W4": r = await (await import("./workloads/w4-gemm.js")).w4(Number(args[0]), Number(args[1]), Number(args[2] ?? 10)); break;
    case "W5": r = (await import("./workloads/w5-tinyvgg.js")).w5(Number(args[0] ?? 20)); break;
    case "W6": r = (await import("./workloads/w6-fashion-epochs.js")).w6(Number(args[0] ?? 3)); break;
    case "SOAK": r = (await import("./workloads/soak.js")).soak(Number(args[0] ?? 10000)); break;
    default: throw new Error(`unknown workload ${which}`);
  }
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const lib = tutorial.includes(which) ? await import("./workloads/library.js") : null;
  const { backend, getNumThreads } = lib ? lib.kd : await import("../src/backend/index.js");
  console.log(JSON.stringify({ ...r, threads: r.threads ?? getNumThreads(), backend: backend().name, library: lib?.librarySource ?? "src", peakRssMb }));
}

await main();
