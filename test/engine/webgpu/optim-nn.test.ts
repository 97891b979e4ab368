/**
 * The optimizers, gradient clipping, the losses, batch norm and dropout2d on the "webgpu"
 * device (SwiftShader), against the CPU's results on the same inputs: a few steps of
 * each optimizer with its options, each loss and its gradients, batch norm in training
 * and evaluation with its running statistics, dropout2d with the same seed.
 *
 * Tolerances: the device's element updates are float32 with fused multiply-adds where the
 * CPU rounds the same way, but WGSL's sqrt and division are not promised correctly
 * rounded, so a few ulps per step (rtol 1e-5 over a few steps); sums in another order
 * (losses, norms, batch statistics) relative 1e-5.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as kd from "../../../src/index.js";
import { gpuUnderTest } from "../../backend/webgpu/device.js";
import { expectCloseToCpu } from "./close.js";

const F = kd.nn.functional;

beforeAll(async () => {
  await gpuUnderTest();
  expect(await kd.webgpu.init()).toBe(true);
});

const close = (gpu: kd.Tensor, cpu: kd.Tensor, rtol = 1e-5, atol = 1e-6): Promise<void> => expectCloseToCpu(gpu, cpu, rtol, atol);

/** Two parameters (a matrix and a vector) on the CPU and their copies on the device. */
function params(seed: number): { cpu: kd.Tensor[]; gpu: kd.Tensor[] } {
  kd.manualSeed(seed);
  const cpu = [kd.randn([5, 3]).requiresGrad_(), kd.randn([3]).requiresGrad_()];
  const gpu = cpu.map((p) => p.detach().to("webgpu").requiresGrad_());
  return { cpu, gpu };
}

/** `steps` steps of the same optimizer on both devices with the same gradients; the parameters agree after each. */
async function sameSteps(make: (ps: kd.Tensor[]) => kd.optim.Optimizer, steps = 3, rtol = 1e-5): Promise<void> {
  const { cpu, gpu } = params(21);
  const oc = make(cpu), og = make(gpu);
  for (let s = 0; s < steps; s++) {
    for (let i = 0; i < cpu.length; i++) {
      const g = kd.randn(cpu[i].shape);
      cpu[i].grad = g;
      gpu[i].grad = g.to("webgpu");
    }
    oc.step();
    og.step();
    for (let i = 0; i < cpu.length; i++) await close(gpu[i].detach(), cpu[i].detach(), rtol, 1e-6);
  }
}

describe("optimizers on webgpu", () => {
  it("SGD with momentum, dampening, weight decay, Nesterov and maximize", async () => {
    await sameSteps((ps) => new kd.optim.SGD(ps, { lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 }));
    await sameSteps((ps) => new kd.optim.SGD(ps, { lr: 0.1, momentum: 0.5, nesterov: true, maximize: true }));
  });

  it("Adam and AdamW (amsgrad, weight decay)", async () => {
    await sameSteps((ps) => new kd.optim.Adam(ps, { lr: 0.01, weightDecay: 0.1, amsgrad: true }));
    await sameSteps((ps) => new kd.optim.AdamW(ps, { lr: 0.01, maximize: true }));
  });

  it("RMSprop: plain, centered with momentum and weight decay, maximize", async () => {
    await sameSteps((ps) => new kd.optim.RMSprop(ps, { lr: 0.01 }));
    await sameSteps((ps) => new kd.optim.RMSprop(ps, { lr: 0.01, centered: true, momentum: 0.9, weightDecay: 0.1 }));
    await sameSteps((ps) => new kd.optim.RMSprop(ps, { lr: 0.01, alpha: 0.3, centered: true, maximize: true }));
  });

  it("Adagrad: lr decay, weight decay, initial accumulator, maximize", async () => {
    await sameSteps((ps) => new kd.optim.Adagrad(ps, { lr: 0.1 }));
    await sameSteps((ps) => new kd.optim.Adagrad(ps, { lr: 0.1, lrDecay: 0.5, weightDecay: 0.1, initialAccumulatorValue: 0.2, maximize: true }));
  });

  it("zeroGrad with and without setToNone", async () => {
    const { gpu } = params(3);
    const opt = new kd.optim.SGD(gpu, { lr: 0.1 });
    gpu[0].grad = kd.ones([5, 3], { device: "webgpu" });
    opt.zeroGrad({ setToNone: false });
    expect(Array.from(await (gpu[0].grad as kd.Tensor).toArrayAsync())).toEqual(new Array(15).fill(0));
    opt.zeroGrad();
    expect(gpu[0].grad).toBeNull();
  });
});

