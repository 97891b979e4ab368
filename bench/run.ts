/**
 * Kindling's benchmark: W1–W4 (see /work/shared/notes/performance.md) in Kindling and in
 * PyTorch, run side by side, each run in a fresh process (so peak memory is the
 * workload's own), runs interleaved (so both sides see the same machine load), medians
 * reported. Also the whole-process time of `kindling train` against the same script in
 * Python, and a long run that checks memory does not grow.
 *
 *   npm run bench -- [--json] [--reps N] [--only W1,W2,W3,W4,W5,W6,CLI,SOAK]
 *   npm run bench -- --only CSV[,STREAM]   the large-file rows (bench/csv/run.ts), against pandas
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findTorch, type TorchInfo } from "./python.js";
import { median } from "./stats.js";
import { formatReport, type Row } from "./table.js";
import { writeW3Data } from "./w3-data.js";
import type { WorkloadResult } from "./workloads/result.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..");
const torchScript = join(here, "torch_bench.py");

interface Options {
  json: boolean;
  reps: number;
  /** --reps was given (the CSV rows then repeat too; by default they run once, being minutes long). */
  repsGiven: boolean;
  only: Set<string>;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { json: false, reps: 5, repsGiven: false, only: new Set(["W1", "W2", "W3", "W4", "W5", "W6", "CLI", "SOAK"]) };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--json") o.json = true;
    else if (argv[i] === "--reps") {
      o.reps = Math.max(1, Number(argv[++i]));
      o.repsGiven = true;
    }
    else if (argv[i] === "--only") o.only = new Set(argv[++i].split(",").map((s) => s.trim().toUpperCase()));
    else throw new Error(`unknown option ${argv[i]} (use --json, --reps N, --only W1,W2,W3,W4,W5,W6,CLI,SOAK,CSV,STREAM)`);
  }
  return o;
}

function lastJson(stdout: string, what: string): WorkloadResult {
  const line = stdout.trim().split("\n").filter((l) => l.startsWith("{")).pop();
  if (!line) throw new Error(`${what}: no result line in output:\n${stdout}`);
  return JSON.parse(line) as WorkloadResult;
}

/** child.ts bundled to plain JavaScript, for the workloads that run the built package (see workloads/library.ts). */
let plainChild: string | null = null;

async function bundleChild(): Promise<string> {
  const { build } = await import("esbuild");
  // Inside node_modules, so that the bundle's imports of dependencies resolve.
  // One file per run (several checkouts may share one node_modules), removed at the end.
  const out = join(repo, "node_modules", ".cache", "kindling-bench", `child-${process.pid}.mjs`);
  await build({ entryPoints: [join(here, "child.ts")], outfile: out, bundle: true, format: "esm", platform: "node", target: "es2022", packages: "external", logLevel: "error" });
  return out;
}

const TUTORIAL = new Set(["W1", "W2", "W1W", "W2W", "SOAK"]);

function runKindling(args: string[], nodeFlags: string[] = []): WorkloadResult {
  const child = plainChild && TUTORIAL.has(args[0]) ? [plainChild] : ["--import", "tsx", join(here, "child.ts")];
  const r = spawnSync(process.execPath, [...nodeFlags, ...child, ...args], {
    cwd: repo, encoding: "utf8", timeout: 30 * 60_000, maxBuffer: 1 << 24, env: { ...process.env, KINDLING_BENCH_ROOT: repo },
  });
  if (r.status !== 0) throw new Error(`kindling ${args.join(" ")} failed (${r.error?.message ?? `status ${r.status}, signal ${r.signal}`}):\n${r.stderr}`);
  return lastJson(r.stdout, `kindling ${args.join(" ")}`);
}

function runTorch(py: string, args: string[]): WorkloadResult {
  const r = spawnSync(py, [torchScript, ...args], { cwd: repo, encoding: "utf8", timeout: 30 * 60_000, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`torch ${args.join(" ")} failed (${r.error?.message ?? `status ${r.status}, signal ${r.signal}`}):\n${r.stderr}`);
  return lastJson(r.stdout, `torch ${args.join(" ")}`);
}

/** Wall time of a whole process, ms. */
function timeProcess(cmd: string, args: string[]): { ms: number; ok: boolean; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: repo, encoding: "utf8", timeout: 30 * 60_000, maxBuffer: 1 << 24 });
  return { ms: performance.now() - t0, ok: r.status === 0, stderr: r.stderr };
}

