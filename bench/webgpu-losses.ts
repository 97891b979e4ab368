/**
 * The fused losses on the webgpu device, per call: forward with a gradient, backward, and
 * the loss read back (one round trip), at the tutorial's sizes. Min of N after a warm-up
 * (pipeline compiles). On SwiftShader this is CPU time, useful only before/after.
 *
 *   tsx bench/webgpu-losses.ts [N]
 */
import * as kd from "../src/index.js";
import { useSwiftShaderUnlessSet } from "./swiftshader.js";

useSwiftShaderUnlessSet();

const reps = Number(process.argv[2] ?? 20);
if (!(await kd.webgpu.init())) throw new Error(`no WebGPU adapter: ${kd.webgpu.unavailableReason() ?? "unknown reason"}`);
console.log(`adapter: ${kd.webgpu.adapterName()}`);

async function time(what: string, step: () => kd.Tensor): Promise<void> {
  await step().itemAsync();
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await step().itemAsync();
    best = Math.min(best, performance.now() - t0);
  }
  console.log(`${what.padEnd(28)} ${best.toFixed(2)} ms (min of ${reps})`);
}

kd.manualSeed(0);
for (const [rows, classes] of [[800, 4], [200, 10]] as const) {
  const x = kd.randn([rows, classes]).to("webgpu").requiresGrad_();
  const t = kd.randint(0, classes, [rows]).to("webgpu");
  await time(`cross-entropy ${rows}x${classes}`, () => {
    x.grad = null;
    const loss = kd.nn.functional.crossEntropy(x, t);
    loss.backward();
    return loss;
  });
}
{
  const x = kd.randn([800, 1]).to("webgpu").requiresGrad_();
  const y = kd.randint(0, 2, [800, 1]).float().to("webgpu");
  await time("bce-with-logits 800", () => {
    x.grad = null;
    const loss = kd.nn.functional.binaryCrossEntropyWithLogits(x, y);
    loss.backward();
    return loss;
  });
}
process.exit(0);