describe("gradient clipping on webgpu", () => {
  it("clipGradNorm_ (2, 1, ∞ norms; clipping and not) and clipGradValue_", async () => {
    for (const [normType, maxNorm] of [[2, 0.5], [1, 100], [Infinity, 0.3], [3, 1]] as const) {
      const { cpu, gpu } = params(5);
      kd.manualSeed(6);
      for (let i = 0; i < cpu.length; i++) {
        const g = kd.randn(cpu[i].shape);
        cpu[i].grad = g;
        gpu[i].grad = g.to("webgpu");
      }
      const nc = kd.nn.utils.clipGradNorm_(cpu, maxNorm, { normType });
      const ng = kd.nn.utils.clipGradNorm_(gpu, maxNorm, { normType });
      await close(ng, nc);
      for (let i = 0; i < cpu.length; i++) await close(gpu[i].grad as kd.Tensor, cpu[i].grad as kd.Tensor);
    }
    const { cpu, gpu } = params(7);
    for (let i = 0; i < cpu.length; i++) {
      const g = kd.randn(cpu[i].shape);
      cpu[i].grad = g;
      gpu[i].grad = g.to("webgpu");
    }
    kd.nn.utils.clipGradValue_(cpu, 0.4);
    kd.nn.utils.clipGradValue_(gpu, 0.4);
    for (let i = 0; i < cpu.length; i++) await close(gpu[i].grad as kd.Tensor, cpu[i].grad as kd.Tensor, 0, 0);
  });
});

/** A loss and the gradients of its input and target on both devices. */
async function sameLoss(
  loss: (x: kd.Tensor, y: kd.Tensor) => kd.Tensor, x: kd.Tensor, y: kd.Tensor, targetGrad = true,
): Promise<void> {
  const xc = x.clone().requiresGrad_(), yc = targetGrad ? y.clone().requiresGrad_() : y.clone();
  const xg = x.to("webgpu").requiresGrad_(), yg = targetGrad ? y.to("webgpu").requiresGrad_() : y.to("webgpu");
  const lc = loss(xc, yc), lg = loss(xg, yg);
  await close(lg, lc);
  // The same node as on the CPU (PyTorch's grad_fn).
  expect(lg.gradFn?.name).toBe(lc.gradFn?.name);
  // A non-uniform upstream gradient for "none".
  const up = kd.linspace(0.5, 2, lc.numel()).reshape(lc.shape);
  lc.backward(up);
  lg.backward(up.to("webgpu"));
  await close(xg.grad as kd.Tensor, xc.grad as kd.Tensor);
  if (targetGrad) await close(yg.grad as kd.Tensor, yc.grad as kd.Tensor);
}

