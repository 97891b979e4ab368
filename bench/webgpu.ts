/**
 * Kindling's GPU speed run (issue 14, "Speed, on a real GPU"): W4's float32 GEMM at 1024³
 * and 4096³ on the webgpu device, W3 (one epoch of the medium MLP) on webgpu against
 * Kindling's cpu W3 and, where python3 has torch with CUDA, PyTorch CUDA's W3 and 4096³
 * product in the same run. Prints one table and writes <out>/webgpu-<date>.json.
 *
 *   tsx bench/webgpu.ts [--small] [--dry] [--json] [--no-torch] [--out DIR]
 *
 *   --small  256³ GEMM and a W3 of 768 samples: a rehearsal on SwiftShader (CPU) in seconds
 *   --dry    writes no results file
 *   --json   the results as one JSON line after the table
 *   --no-torch  leaves PyTorch out (otherwise $KINDLING_PYTHON, python3 or python with CUDA)
 *   --out    where the results file goes (default bench/results)
 *
 * On a GPU machine run it through bench/gpu-machine.sh, which sets up Node and Vulkan.
 * Timings on the GPU wait for the device (`kd.webgpu.synchronize()`, or a read-back), so
 * they are the GPU's work, not only its recording. Both trainings get a short untimed run
 * first (pipeline compiles here, CUDA's start-up on PyTorch's side).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as kd from "../src/index.js";
import { readW3Data, W3_SHAPE, writeW3Data, type W3Data } from "./w3-data.js";
import { now, type WorkloadResult } from "./workloads/result.js";
import { w3, W3_BATCH, w3Gflop, w3Model } from "./workloads/w3-medium.js";

export interface GpuBenchOptions {
  small: boolean;
  dry: boolean;
  json: boolean;
  /** Leave PyTorch out (the test: tests never run Python). */
  noTorch: boolean;
  out: string;
}

/** The targets: reported beside the figures, not gating. */
/** --small's W3: three batches (SwiftShader takes seconds per step of this model). */
const SMALL_W3_SAMPLES = 3 * W3_BATCH;

export const TARGETS = { gemmTflops: 15, w3SamplesPerSec: 1_000_000 };

export function parseArgs(argv: string[], defaultOut: string): GpuBenchOptions {
  const o: GpuBenchOptions = { small: false, dry: false, json: false, noTorch: false, out: defaultOut };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--small") o.small = true;
    else if (a === "--dry") o.dry = true;
    else if (a === "--json") o.json = true;
    else if (a === "--no-torch") o.noTorch = true;
    else if (a === "--out" && i + 1 < argv.length) o.out = resolve(argv[++i]);
    else throw new Error(`unknown option ${a} (use --small, --dry, --json, --no-torch, --out DIR)`);
  }
  return o;
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[s.length >> 1];
}

/**
 * A float32 product of two size×size matrices on webgpu, after a warm-up product (the
 * pipeline's compile): `reps` products recorded back to back and timed to the device's
 * completion (the figure: a round trip to the device can cost more than a 1024³ product
 * on a large GPU), and the median of `reps` products each waited for (a note).
 */
export async function gemmOnWebgpu(size: number, reps: number): Promise<WorkloadResult> {
  kd.manualSeed(0);
  const aCpu = kd.randn([size, size]), bCpu = kd.randn([size, size]);
  const a = aCpu.to("webgpu"), b = bCpu.to("webgpu");
  // A fresh result each product (`matmul`'s `out` is CPU-only): the runtime's buffer pool
  // hands back a collected one, and an allocation on the GPU is no copy.
  let t0 = now();
  let out = a.matmul(b);
  await kd.webgpu.synchronize();
  const firstMs = now() - t0;
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    t0 = now();
    out = a.matmul(b);
    await kd.webgpu.synchronize();
    times.push(now() - t0);
  }
  t0 = now();
  for (let r = 0; r < reps; r++) out = a.matmul(b);
  await kd.webgpu.synchronize();
  const ms = (now() - t0) / reps;
  checkFirstRow((await out.slice([0, 1]).toArrayAsync()) as Float32Array, aCpu.data as Float32Array, bCpu.data as Float32Array, size);
  const gflop = (2 * size ** 3) / 1e9;
  let best = Infinity;
  for (const t of times) best = Math.min(best, t);
  return { workload: `W4 ${size}³ webgpu`, ms, gflop, notes: { eachMedianMs: median(times), eachBestMs: best, firstMs, tflops: gflop / ms } };
}

