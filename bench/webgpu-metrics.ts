/**
 * Metric updates on the webgpu device: the time to record one update (nothing is read
 * back) and an epoch of 10 updates plus computeAsync's one read, at the tutorial's sizes.
 * Min of N after a warm-up (pipeline compiles). On SwiftShader this is CPU time.
 *
 *   tsx bench/webgpu-metrics.ts [N]
 */
import * as kd from "../src/index.js";
import { useSwiftShaderUnlessSet } from "./swiftshader.js";

useSwiftShaderUnlessSet();

const reps = Number(process.argv[2] ?? 10);
if (!(await kd.webgpu.init())) throw new Error(`no WebGPU adapter: ${kd.webgpu.unavailableReason() ?? "unknown reason"}`);
console.log(`adapter: ${kd.webgpu.adapterName()}`);

kd.manualSeed(0);
const cases: [string, () => kd.metrics.MetricLike & { to(d: "webgpu"): unknown; computeAsync(): Promise<unknown> }, kd.Tensor, kd.Tensor][] = [
  ["MulticlassAccuracy 200x4", () => new kd.metrics.MulticlassAccuracy({ numClasses: 4 }), kd.randn([200, 4]), kd.randint(0, 4, [200])],
  ["MulticlassF1Score top-2 200x4", () => new kd.metrics.MulticlassF1Score({ numClasses: 4, topK: 2 }), kd.randn([200, 4]), kd.randint(0, 4, [200])],
  ["BinaryAccuracy 800 (logits)", () => new kd.metrics.BinaryAccuracy(), kd.randn([800]), kd.randint(0, 2, [800])],
  ["MulticlassConfusionMatrix 200", () => new kd.metrics.MulticlassConfusionMatrix({ numClasses: 4 }), kd.randint(0, 4, [200]), kd.randint(0, 4, [200])],
];
for (const [what, make, p0, t0] of cases) {
  const p = p0.to("webgpu"), t = t0.to("webgpu");
  let update = Infinity, epoch = Infinity;
  for (let r = 0; r <= reps; r++) {
    const m = make();
    m.to("webgpu");
    const a = performance.now();
    m.update(p, t);
    const b = performance.now();
    for (let i = 1; i < 10; i++) m.update(p, t);
    await m.computeAsync();
    const c = performance.now();
    if (r === 0) continue;
    update = Math.min(update, b - a);
    epoch = Math.min(epoch, c - a);
  }
  console.log(`${what.padEnd(32)} update recorded ${update.toFixed(2)} ms, 10 updates + computeAsync ${epoch.toFixed(2)} ms (min of ${reps})`);
}
process.exit(0);