describe("losses on webgpu", () => {
  kd.manualSeed(8);
  const x = kd.randn([6, 4]), y = kd.randn([6, 4]);
  const probs = kd.rand([6, 4]).mul(0.98).add(0.01), labels = kd.rand([6, 4]).round();
  for (const reduction of ["mean", "sum", "none"] as const) {
    it(`regression losses (${reduction})`, async () => {
      await sameLoss((a, b) => F.mseLoss(a, b, { reduction }), x, y);
      await sameLoss((a, b) => F.l1Loss(a, b, { reduction }), x, y);
      await sameLoss((a, b) => F.smoothL1Loss(a, b, { reduction, beta: 0.7 }), x, y);
      await sameLoss((a, b) => F.huberLoss(a, b, { reduction, delta: 0.8 }), x, y);
    });

    it(`binary cross-entropy on probabilities and on logits (${reduction})`, async () => {
      const w = kd.linspace(0.5, 1.5, 4);
      await sameLoss((a, b) => F.binaryCrossEntropy(a, b, { reduction }), probs, labels);
      await sameLoss((a, b) => F.binaryCrossEntropy(a, b, { reduction, weight: a.device === "cpu" ? w : w.to("webgpu") }), probs, labels);
      await sameLoss((a, b) => F.binaryCrossEntropyWithLogits(a, b, { reduction }), x.mul(3), labels);
      await sameLoss((a, b) => F.binaryCrossEntropyWithLogits(a, b, {
        reduction, weight: a.device === "cpu" ? w : w.to("webgpu"), posWeight: a.device === "cpu" ? w.flip(0) : w.flip(0).to("webgpu"),
      }), x.mul(3), labels);
    });
  }

  it("cross-entropy and nll_loss: class weights, label smoothing, ignored rows, [N, C, L], probability targets", async () => {
    kd.manualSeed(15);
    const logits = kd.randn([5, 4]), logits3 = kd.randn([3, 4, 2]);
    const idx = kd.tensor([2, -100, 0, 3, 1], { dtype: "int64" }), idx3 = kd.tensor([[1, 0], [3, -100], [2, 2]], { dtype: "int64" });
    const probs4 = kd.softmax(kd.randn([5, 4]), 1);
    const w = kd.tensor([0.5, 1, 2, 1.5]);
    const on = (t: kd.Tensor, like: kd.Tensor): kd.Tensor => (like.device === "cpu" ? t : t.to("webgpu"));
    for (const reduction of ["mean", "sum", "none"] as const) {
      for (const [x, t] of [[logits, idx], [logits3, idx3]] as const) {
        await sameLoss((a, b) => F.crossEntropy(a, b, { reduction, weight: on(w, a) }), x, t, false);
        await sameLoss((a, b) => F.crossEntropy(a, b, { reduction, labelSmoothing: 0.2 }), x, t, false);
        await sameLoss((a, b) => F.crossEntropy(a, b, { reduction, labelSmoothing: 0.1, weight: on(w, a) }), x, t, false);
        await sameLoss((a, b) => F.nllLoss(kd.logSoftmax(a, 1), b, { reduction, weight: on(w, a) }), x, t, false);
      }
      await sameLoss((a, b) => F.crossEntropy(a, b, { reduction }), logits, probs4);
      await sameLoss((a, b) => F.crossEntropy(a, b, { reduction, labelSmoothing: 0.3, weight: on(w, a) }), logits, probs4);
    }
    // Second derivatives through the composed node (create_graph), as on the CPU.
    for (const [x, t] of [[logits, idx], [logits, probs4]] as const) {
      const xc = x.clone().requiresGrad_(), xg = x.to("webgpu").requiresGrad_();
      const [gc] = kd.autograd.grad(F.crossEntropy(xc, t, { labelSmoothing: 0.1, weight: w }), [xc], { createGraph: true });
      const [gg] = kd.autograd.grad(F.crossEntropy(xg, t.to("webgpu"), { labelSmoothing: 0.1, weight: w.to("webgpu") }), [xg], { createGraph: true });
      expect(gg?.requiresGrad).toBe(true);
      (gc as kd.Tensor).square().sum().backward();
      (gg as kd.Tensor).square().sum().backward();
      await close(xg.grad as kd.Tensor, xc.grad as kd.Tensor, 1e-4, 1e-6);
    }
    // A class index out of range that came up from the CPU is refused at once, as on the CPU.
    expect(() => F.crossEntropy(logits.to("webgpu"), kd.tensor([0, 1, 2, 3, 4], { dtype: "int64" }).to("webgpu"), { labelSmoothing: 0.1 }))
      .toThrow("Target 4 is out of bounds.");
  });

  it("oneHot", async () => {
    const t = kd.tensor([2, 0, 1, 3, 1], { dtype: "int64" });
    const g = F.oneHot(t.to("webgpu"), 5);
    expect(g.device).toBe("webgpu");
    expect(g.dtype).toBe("int64");
    expect(await g.tolistAsync()).toEqual(F.oneHot(t, 5).tolist());
    // The class count and the range from what was uploaded; unknown after an in-place change.
    expect(await F.oneHot(t.to("webgpu")).tolistAsync()).toEqual(F.oneHot(t).tolist());
    expect(() => F.oneHot(t.to("webgpu"), 3)).toThrow("Class values must be smaller than num_classes.");
    const changed = t.to("webgpu").add_(0);
    expect(() => F.oneHot(changed)).toThrow(/needs num_classes/);
    expect(await F.oneHot(changed, 4).tolistAsync()).toEqual(F.oneHot(kd.tensor([2, 0, 1, 3, 1], { dtype: "int64" }), 4).tolist());
    // An index computed on the device past num_classes fails the next read, never a silent row of zeros.
    const bad = F.oneHot(changed, 3);
    await expect(bad.tolistAsync()).rejects.toThrow("index 3 is out of bounds for dimension 0 with size 3");
    expect(await F.oneHot(changed, 4).tolistAsync()).toEqual(F.oneHot(kd.tensor([2, 0, 1, 3, 1], { dtype: "int64" }), 4).tolist());
  });

  it("crossEntropy's composed form: a class index computed on the device out of range fails the next read", async () => {
    kd.manualSeed(5);
    const logits = kd.randn([3, 4]).to("webgpu");
    const target = kd.tensor([0, 3, 1], { dtype: "int64" }).to("webgpu").add_(1); // [1, 4, 2]: the range is no longer known
    const loss = F.crossEntropy(logits, target, { labelSmoothing: 0.1 });
    await expect(loss.itemAsync()).rejects.toThrow("index 4 is out of bounds for dimension 0 with size 4");
    // Ignored rows are not indices: -100 passes, and the loss is the CPU's.
    const ok = kd.tensor([0, -100, 1], { dtype: "int64" }).to("webgpu").add_(0);
    const want = F.crossEntropy(await logits.cpuAsync(), kd.tensor([0, -100, 1], { dtype: "int64" }), { labelSmoothing: 0.1 }).item();
    expect(await F.crossEntropy(logits, ok, { labelSmoothing: 0.1 }).itemAsync()).toBeCloseTo(want, 5);
  });
});