/**
 * The product's first row against a float64 sum on the CPU: a fast wrong kernel must not
 * pass as a figure. float32 sums of n unit-variance terms stray by about 6e-8·n; the
 * tolerance is 1e-5·n, and a wrong element is off by about √n.
 */
export function checkFirstRow(got: Float32Array, a: Float32Array, b: Float32Array, n: number): void {
  const tol = 1e-5 * n + 1e-4;
  for (let j = 0; j < n; j++) {
    let ref = 0;
    for (let k = 0; k < n; k++) ref += a[k] * b[k * n + j];
    if (!(Math.abs(got[j] - ref) <= tol)) {
      throw new Error(`webgpu GEMM ${n}³: out[0, ${j}] = ${got[j]}, a float64 sum on the CPU gives ${ref}`);
    }
  }
}

/** One epoch of W3 on `device` (data moved there once); a few untimed steps on a throwaway model first. */
export async function w3OnDevice(d: W3Data, device: kd.Device, warmupSteps = 5): Promise<WorkloadResult> {
  const n = d.nTrain + d.nTest;
  const X = kd.fromArray(d.x, [n, d.features]).to(device);
  const Y = kd.fromArray(Float64Array.from(d.y), [n], { dtype: "int64" }).to(device);
  const xTrain = X.slice([0, d.nTrain]), yTrain = Y.slice([0, d.nTrain]);
  const xTest = X.slice([d.nTrain, n]), yTest = Y.slice([d.nTrain, n]);
  const lossFn = new kd.nn.CrossEntropyLoss();

  const epoch = async (model: kd.nn.Module, optimizer: kd.optim.Adam, samples: number): Promise<number> => {
    model.train();
    // The permutation stays on the CPU: Kindling checks and uploads an index per batch
    // (its indexing reads the indices on the CPU), as PyTorch takes a CPU index into a CUDA tensor.
    const perm = kd.randperm(d.nTrain);
    let loss: kd.Tensor | null = null;
    for (let i = 0; i < samples; i += W3_BATCH) {
      const idx = perm.slice([i, Math.min(i + W3_BATCH, samples)]);
      loss = lossFn.forward(model.forward(xTrain.index(idx)), yTrain.index(idx));
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
    }
    return loss ? loss.itemAsync() : NaN; // the one read-back: waits for the whole epoch
  };

  kd.manualSeed(1);
  const warm = w3Model(d.features, d.classes).to(device);
  const t0 = now();
  await epoch(warm, new kd.optim.Adam(warm.parameters(), { lr: 1e-3 }), Math.min(d.nTrain, warmupSteps * W3_BATCH));
  const warmupMs = now() - t0;

  kd.manualSeed(0);
  const model = w3Model(d.features, d.classes).to(device);
  const optimizer = new kd.optim.Adam(model.parameters(), { lr: 1e-3 });
  const t1 = now();
  const lastLoss = await epoch(model, optimizer, d.nTrain);
  const ms = now() - t1;
  model.eval();
  const accuracy = await kd.inferenceMode(() => model.forward(xTest).argmax({ dim: 1 }).eq(yTest).float().mean()).itemAsync();
  return {
    workload: `W3 ${device}`, ms, accuracy, gflop: w3Gflop(d.nTrain, d.features, d.classes),
    notes: { samplesPerSec: Math.round(d.nTrain / (ms / 1000)), lastLoss, warmupMs },
  };
}

