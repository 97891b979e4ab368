/**
 * The "webgpu" device through the public API, on SwiftShader: PyTorch's device semantics
 * (to / cpuAsync, the two-device error, asynchronous reads, float64 refused, int64 held
 * as int32), the ops an MLP classifier uses against the CPU's results, their gradients,
 * and a training run that prints the CPU's numbers.
 *
 * Tolerances: element-wise results within 4 float32 ulps of the CPU's where WGSL's
 * functions are not correctly rounded (exp, log, sigmoid, tanh, division: rtol 2e-6 below),
 * sums and products relative to √n (another summation order). NaN cases are exempt here:
 * SwiftShader does not keep IEEE NaN behaviour (max(NaN, 1) gives 1), which WGSL allows.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { WebGpuBackend } from "../../../src/backend/webgpu/backend.js";
import * as kd from "../../../src/index.js";
import { gpuUnderTest } from "../../backend/webgpu/device.js";
import { expectCloseToCpu } from "./close.js";

beforeAll(async () => {
  await gpuUnderTest(); // the SwiftShader environment, as in the kernel tests
  expect(await kd.webgpu.init()).toBe(true);
});

const close = (gpu: kd.Tensor, cpu: kd.Tensor, rtol = 2e-6, atol = 1e-6): Promise<void> => expectCloseToCpu(gpu, cpu, rtol, atol);

describe("device semantics", () => {
  it("isAvailable, adapterName and the device of new tensors", () => {
    expect(kd.webgpu.isAvailable()).toBe(true);
    expect(kd.webgpu.adapterName()).toMatch(/SwiftShader/i);
    const t = kd.tensor([1, 2, 3], { device: "webgpu" });
    expect(t.device).toBe("webgpu");
    expect(kd.zeros([2, 2], { device: "webgpu" }).device).toBe("webgpu");
    expect(kd.zerosLike(t).device).toBe("webgpu");
    expect(kd.ones([2]).device).toBe("cpu");
  });

  it("eye on the device, and torch's message for a negative size", async () => {
    const e = kd.eye(3, 4, { device: "webgpu" });
    expect(e.device).toBe("webgpu");
    expect(await e.tolistAsync()).toEqual(kd.eye(3, 4).tolist());
    expect(kd.eye(2).tolist()).toEqual([[1, 0], [0, 1]]);
    expect(() => kd.eye(-1)).toThrow("n must be greater or equal to 0, got -1");
    expect(() => kd.eye(2, -3)).toThrow("m must be greater or equal to 0, got -3");
  });

  it("to(), cpuAsync() and the async reads round-trip every device dtype", async () => {
    const f = kd.tensor([[1.5, -2], [3, 4]]);
    const i = kd.tensor([1, -7, 2147483647], { dtype: "int64" });
    const b = kd.tensor([true, false, true]);
    const i32 = kd.tensor([5, -5], { dtype: "int32" });
    for (const t of [f, i, b, i32]) {
      const g = t.to("webgpu");
      expect(g.dtype).toBe(t.dtype);
      expect(await g.tolistAsync()).toEqual(t.tolist());
      const back = await g.cpuAsync();
      expect(back.device).toBe("cpu");
      expect(back.dtype).toBe(t.dtype);
      expect(back.tolist()).toEqual(t.tolist());
    }
    expect(await kd.tensor(2.5).to("webgpu").itemAsync()).toBe(2.5);
    // A tensor already on the device is returned as it is, as PyTorch's to() does.
    const g = f.to("webgpu");
    expect(g.to("webgpu")).toBe(g);
    expect(g.to({ device: "webgpu", dtype: "int32" }).dtype).toBe("int32");
  });

  it("synchronous reads of a GPU tensor name the async form", () => {
    const g = kd.tensor([1, 2], { device: "webgpu" });
    expect(() => g.tolist()).toThrow(/await t.tolistAsync\(\)/);
    expect(() => g.sum().item()).toThrow(/await t.itemAsync\(\)/);
    expect(() => g.toArray()).toThrow(/await t.toArrayAsync\(\)/);
    expect(() => g.cpu()).toThrow(/await t.cpuAsync\(\)/);
    expect(() => g.to("cpu")).toThrow(/await t.cpuAsync\(\)/);
    expect(() => String(g)).toThrow(/await kd.formatAsync\(t\)/);
    expect(() => g.data).toThrow(kd.DeviceError);
  });

  it("an op on tensors of two devices raises PyTorch's error; a CPU scalar joins any device", async () => {
    const g = kd.tensor([1, 2], { device: "webgpu" });
    expect(() => g.add(kd.tensor([1, 2]))).toThrow("Expected all tensors to be on the same device, but found at least two devices, webgpu and cpu!");
    expect(() => kd.matmul(kd.ones([2, 2]), kd.ones([2, 2], { device: "webgpu" }))).toThrow(/two devices, cpu and webgpu/);
    expect(await g.add(kd.tensor(10)).tolistAsync()).toEqual([11, 12]);
    expect(await g.mul(2).tolistAsync()).toEqual([2, 4]);
  });

  it("out= on another device than the product is refused", () => {
    const x = kd.randn([2, 3]).to("webgpu"), w = kd.randn([3, 2]).to("webgpu");
    expect(() => kd.mm(x, w, { out: kd.zeros([2, 2]) })).toThrow("Expected all tensors to be on the same device");
  });

  it("float64 is refused with a message naming float32; int64 outside int32 is refused", () => {
    expect(() => kd.tensor([1, 2], { dtype: "float64" }).to("webgpu")).toThrow(/does not support float64\. Please use float32 instead/);
    expect(() => kd.tensor([2 ** 40], { dtype: "int64" }).to("webgpu")).toThrow(/does not fit in int32/);
    expect(() => kd.ones([2]).to("cuda" as "cpu")).toThrow(/its GPU device is "webgpu"/);
  });

  it("formatAsync prints device='webgpu' where PyTorch prints device='cuda:0'", async () => {
    expect(await kd.formatAsync(kd.tensor([1, 2], { device: "webgpu" }))).toBe("tensor([1., 2.], device='webgpu')");
    expect(await kd.formatAsync(kd.tensor([1, 2], { dtype: "int32", device: "webgpu" }))).toBe("tensor([1, 2], device='webgpu', dtype=torch.int32)");
    const w = kd.tensor([1, 2], { device: "webgpu", requiresGrad: true });
    expect(await kd.formatAsync(w.mul(2))).toBe("tensor([2., 4.], device='webgpu', grad_fn=<MulBackward0>)");
  });

  it("model.to(device) moves parameters in place; optimizers follow them", async () => {
    kd.manualSeed(0);
    const model = new kd.nn.Sequential(new kd.nn.Linear(3, 4), new kd.nn.ReLU(), new kd.nn.Linear(4, 2));
    const before = model.parameters();
    const want = before.map((p) => p.tolist());
    model.to("webgpu");
    const after = model.parameters();
    after.forEach((p, i) => {
      expect(p).toBe(before[i]);
      expect(p.device).toBe("webgpu");
    });
    for (let i = 0; i < after.length; i++) expect(await after[i].tolistAsync()).toEqual(want[i]);
    expect(() => model.to("cpu")).toThrow(/await model.cpuAsync\(\)/);
    await model.cpuAsync();
    expect(model.parameters()[0].device).toBe("cpu");
    expect(model.parameters()[0].tolist()).toEqual(want[0]);
  });
});

describe("random fills in place", () => {
  it("nn.init, uniform_, normal_, random_ and bernoulli_ give a device tensor the CPU's numbers from the same seed", async () => {
    const fill = (t: kd.Tensor): kd.Tensor[] => {
      kd.manualSeed(7);
      const w = kd.nn.init.kaimingUniform_(kd.zeros([8, 5], { device: t.device }), { a: Math.sqrt(5) });
      const n = kd.nn.init.normal_(kd.zeros([40], { device: t.device }), 0.5, 2);
      const u = kd.uniform_(kd.zeros([3, 3], { device: t.device }), -1, 1);
      const r = kd.random_(kd.zeros([6], { dtype: "int64", device: t.device }), 0, 10);
      const b = kd.bernoulli_(kd.zeros([20], { device: t.device }), 0.3);
      return [w, n, u, r, b];
    };
    const onGpu = fill(kd.zeros([1], { device: "webgpu" }));
    const onCpu = fill(kd.zeros([1]));
    for (let k = 0; k < onCpu.length; k++) {
      expect(onGpu[k].device).toBe("webgpu");
      expect(await onGpu[k].tolistAsync(), `fill ${k}`).toEqual(onCpu[k].tolist());
    }
    // Probabilities on the device would need their range check read back: a clear error, not a silent skip.
    expect(() => kd.bernoulli(kd.full([4], 0.6, { device: "webgpu" }))).toThrow(/itemAsync|cpuAsync/);
  });

  it("a probability out of [0, 1] raises torch's message and leaves the tensor and the stream untouched", () => {
    const out = kd.zeros([3]);
    kd.manualSeed(3);
    expect(() => kd.bernoulli_(out, kd.tensor([0.5, Number.NaN, 0.2]))).toThrow(/Expected p_in >= 0 && p_in <= 1/);
    expect(out.tolist()).toEqual([0, 0, 0]);
    const next = kd.rand([4]).tolist();
    kd.manualSeed(3);
    expect(kd.rand([4]).tolist()).toEqual(next);
  });
});

describe("ops against the CPU", () => {
  kd.manualSeed(1);
  const a = kd.randn([6, 5]), b = kd.randn([6, 5]), row = kd.randn([5]), m = kd.randn([5, 4]);
  const cases: [string, (x: kd.Tensor, y: kd.Tensor, r: kd.Tensor, w: kd.Tensor) => kd.Tensor, number?][] = [
    ["add/sub/mul/div with broadcasting", (x, y, r) => x.add(y).sub(r).mul(y).div(r.abs().add(1))],
    ["exp, log1p, sigmoid, tanh, sqrt", (x) => kd.sigmoid(x).add(kd.tanh(x)).add(x.exp().log1p()).add(x.abs().sqrt())],
    ["relu, clamp, round, sign, neg", (x) => kd.relu(x).add(x.clamp(-0.5, 0.5)).add(kd.round(x.mul(3))).add(x.sign()).neg()],
    ["comparisons and where", (x, y) => kd.where(x.gt(y), x, y.mul(2)).add(x.eq(x).float())],
    ["sum, mean, amax over dims", (x) => x.sum(1).add(x.mean(1)).add(x.amax(1))],
    ["sum over everything and keepdim", (x) => x.sum(0, true).add(x.sum())],
    ["argmax", (x) => x.argmax({ dim: 1 })],
    ["matmul and its transposes", (x, _y, _r, w) => x.matmul(w).add(x.t().t().matmul(w))],
    // out= on the device: the direct 2-D product, and a batched one copied into out.
    ["mm and matmul with out", (x, _y, _r, w) => kd.mm(x, w, { out: kd.zeros([6, 4], { device: x.device }) }).add(
      kd.matmul(x.unsqueeze(0), w, { out: kd.zeros([1, 6, 4], { device: x.device }) }).squeeze(0))],
    ["softmax and logSoftmax", (x) => kd.softmax(x, 1).add(kd.logSoftmax(x, 1))],
    ["cat, stack, permute, expand", (x, y) => kd.cat([x, y], 1).sum(1).add(kd.stack([x, y], 0).permute(1, 0, 2).sum([1, 2])).add(x.slice(null, [0, 1]).expand(6, 3).sum(1))],
    ["casts", (x) => x.mul(10).int().float().add(x.gt(0).long().float())],
    ["index, indexSelect (CPU indices), flip, dot", (x) => x.index([3, 0, -1]).sum(0).add(x.indexSelect(1, kd.tensor([4, 1], { dtype: "int64" })).sum(1).sum()).add(x.flip([0, 1]).select(0, 0)).add(kd.dot(x.select(0, 1), x.select(0, 2)))],
    ["max and min over a dim, var, std, logsumexp", (x) => (x.max(1) as kd.ValuesIndices).values.add((x.min(1) as kd.ValuesIndices).values).add(x.var(1)).add(x.std(1)).add(x.logsumexp(1))],
    ["activations", (x) => kd.nn.functional.gelu(x).add(kd.nn.functional.silu(x)).add(kd.nn.functional.leakyRelu(x, 0.1)).add(kd.nn.functional.elu(x)).add(kd.nn.functional.softplus(x))],
  ];
  for (const [what, f, rtol] of cases) {
    it(what, async () => {
      const want = f(a, b, row, m);
      const got = f(a.to("webgpu"), b.to("webgpu"), row.to("webgpu"), m.to("webgpu"));
      await close(got, want, rtol ?? 4e-6, 4e-6);
    });
  }
});

describe("gradients against the CPU", () => {
  it("of an MLP's loss (linear, ReLU, BCE-with-logits and cross-entropy)", async () => {
    for (const multiclass of [false, true]) {
      kd.manualSeed(3);
      const X = kd.randn([16, 3]);
      const y = multiclass ? kd.randint(0, 4, [16]) : kd.randint(0, 2, [16]).float();
      const make = (): kd.nn.Sequential => {
        kd.manualSeed(7);
        return new kd.nn.Sequential(new kd.nn.Linear(3, 8), new kd.nn.ReLU(), new kd.nn.Linear(8, multiclass ? 4 : 1));
      };
      const lossFn = multiclass ? new kd.nn.CrossEntropyLoss() : new kd.nn.BCEWithLogitsLoss();
      const cpu = make(), gpu = make().to("webgpu");
      const out = (m: kd.nn.Module, x: kd.Tensor): kd.Tensor => (multiclass ? m(x) : m(x).squeeze(1));
      const lc = lossFn(out(cpu, X), y), lg = lossFn(out(gpu, X.to("webgpu")), y.to("webgpu"));
      expect(lg.gradFn?.name).toBe(lc.gradFn?.name);
      lc.backward();
      lg.backward();
      await close(lg, lc);
      const pc = cpu.parameters(), pg = gpu.parameters();
      for (let i = 0; i < pc.length; i++) await close(pg[i].grad as kd.Tensor, pc[i].grad as kd.Tensor, 1e-5, 1e-6);
    }
  });

  it("of indexing by device indices, MSE and L1, dropout (the CPU's mask from the same seed)", async () => {
    kd.manualSeed(5);
    const x = kd.randn([6, 3]), t = kd.randn([4, 3]), rows = kd.tensor([5, 0, -2, 1], { dtype: "int64" });
    const lossOf = (xs: kd.Tensor, ts: kd.Tensor, r: kd.Tensor): kd.Tensor => {
      kd.manualSeed(9);
      const picked = kd.nn.functional.dropout(xs.index(r), { p: 0.3 });
      return kd.nn.functional.mseLoss(picked, ts).add(kd.nn.functional.l1Loss(picked, ts, { reduction: "sum" }));
    };
    const xc = x.clone().requiresGrad_(), xg = x.to("webgpu").requiresGrad_();
    const lc = lossOf(xc, t, rows), lg = lossOf(xg, t.to("webgpu"), rows.to("webgpu"));
    lc.backward();
    lg.backward();
    await close(lg, lc, 1e-6);
    await close(xg.grad as kd.Tensor, xc.grad as kd.Tensor, 1e-6);
  });

  it("an index out of range on the device fails the read that follows", async () => {
    const x = kd.ones([3, 2], { device: "webgpu" });
    await expect(x.index(kd.tensor([0, 7], { dtype: "int64" }).to("webgpu").add(0)).toArrayAsync()).rejects.toThrow(/index out of range/);
    expect(() => x.index([0, 7])).toThrow("index 7 is out of bounds for dimension 0 with size 3");
  });

  describe("the fused losses run their WGSL kernels", () => {
    afterEach(() => vi.restoreAllMocks());

    it("cross-entropy: sum and mean, ignored rows counted on the device, the kernel's gradient and the composed one (createGraph)", async () => {
      const kernel = vi.spyOn(WebGpuBackend.prototype, "crossEntropy");
      kd.manualSeed(11);
      const x = kd.randn([7, 4]).mul(3);
      const t = kd.tensor([0, 3, -100, 1, 2, -100, 3], { dtype: "int64" });
      for (const reduction of ["mean", "sum"] as const) {
        // uploaded targets (their range is known) and computed ones (counted on the device)
        for (const tg of [t.to("webgpu"), t.to("webgpu").add(0)]) {
          const xc = x.clone().requiresGrad_(), xg = x.to("webgpu").requiresGrad_();
          const lc = kd.nn.functional.crossEntropy(xc, t, { reduction });
          const lg = kd.nn.functional.crossEntropy(xg, tg, { reduction });
          expect(lg.gradFn?.name).toBe("NllLossBackward0");
          lc.mul(2).backward();
          lg.mul(2).backward();
          await close(lg, lc, 1e-5);
          await close(xg.grad as kd.Tensor, xc.grad as kd.Tensor, 1e-5, 1e-6);
          const [gc] = kd.autograd.grad(kd.nn.functional.crossEntropy(xc, t, { reduction }), [xc], { createGraph: true });
          const [gg] = kd.autograd.grad(kd.nn.functional.crossEntropy(xg, tg, { reduction }), [xg], { createGraph: true });
          await close(gg as kd.Tensor, gc as kd.Tensor, 1e-5, 1e-6);
          expect(gg?.requiresGrad).toBe(true);
        }
      }
      expect(kernel).toHaveBeenCalledTimes(8);
      // a computed target out of range: no read to check it here, so the next read throws
      const bad = kd.tensor([0, 4, 1], { dtype: "int64" }).to("webgpu").add(0);
      await expect(kd.nn.functional.crossEntropy(kd.randn([3, 4], { device: "webgpu" }), bad).itemAsync()).rejects.toThrow("Target 4 is out of bounds.");
    });

    it("BCE-with-logits: sum and mean, the kernel's gradient and the composed one (createGraph)", async () => {
      const kernel = vi.spyOn(WebGpuBackend.prototype, "bceWithLogits");
      kd.manualSeed(12);
      const x = kd.randn([9, 2]).mul(4), y = kd.rand([9, 2]);
      for (const reduction of ["mean", "sum"] as const) {
        const xc = x.clone().requiresGrad_(), xg = x.to("webgpu").requiresGrad_();
        const lc = kd.nn.functional.binaryCrossEntropyWithLogits(xc, y, { reduction });
        const lg = kd.nn.functional.binaryCrossEntropyWithLogits(xg, y.to("webgpu"), { reduction });
        expect(lg.gradFn?.name).toBe("BinaryCrossEntropyWithLogitsBackward0");
        lc.mul(3).backward();
        lg.mul(3).backward();
        await close(lg, lc, 1e-5);
        await close(xg.grad as kd.Tensor, xc.grad as kd.Tensor, 1e-5, 1e-6);
        const [gc] = kd.autograd.grad(kd.nn.functional.binaryCrossEntropyWithLogits(xc, y, { reduction }), [xc], { createGraph: true });
        const [gg] = kd.autograd.grad(kd.nn.functional.binaryCrossEntropyWithLogits(xg, y.to("webgpu"), { reduction }), [xg], { createGraph: true });
        await close(gg as kd.Tensor, gc as kd.Tensor, 1e-5, 1e-6);
      }
      expect(kernel).toHaveBeenCalledTimes(4);
    });
  });

  it("cross-entropy checks uploaded class indices as the CPU does", () => {
    const logits = kd.randn([3, 4], { device: "webgpu" });
    expect(() => kd.nn.functional.crossEntropy(logits, kd.tensor([0, 4, 1], { dtype: "int64" }).to("webgpu"))).toThrow("Target 4 is out of bounds.");
  });
});

describe("training", () => {
  it("SGD with momentum and Adam print the CPU's numbers, the state on the device", async () => {
    for (const optim of ["sgd", "adam"] as const) {
      const lines: string[][] = [];
      for (const device of ["cpu", "webgpu"] as const) {
        kd.manualSeed(42);
        const [Xn, yn] = kd.datasets.makeCircles(200, { noise: 0.03, randomState: 42 });
        const X = Xn.float().to(device), y = yn.float().to(device);
        const model = new kd.nn.Sequential(new kd.nn.Linear(2, 8), new kd.nn.ReLU(), new kd.nn.Linear(8, 1)).to(device);
        const opt = optim === "sgd"
          ? new kd.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 })
          : new kd.optim.Adam(model.parameters(), { lr: 0.01 });
        const lossFn = new kd.nn.BCEWithLogitsLoss();
        const out: string[] = [];
        for (let epoch = 0; epoch < 12; epoch++) {
          const logits = model(X).squeeze();
          const loss = lossFn(logits, y);
          const correct = kd.eq(y, kd.round(kd.sigmoid(logits))).sum();
          opt.zeroGrad();
          loss.backward();
          opt.step();
          if (epoch % 3 === 0) out.push(`${epoch} ${(await loss.itemAsync()).toFixed(5)} ${await correct.itemAsync()}`);
        }
        lines.push(out);
      }
      expect(lines[1]).toEqual(lines[0]);
    }
  });
});