describe("batch norm and dropout2d on webgpu", () => {
  it("F.batchNorm in training (running statistics updated) and evaluation, with gradients", async () => {
    kd.manualSeed(9);
    for (const shape of [[8, 3], [4, 3, 5]]) {
      const x = kd.randn(shape).mul(2).add(1);
      const w = kd.randn([3]), b = kd.randn([3]);
      const rmC = kd.randn([3]), rvC = kd.rand([3]).add(0.5);
      const rmG = rmC.to("webgpu"), rvG = rvC.to("webgpu");
      for (const training of [true, false]) {
        const xc = x.clone().requiresGrad_(), xg = x.to("webgpu").requiresGrad_();
        const wc = w.clone().requiresGrad_(), wg = w.to("webgpu").requiresGrad_();
        const bc = b.clone().requiresGrad_(), bg = b.to("webgpu").requiresGrad_();
        const oc = F.batchNorm(xc, rmC, rvC, { weight: wc, bias: bc, training, momentum: 0.2 });
        const og = F.batchNorm(xg, rmG, rvG, { weight: wg, bias: bg, training, momentum: 0.2 });
        await close(og, oc);
        expect(og.gradFn?.name).toBe(oc.gradFn?.name);
        await close(rmG, rmC);
        await close(rvG, rvC);
        const up = kd.linspace(-1, 2, oc.numel()).reshape(oc.shape);
        oc.backward(up);
        og.backward(up.to("webgpu"));
        await close(xg.grad as kd.Tensor, xc.grad as kd.Tensor, 1e-4, 1e-5);
        await close(wg.grad as kd.Tensor, wc.grad as kd.Tensor, 1e-4, 1e-5);
        await close(bg.grad as kd.Tensor, bc.grad as kd.Tensor, 1e-4, 1e-5);
      }
    }
  });

  it("BatchNorm1d and BatchNorm2d layers: train steps, num_batches_tracked, eval, resetParameters", async () => {
    for (const [layer, shape] of [[() => new kd.nn.BatchNorm1d(3, { momentum: null }), [6, 3]], [() => new kd.nn.BatchNorm2d(3), [2, 3, 2, 2]]] as const) {
      kd.manualSeed(10);
      const lc = layer(), lg = layer().to("webgpu");
      for (let s = 0; s < 2; s++) {
        const x = kd.randn([...shape]);
        await close(lg.forward(x.to("webgpu")), lc.forward(x));
      }
      await close(lg.runningMean as kd.Tensor, lc.runningMean as kd.Tensor);
      await close(lg.runningVar as kd.Tensor, lc.runningVar as kd.Tensor);
      expect(await (lg.numBatchesTracked as kd.Tensor).tolistAsync()).toEqual(2);
      lc.eval();
      lg.eval();
      const x = kd.randn([...shape]);
      await close(lg.forward(x.to("webgpu")), lc.forward(x));
      lg.resetParameters();
      expect(await (lg.runningVar as kd.Tensor).tolistAsync()).toEqual([1, 1, 1]);
      expect(await (lg.numBatchesTracked as kd.Tensor).tolistAsync()).toEqual(0);
      expect(await (lg.weight as kd.Tensor).tolistAsync()).toEqual([1, 1, 1]);
    }
  });

  it("dropout2d drops the same channels as on the CPU given the same seed, and its gradient", async () => {
    const x = kd.randn([3, 4, 2, 2]);
    const xc = x.clone().requiresGrad_(), xg = x.to("webgpu").requiresGrad_();
    kd.manualSeed(13);
    const oc = F.dropout2d(xc, { p: 0.4 });
    kd.manualSeed(13);
    const og = F.dropout2d(xg, { p: 0.4 });
    await close(og, oc, 0, 0);
    expect(og.gradFn?.name).toBe(oc.gradFn?.name);
    oc.sum().backward();
    og.sum().backward();
    await close(xg.grad as kd.Tensor, xc.grad as kd.Tensor, 0, 0);
  });
});