function progress(msg: string, o: Options): void {
  if (!o.json) process.stderr.write(`${msg}\n`);
}

/** The large-file rows run as their own script (minutes and gigabytes: only when asked for). */
function runCsvBench(o: Options): boolean {
  if (!o.only.has("CSV") && !o.only.has("STREAM")) return false;
  const args = [join(here, "csv", "run.ts"), ...(o.only.has("STREAM") ? ["--stream-rows", "10000000"] : []), ...(o.repsGiven ? ["--reps", String(o.reps)] : []), ...(o.json ? ["--json"] : [])];
  const r = spawnSync(process.execPath, ["--import", "tsx", ...args], { cwd: repo, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`bench/csv/run.ts failed (status ${r.status})`);
  o.only.delete("CSV");
  o.only.delete("STREAM");
  return o.only.size === 0;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (runCsvBench(o)) return;
  const { info: torch, tried } = findTorch(repo, torchScript);
  const notes: string[] = [];
  if (!torch) notes.push(`No PyTorch found (tried ${tried.join(", ")}): set KINDLING_PYTHON to a python with torch. Kindling's side only.`);
  else if (torch.blas === "openblas") {
    notes.push("PyTorch uses OpenBLAS here: torch.set_num_threads does not bound OpenBLAS's own pool; set OPENBLAS_NUM_THREADS to match, or the two pools fight over the cores.");
  }
  const rows: Row[] = [];
  const reps = o.reps;
  const dir = mkdtempSync(join(tmpdir(), "kindling-bench-"));
  try {
    if (o.only.has("W1") || o.only.has("W2") || o.only.has("SOAK")) {
      if (existsSync(join(repo, "dist", "index.js")) && !process.env.KINDLING_BENCH_SOURCE) {
        plainChild = await bundleChild();
        notes.push("W1, W2 and the soak run the built package (dist/index.js, what `import \"kindling\"` loads) in plain Node; W3–W5 the TypeScript source under tsx.");
      } else {
        notes.push("W1, W2 and the soak run the TypeScript source under tsx (no dist/index.js, or KINDLING_BENCH_SOURCE set).");
      }
    }
    /** Runs Kindling and each PyTorch configuration `n` times, interleaved. */
    const side = (name: string, kArgs: string[], tConfigs: [string, string[]][], n: number, target: Row["target"], nodeFlags: string[] = []): void => {
      const row: Row = { name, kindling: [], torch: {}, target };
      for (let i = 0; i < n; i++) {
        progress(`${name}: run ${i + 1}/${n}`, o);
        row.kindling.push(runKindling(kArgs, nodeFlags));
        if (torch) for (const [label, args] of tConfigs) (row.torch[label] ??= []).push(runTorch(torch.python, args));
      }
      rows.push(row);
    };
    const torchThreads = torch?.threads ?? 1;
    const w123 = (w: string, extra: string[] = []): [string, string[]][] => {
      const configs: [string, string[]][] = [[`default (${torchThreads} threads)`, [w, ...extra]]];
      if (torchThreads !== 1) configs.push(["1 thread", [w, ...extra, "1"]]);
      return configs;
    };
    // Each in a fresh process (what a script sees, JIT warm-up included; issue 13's targets:
    // W1 ≤ 0.5×, W2 ≤ 1×), and the steady state: timed after 1000 epochs of the same
    // workload in the process, on both sides.
    if (o.only.has("W1")) {
      side("W1 tutorial binary (1000 epochs)", ["W1"], w123("W1"), reps, { kind: "ratio", max: 0.5 });
      side("  W1 after 1000 warm-up epochs", ["W1W"], w123("W1W"), reps, { kind: "ratio", max: 0.3 });
    }
    if (o.only.has("W2")) {
      side("W2 tutorial multi-class (100 epochs)", ["W2"], w123("W2"), reps, { kind: "ratio", max: 1 });
      side("  W2 after 1000 warm-up epochs", ["W2W"], w123("W2W"), reps, { kind: "ratio", max: 0.3 });
    }
    if (o.only.has("W3")) {
      const data = join(dir, "w3.bin");
      progress("W3: writing the data set", o);
      writeW3Data(data);
      side("W3 medium MLP (1 epoch, Adam)", ["W3", data], w123("W3", [data]), Math.max(1, Math.ceil(reps / 2)), { kind: "ratio", max: 2, against: "default" });
    }
    if (o.only.has("W4")) {
      for (const size of [256, 1024]) {
        const products = size >= 1024 ? 7 : 25;
        for (const threads of [1, 2]) {
          const target: Row["target"] = size === 1024
            ? threads === 1 ? { kind: "gflops", min: 50 } : { kind: "speedup", min: 1.6, of: "W4 1024³ × 1 thread" }
            : { kind: "none" };
          side(`W4 ${size}³ × ${threads} thread${threads > 1 ? "s" : ""}`, ["W4", String(size), String(threads), String(products)],
            [[`${threads} thread${threads > 1 ? "s" : ""}`, ["W4", String(size), String(threads), String(products)]]], Math.max(1, Math.ceil(reps / 2)), target);
        }
      }
    }
    if (o.only.has("W5")) {
      // One TinyVGG training step (batch 32); PyTorch with its default threads and with 1.
      const configs: [string, string[]][] = [[`default (${torchThreads} threads)`, ["W5", "20"]]];
      if (torchThreads !== 1) configs.push(["1 thread", ["W5", "20", "1"]]);
      side("W5 TinyVGG step (batch 32, 1×28×28)", ["W5", "20"], configs, reps, { kind: "ratio", max: 1.5, against: "default" });
    }
    if (o.only.has("W6")) {
      // Three epochs of the chapter on all of Fashion-MNIST, once: minutes per run.
      side("W6 TinyVGG, Fashion-MNIST epoch (60k images)", ["W6", "3"], [[`default (${torchThreads} threads)`, ["W6", "3"]]], 1, { kind: "ratio", max: 1.5, against: "default" });
    }
    if (o.only.has("CLI")) {
      const cli = join(repo, "dist", "cli", "main.js");
      if (!existsSync(cli)) {
        notes.push("`kindling train` row skipped: dist/cli/main.js does not exist yet (run npm run build once the CLI lands).");
      } else {
        // W1's model and loop, as the Python twin (TRAIN_W1) runs them: 2-10-10-1, full-batch
        // SGD at 0.1, 1000 epochs, the test set evaluated each epoch, no feature scaling.
        const row: Row = { name: "kindling train, W1 (whole process)", kindling: [], torch: {}, target: { kind: "none" } };
        const w1Args = ["--data", "circles", "--samples", "1000", "--noise", "0.03", "--test-size", "0.2", "--hidden", "10,10", "--optimizer", "sgd", "--lr", "0.1", "--batch-size", "0", "--scale", "none", "--epochs", "1000"];
        for (let i = 0; i < reps; i++) {
          progress(`CLI: run ${i + 1}/${reps}`, o);
          const k = timeProcess(process.execPath, [cli, "train", ...w1Args, "--quiet"]);
          if (!k.ok) throw new Error(`kindling train failed:\n${k.stderr}`);
          row.kindling.push({ workload: "CLI", ms: k.ms });
          if (torch) {
            const t = timeProcess(torch.python, [torchScript, "TRAIN_W1"]);
            if (!t.ok) throw new Error(`python TRAIN_W1 failed:\n${t.stderr}`);
            (row.torch["python script"] ??= []).push({ workload: "CLI", ms: t.ms });
          }
        }
        rows.push(row);
      }
    }
    if (o.only.has("SOAK")) {
      progress("SOAK: 10,000 epochs of W1", o);
      const r = runKindling(["SOAK", "10000"], ["--expose-gc"]);
      rows.push({ name: "soak: W1 × 10,000 epochs (memory)", kindling: [r], torch: {}, target: { kind: "none" } });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (plainChild) rmSync(plainChild, { force: true });
  }
  const env = {
    node: process.version,
    kindlingThreads: process.env.KINDLING_NUM_THREADS ?? "default (all cores)",
    torch: torch as TorchInfo | null,
    reps,
  };
  if (o.json) console.log(JSON.stringify({ env, notes, rows }, null, 1));
  else console.log(formatReport(env, notes, rows, median));
}

await main();