/** A python3 whose torch sees a CUDA GPU ($KINDLING_PYTHON first), or why there is none. */
export function findTorchCuda(script: string): { python: string | null; device?: string; why: string } {
  const tried: string[] = [];
  for (const py of [process.env.KINDLING_PYTHON, "python3", "python"].filter((p): p is string => !!p)) {
    const r = spawnSync(py, [script, "info"], { encoding: "utf8", timeout: 120_000 });
    const line = r.status === 0 ? r.stdout.trim().split("\n").pop() : undefined;
    if (!line) {
      tried.push(`${py}: no torch`);
      continue;
    }
    const info = JSON.parse(line) as { torch: string; cuda: boolean; device: string | null };
    if (info.cuda) return { python: py, device: info.device ?? undefined, why: `torch ${info.torch}` };
    tried.push(`${py}: torch ${info.torch} without CUDA`);
  }
  return { python: null, why: tried.join("; ") };
}

function runTorchCuda(python: string, script: string, args: string[]): WorkloadResult {
  const r = spawnSync(python, [script, ...args], { encoding: "utf8", timeout: 300_000, maxBuffer: 1 << 24 });
  const line = r.stdout?.trim().split("\n").filter((l) => l.startsWith("{")).pop();
  if (r.status !== 0 || !line) throw new Error(`torch_cuda.py ${args.join(" ")} failed (status ${r.status}):\n${r.stderr}`);
  return JSON.parse(line) as WorkloadResult;
}

export interface GpuBenchReport {
  date: string;
  adapter: string;
  small: boolean;
  node: string;
  torch: string;
  results: WorkloadResult[];
  notes: string[];
  /** Workloads that threw (their messages are in `notes`). */
  failed: string[];
}

/** A rate in TFLOP/s, or GFLOP/s below a tenth of one (SwiftShader's). */
function flopRate(gflop: number, ms: number): string {
  const t = gflop / ms;
  return t >= 0.1 ? `${t.toFixed(2)} TFLOP/s` : `${(t * 1000).toPrecision(3)} GFLOP/s`;
}
const tflops = (r: WorkloadResult | undefined): string => (r?.gflop ? flopRate(r.gflop, r.ms) : "–");
const samples = (r: WorkloadResult | undefined): string => (r?.notes?.samplesPerSec !== undefined ? `${Number(r.notes.samplesPerSec).toLocaleString("en-US")} samples/s` : "–");

/** The report as one table: a row per workload, a column per side. */
export function formatGpuTable(rep: GpuBenchReport): string {
  const find = (w: string): WorkloadResult | undefined => rep.results.find((r) => r.workload === w);
  const rows: string[][] = [["workload", "Kindling webgpu", "Kindling cpu", "PyTorch CUDA", "target"]];
  for (const r of rep.results.filter((x) => x.workload.startsWith("W4") && x.workload.endsWith("webgpu"))) {
    const size = r.workload.split(" ")[1];
    const cuda = find(`W4 ${size} cuda`);
    const tf32 = cuda?.notes?.tf32Ms !== undefined && cuda.gflop ? ` (TF32: ${flopRate(cuda.gflop, Number(cuda.notes.tf32Ms))})` : "";
    rows.push([`W4 GEMM ${size} float32`, tflops(r), "–", `${tflops(cuda)}${tf32}`, size === "4096³" ? `≥ ${TARGETS.gemmTflops} TFLOP/s` : ""]);
  }
  const w3g = find("W3 webgpu"), w3c = find("W3 cpu"), w3t = find("W3 cuda");
  if (w3g || w3c) rows.push(["W3 MLP, 1 epoch", samples(w3g), samples(w3c), samples(w3t), `≥ ${TARGETS.w3SamplesPerSec.toLocaleString("en-US")} samples/s`]);
  const acc = (r: WorkloadResult | undefined): string => (r?.accuracy !== undefined ? `${(100 * r.accuracy).toFixed(1)}%` : "–");
  if (w3g || w3c) rows.push(["  W3 test accuracy", acc(w3g), acc(w3c), acc(w3t), ""]);
  const widths = rows[0].map((_, c) => rows.reduce((m, row) => Math.max(m, row[c].length), 0));
  const lines = rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd());
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return [`Adapter: ${rep.adapter}${rep.small ? " (--small)" : ""}; Node ${rep.node}; PyTorch: ${rep.torch}`, ...lines, ...rep.notes.map((n) => `Note: ${n}`)].join("\n");
}