describe("module plumbing on webgpu", () => {
  it("Parameter of a device tensor, init.eye_, in-place relu, loadStateDict from the CPU (float64 cast)", async () => {
    const p = new kd.nn.Parameter(kd.tensor([[1, -2], [3, 4]]).to("webgpu"));
    expect(p.device).toBe("webgpu");
    expect(p.requiresGrad).toBe(true);
    expect(await p.tolistAsync()).toEqual([[1, -2], [3, 4]]);

    const e = kd.zeros([2, 3], { device: "webgpu" });
    kd.nn.init.eye_(e);
    expect(await e.tolistAsync()).toEqual(kd.nn.init.eye_(kd.zeros([2, 3])).tolist());

    const x = kd.tensor([-1, 2, -3]).to("webgpu");
    expect(F.relu(x, { inplace: true })).toBe(x);
    expect(await x.tolistAsync()).toEqual([0, 2, 0]);

    kd.manualSeed(14);
    const cpu = new kd.nn.Linear(3, 2), gpu = new kd.nn.Linear(3, 2).to("webgpu");
    const state = Object.fromEntries(Object.entries(cpu.stateDict()).map(([k, v]) => [k, v.to("float64")]));
    gpu.loadStateDict(state);
    expect(gpu.weight.device).toBe("webgpu");
    expect(gpu.weight.dtype).toBe("float32");
    expect(await gpu.weight.tolistAsync()).toEqual(cpu.weight.tolist());
    expect(await (gpu.bias as kd.Tensor).tolistAsync()).toEqual((cpu.bias as kd.Tensor).tolist());
  });
});
