/**
 * A TinyVGG training step on the "webgpu" device (SwiftShader) against the same step on
 * the CPU: two 28×28 images, the same initial weights, the logits, the cross-entropy
 * loss, every parameter's gradient, and the loss after one SGD step. The convolutions,
 * max pooling and ReLUs run on the device (ops/image-device.ts), nothing read back
 * before the comparison.
 *
 * Tolerance: float32 with sums in another order (im2col products, col2im gathers);
 * gradients relative 1e-4 of the largest gradient of their tensor, values 1e-4.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as kd from "../../../src/index.js";
import { gpuUnderTest } from "../../backend/webgpu/device.js";

const F = kd.nn.functional;

beforeAll(async () => {
  await gpuUnderTest();
  expect(await kd.webgpu.init()).toBe(true);
});

/** `gpu` read back equals `cpu` within atol + rtol·|cpu|, atol scaled by the largest |cpu|. */
async function close(gpu: kd.Tensor, cpu: kd.Tensor, what: string, tol = 1e-4): Promise<void> {
  expect(gpu.device, what).toBe("webgpu");
  expect(gpu.shape, what).toEqual(cpu.shape);
  const got = await gpu.toArrayAsync(), want = cpu.toArray();
  let scale = 0;
  for (const w of want) scale = Math.max(scale, Math.abs(w));
  const bad: string[] = [];
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= tol * (scale + Math.abs(want[i])))) bad.push(`[${i}] webgpu ${got[i]}, cpu ${want[i]}`);
  }
  expect(bad.slice(0, 5), what).toEqual([]);
}

describe("TinyVGG on webgpu", () => {
  it("a forward, backward and SGD step give the CPU's logits, loss, gradients and next loss", async () => {
    kd.manualSeed(0);
    const cpuModel = kd.nn.tinyVGG(1, 10);
    kd.manualSeed(0);
    const gpuModel = kd.nn.tinyVGG(1, 10).to("webgpu");
    const x = kd.rand([2, 1, 28, 28]);
    const y = kd.tensor([3, 7], { dtype: "int64" });
    const [xg, yg] = [x.to("webgpu"), y.to("webgpu")];

    const cpuOpt = new kd.optim.SGD(cpuModel.parameters(), { lr: 0.1, momentum: 0.9 });
    const gpuOpt = new kd.optim.SGD(gpuModel.parameters(), { lr: 0.1, momentum: 0.9 });

    const logits = cpuModel.forward(x), logitsG = gpuModel.forward(xg);
    await close(logitsG, logits, "logits");
    const loss = F.crossEntropy(logits, y), lossG = F.crossEntropy(logitsG, yg);
    await close(lossG, loss, "loss");
    loss.backward();
    lossG.backward();
    const gpuParams = gpuModel.namedParameters();
    const cpuParams = cpuModel.namedParameters();
    expect(gpuParams.map(([n]) => n)).toEqual(cpuParams.map(([n]) => n));
    for (let i = 0; i < cpuParams.length; i++) {
      const [name, p] = cpuParams[i];
      await close(gpuParams[i][1].grad as kd.Tensor, p.grad as kd.Tensor, `gradient of ${name}`);
    }
    cpuOpt.step();
    gpuOpt.step();
    await close(F.crossEntropy(gpuModel.forward(xg), yg), F.crossEntropy(cpuModel.forward(x), y), "loss after one step");
  });

  it("records the CPU's grad_fn names through the blocks", () => {
    kd.manualSeed(1);
    const x = kd.rand([1, 1, 8, 8]);
    const names = (dev: kd.Device): (string | null)[] => {
      kd.manualSeed(2);
      const model = kd.nn.tinyVGG(1, 3, { hidden: 2, imageSize: 8 }).to(dev);
      const conv = F.conv2d(x.to(dev), model.parameters()[0], model.parameters()[1], { padding: 1 });
      const pooled = F.maxPool2d(conv, 2);
      return [conv.gradFn?.name ?? null, pooled.gradFn?.name ?? null, model.forward(x.to(dev)).gradFn?.name ?? null];
    };
    expect(names("webgpu")).toEqual(names("cpu"));
    expect(names("cpu").slice(0, 2)).toEqual(["ConvolutionBackward0", "MaxPool2DWithIndicesBackward0"]);
  });
});