/** The directory holding bench/torch_cuda.py: above this file under tsx, or the working directory for a bundle. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) if (existsSync(join(dir, "bench", "torch_cuda.py"))) return dir;
  return process.cwd();
}

export async function runGpuBench(o: GpuBenchOptions): Promise<GpuBenchReport> {
  const log = (m: string): boolean => process.stderr.write(`${m}\n`);
  if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), "kindling-xdg-"));
  if (!(await kd.webgpu.init())) throw new Error(`no WebGPU adapter: ${kd.webgpu.unavailableReason()}`);
  const adapter = kd.webgpu.adapterName() ?? "unknown";
  const notes: string[] = [];
  if (/swiftshader/i.test(adapter)) notes.push("SwiftShader runs WebGPU on the CPU: these figures say nothing about a GPU's speed.");
  const script = join(repoRoot(), "bench", "torch_cuda.py");
  const torch = o.noTorch ? { python: null, why: "--no-torch" } : findTorchCuda(script);
  if (!torch.python) notes.push(`No PyTorch with CUDA (${torch.why}): PyTorch's column is empty.`);
  const results: WorkloadResult[] = [];
  const record = (r: WorkloadResult): void => {
    results.push(r);
    log(`${r.workload}: ${r.ms.toFixed(2)} ms, ${r.notes?.samplesPerSec !== undefined ? samples(r) : tflops(r)}`);
  };

  // One failure (a kernel the adapter refuses, PyTorch missing a piece) costs its own row
  // only: time on a GPU machine is short. It is reported, and the script then exits 1.
  const failed: string[] = [];
  const attempt = async (what: string, f: () => WorkloadResult | Promise<WorkloadResult>): Promise<void> => {
    try {
      record(await f());
    } catch (e) {
      failed.push(what);
      notes.push(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
      log(`${what} failed: ${e instanceof Error ? e.stack : String(e)}`);
    }
  };
  const py = torch.python;
  for (const [size, reps] of o.small ? [[256, 3]] : [[1024, 20], [4096, 10]]) await attempt(`W4 ${size}³ webgpu`, () => gemmOnWebgpu(size, reps));
  if (py) await attempt("W4 cuda", () => runTorchCuda(py, script, ["GEMM", o.small ? "256" : "4096", "10"]));

  const dir = mkdtempSync(join(tmpdir(), "kindling-gpubench-"));
  try {
    const data = join(dir, "w3.bin");
    writeW3Data(data, o.small ? { nTrain: SMALL_W3_SAMPLES, nTest: 512, features: W3_SHAPE.features, classes: W3_SHAPE.classes } : W3_SHAPE);
    log("W3: data written");
    await attempt("W3 webgpu", () => w3OnDevice(readW3Data(data), "webgpu", o.small ? 1 : 5));
    await attempt("W3 cpu", () => ({ ...w3(data), workload: "W3 cpu" }));
    if (py) await attempt("W3 cuda", () => runTorchCuda(py, script, ["W3", data]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { date: new Date().toISOString(), adapter, small: o.small, node: process.version, torch: torch.python ? `${torch.why} on ${"device" in torch ? torch.device : "?"}` : "none", results, notes, failed };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2), join(repoRoot(), "bench", "results"));
  const rep = await runGpuBench(o);
  console.log(formatGpuTable(rep));
  if (!o.dry) {
    mkdirSync(o.out, { recursive: true });
    const file = join(o.out, `webgpu-${rep.date.slice(0, 10)}${o.small ? "-small" : ""}.json`);
    writeFileSync(file, `${JSON.stringify(rep, null, 2)}\n`);
    console.log(`Written: ${file}`);
  }
  if (o.json) console.log(JSON.stringify(rep));
  if (rep.failed.length) throw new Error(`failed: ${rep.failed.join(", ")}`);
}

const entry = process.argv[1] ? resolve(process.argv[1]) : "";
if (entry === fileURLToPath(import.meta.url)) {
  main().then(
    () => process.exit(0), // Dawn's instance would otherwise keep the process alive
    (e: unknown) => {
      console.error(e instanceof Error ? e.stack ?? e.message : e);
      process.exit(1);
    },
  );
}
