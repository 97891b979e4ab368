/**
 * Run by soak.test.ts in a child `node --expose-gc` process: W3's training step (MLP
 * 32-256-256-10 with ReLU, cross-entropy, Adam lr 1e-3, shuffled minibatches) for `steps`
 * steps in one synchronous loop, as a user's script runs it, sampling at eight checkpoints
 * the process's resident set, the JS heap after a forced GC, and the wasm resident heap's
 * bytes in use and high-water mark. Prints one JSON line.
 *
 *   node --expose-gc --import tsx soak-child.ts <steps> <batch> [keep]
 * With "keep" every step's loss and its whole graph stay referenced (a leak the measurement
 * must see: the graph holds its activations, resident ones among them).
 * ROOT=<checkout> loads that checkout's built package instead of the source (bench A/B).
 */
import { pathToFileURL } from "node:url";
import type * as Kindling from "../../src/index.js";

const kd = (process.env.ROOT
  ? await import(pathToFileURL(`${process.env.ROOT}/dist/index.js`).href)
  : await import("../../src/index.js")) as typeof Kindling;

const steps = Number(process.argv[2] ?? 10_000);
const batch = Number(process.argv[3] ?? 64);
const keep = process.argv[4] === "keep";
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");

// A fixed pool of samples (W3's shape: 32 features, 10 classes), drawn in shuffled batches.
kd.manualSeed(0);
const N = 4096;
const X = kd.randn([N, 32]);
const Y = X.matmul(kd.randn([32, 10])).argmax({ dim: 1 });
const model = new kd.nn.Sequential(
  new kd.nn.Linear(32, 256), new kd.nn.ReLU(),
  new kd.nn.Linear(256, 256), new kd.nn.ReLU(),
  new kd.nn.Linear(256, 10),
);
const lossFn = new kd.nn.CrossEntropyLoss();
const optimizer = new kd.optim.Adam(model.parameters(), { lr: 1e-3 });

const every = Math.max(1, Math.floor(steps / 8));
interface Sample { step: number; rssMb: number; heapMb: number; arrayBuffersMb: number; residentMb: number; highWaterMb: number }
const samples: Sample[] = [];
const losses: number[] = [];
const kept: Kindling.Tensor[] = [];
const MB = 2 ** 20;
let perm = kd.randperm(N), at = 0;
const t0 = performance.now(), c0 = process.cpuUsage();
for (let step = 1; step <= steps; step++) {
  if (at + batch > N) {
    perm = kd.randperm(N);
    at = 0;
  }
  const idx = perm.slice([at, at + batch]);
  at += batch;
  const logits = model.forward(X.index(idx));
  const loss = lossFn.forward(logits, Y.index(idx));
  optimizer.zeroGrad();
  loss.backward({ retainGraph: keep });
  optimizer.step();
  if (keep) kept.push(loss);
  if (step % every === 0) {
    losses.push(loss.item());
    gc();
    const r = kd.residentStats?.();
    const m = process.memoryUsage();
    samples.push({
      step, rssMb: m.rss / MB, heapMb: m.heapUsed / MB, arrayBuffersMb: m.arrayBuffers / MB,
      residentMb: (r?.liveBytes ?? 0) / MB, highWaterMb: (r?.highWater ?? 0) / MB,
    });
  }
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(JSON.stringify({ ms, cpuMs, samples, losses, stats: kd.residentStats?.() ?? null, kept: kept.length }));
