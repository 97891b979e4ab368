/**
 * The device's gather / scatter / scatter_add, line kernels (cumsum, prod's gradient),
 * integer division's zero check and boolean masks, at their edges, against the CPU:
 * empty tensors, repeated indices (the last write wins, sums in index order), bad indices
 * (PyTorch's message on both devices), rows longer than a workgroup, int32 and bool
 * inputs. The fixture suite (ops-*.test.ts) covers the common cases against PyTorch.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as kd from "../../../src/index.js";
import { gpuUnderTest } from "../../backend/webgpu/device.js";
import { expectCloseToCpu } from "./close.js";

beforeAll(async () => {
  await gpuUnderTest();
  expect(await kd.webgpu.init()).toBe(true);
});

/** The device's result against the CPU's (exact by default). */
const same = (gpu: kd.Tensor, cpu: kd.Tensor, rtol = 0, atol = 0): Promise<void> => expectCloseToCpu(gpu, cpu, rtol, atol);

const dev = (t: kd.Tensor): kd.Tensor => t.to("webgpu");
const long = (v: number[][]): kd.Tensor => kd.tensor(v, { dtype: "int64" });

describe("gather", () => {
  it("matches the CPU in 3-D along every dim, for float32 and int32, with its gradient", async () => {
    kd.manualSeed(1);
    const x = kd.randn([3, 4, 5]);
    for (const d of [0, 1, 2]) {
      const shape = [2, 3, 4];
      const idx = kd.randint(0, x.shape[d], shape);
      await same(dev(x).gather(d, dev(idx)), x.gather(d, idx));
      const xi = x.mul(10).to("int32");
      await same(dev(xi).gather(d, dev(idx)), xi.gather(d, idx));
      const xg = dev(x).requiresGrad_();
      xg.gather(d, dev(idx)).sum().backward();
      const xc = x.clone().requiresGrad_();
      xc.gather(d, idx).sum().backward();
      await same(xg.grad as kd.Tensor, xc.grad as kd.Tensor);
    }
  });

  it("an empty index gives an empty result", async () => {
    const x = kd.arange(12).reshape([3, 4]).float();
    const idx = kd.zeros([0, 4], { dtype: "int64" });
    await same(dev(x).gather(0, dev(idx)), x.gather(0, idx));
  });

  it("refuses a negative or too large index with PyTorch's message, on the CPU at once and on the device at the next read", async () => {
    const x = kd.arange(8).reshape([2, 4]).float();
    for (const [bad, value] of [[long([[0, -1]]), -1], [long([[4, 0]]), 4]] as const) {
      const msg = `index ${value} is out of bounds for dimension 1 with size 4`;
      expect(() => x.gather(1, bad)).toThrow(msg);
      const out = dev(x).gather(1, dev(bad));
      await expect(out.toArrayAsync()).rejects.toThrow(kd.IndexError);
      await expect(dev(x).gather(1, dev(bad)).toArrayAsync()).rejects.toThrow(msg);
    }
    // The flag is cleared by the read that reported it.
    await same(dev(x).gather(1, dev(long([[3, 0]]))), x.gather(1, long([[3, 0]])));
  });

  it("refuses an index on another device", () => {
    const x = dev(kd.ones([2, 2]));
    expect(() => x.gather(0, long([[0, 1]]))).toThrow("Expected all tensors to be on the same device");
  });
});

describe("scatter and scatter_add", () => {
  it("repeated indices: scatter keeps the last write and scatter_add sums in index order, as the CPU", async () => {
    const x = kd.zeros([3, 5]);
    const idx = long([[0, 0, 0, 4], [1, 1, 2, 1], [3, 3, 3, 3]]);
    const src = kd.tensor([[1e8, 1, -1e8, 1], [2, 3, 4, 5], [0.1, 0.2, 0.3, 0.4]]);
    await same(dev(x).scatter(1, dev(idx), dev(src)), x.scatter(1, idx, src));
    // float32 sums in a fixed order: 1e8 + 1 − 1e8 is 0 in float32 in this order, 1 in another.
    await same(dev(x).scatterAdd(1, dev(idx), dev(src)), x.scatterAdd(1, idx, src));
  });

  it("along dim 0 with a source larger than the index, int32, and a number that an int tensor truncates", async () => {
    const x = kd.arange(12).reshape([4, 3]).to("int32");
    const idx = long([[3, 0], [3, 1]]);
    const src = kd.arange(100, 109).reshape([3, 3]).to("int32");
    await same(dev(x).scatter(0, dev(idx), dev(src)), x.scatter(0, idx, src));
    await same(dev(x).scatterAdd(0, dev(idx), dev(src)), x.scatterAdd(0, idx, src));
    await same(dev(x).scatter(0, dev(idx), 2.7), x.scatter(0, idx, 2.7));
    expect(x.scatter(0, idx, 2.7).toArray()[9]).toBe(2);
  });

  it("gradients of scatter and scatter_add reach the input and the source on the device", async () => {
    kd.manualSeed(2);
    const x = kd.randn([3, 4]), src = kd.randn([3, 5]);
    const idx = long([[0, 2, 2], [1, 3, 0], [3, 3, 1]]);
    for (const op of ["scatter", "scatterAdd"] as const) {
      const xs = [dev(x).requiresGrad_(), x.clone().requiresGrad_()];
      const ss = [dev(src).requiresGrad_(), src.clone().requiresGrad_()];
      const w = kd.arange(12).reshape([3, 4]).float();
      xs[0][op](1, dev(idx), ss[0]).mul(dev(w)).sum().backward();
      xs[1][op](1, idx, ss[1]).mul(w).sum().backward();
      await same(xs[0].grad as kd.Tensor, xs[1].grad as kd.Tensor);
      await same(ss[0].grad as kd.Tensor, ss[1].grad as kd.Tensor);
    }
  });

  it("an empty index changes nothing, and a bad index fails the next read", async () => {
    const x = kd.ones([2, 3]);
    await same(dev(x).scatterAdd(1, dev(kd.zeros([2, 0], { dtype: "int64" })), dev(kd.ones([2, 0]))), x);
    expect(() => x.scatter(1, long([[-1]]), 5)).toThrow("index -1 is out of bounds for dimension 1 with size 3");
    await expect(dev(x).scatter(1, dev(long([[-1]])), 5).toArrayAsync()).rejects.toThrow("index -1 is out of bounds for dimension 1 with size 3");
    await expect(dev(x).scatterAdd(0, dev(long([[2]])), dev(kd.ones([1, 1]))).toArrayAsync())
      .rejects.toThrow("index 2 is out of bounds for dimension 0 with size 2");
  });
});

describe("cumsum", () => {
  it("short and long rows (past 1024), compensated: within float32 rounding of the CPU's float64 running sum, even where terms cancel", async () => {
    // 0.1 summed 5000 times drifts by about 1e-4 (relative) in plain float32; compensated it stays near 1e-7.
    const x = kd.full([2, 5000], 0.1);
    await same(dev(x).cumsum(1), x.cumsum(1), 1e-6);
    kd.manualSeed(3);
    const r = kd.rand([1300, 3]);
    await same(dev(r).cumsum(0), r.cumsum(0), 1e-6);
    // ±1e8 that cancel: the halves added in between survive only if every rounding error is kept.
    for (const n of [200, 2000]) {
      const k = kd.arange(n);
      const x = kd.where(k.eq(n / 4), 1e8, kd.where(k.eq((3 * n) / 4), -1e8, kd.full([n], 0.5)));
      await same(dev(x).cumsum(0), x.cumsum(0), 1e-6);
    }
  });

  it("lines at the edges of the workgroup scan (256 elements) and of its 1024-element chunks, float32 and int32", async () => {
    kd.manualSeed(4);
    for (const n of [255, 256, 1023, 1024, 1025, 2049]) {
      // Mixed signs, so that partial sums cancel; inner > 1, so lines are strided.
      const x = kd.randn([2, n, 3]);
      await same(dev(x).cumsum(1), x.cumsum(1), 1e-5, 1e-5);
      const i = kd.randint(-1000, 1000, [n, 2]).to("int32");
      await same(dev(i).cumsum(0), i.cumsum(0));
    }
    const b = kd.rand([300]).gt(0.5);
    await same(dev(b).cumsum(0), b.cumsum(0));
  });

  it("int32 and bool inputs sum into int64 (int32 on the device); empty and 0-dim inputs", async () => {
    const i = kd.tensor([[5, -3, 7], [1, 1, -9]], { dtype: "int32" });
    await same(dev(i).cumsum(1), i.cumsum(1));
    const b = kd.tensor([[true, false, true], [true, true, false]]);
    await same(dev(b).cumsum(0), b.cumsum(0));
    await same(dev(kd.zeros([0, 3])).cumsum(1), kd.zeros([0, 3]).cumsum(1));
    await same(dev(kd.tensor(2.5)).cumsum(0), kd.tensor(2.5).cumsum(0));
  });

  it("an infinity stays infinite (the compensation does not turn it into NaN), and the gradient runs on the device", async () => {
    const x = kd.tensor([1, Infinity, 2, 3]);
    expect(Array.from(await dev(x).cumsum(0).toArrayAsync())).toEqual([1, Infinity, Infinity, Infinity]);
    // The same on a line long enough for the workgroup scan.
    const withInf = kd.where(kd.arange(600).eq(300), Infinity, kd.ones([600]));
    const got = await dev(withInf).cumsum(0).toArrayAsync();
    expect([got[299], got[300], got[599]]).toEqual([300, Infinity, Infinity]);
    const xg = dev(kd.tensor([[1, 2, 3], [4, 5, 6]])).requiresGrad_();
    xg.cumsum(1).mul(dev(kd.tensor([[1, 10, 100], [2, 3, 4]]))).sum().backward();
    expect(await (xg.grad as kd.Tensor).tolistAsync()).toEqual([[111, 110, 100], [9, 7, 4]]);
  });
});

describe("prod's gradient on the device", () => {
  it("exact with one and two zeros, along a dim and over everything", async () => {
    const x = kd.tensor([[2, 0, 3, 4], [0, 5, 0, 1], [1, 2, 3, 4]]);
    for (const f of [(t: kd.Tensor) => t.prod({ dim: 1 }).sum(), (t: kd.Tensor) => t.prod({ dim: 0 }).sum(), (t: kd.Tensor) => t.prod()]) {
      const g = dev(x).requiresGrad_(), c = x.clone().requiresGrad_();
      f(g).backward();
      f(c).backward();
      await same(g.grad as kd.Tensor, c.grad as kd.Tensor);
    }
  });

  it("with createGraph (the composed gradient) on the device", async () => {
    const x = kd.tensor([2, 3, 0.5]);
    const g = dev(x).requiresGrad_(), c = x.clone().requiresGrad_();
    const [gg] = kd.autograd.grad(g.prod(), [g], { createGraph: true });
    const [gc] = kd.autograd.grad(c.prod(), [c], { createGraph: true });
    await same(gg as kd.Tensor, gc as kd.Tensor, 1e-6);
  });
});

describe("integer division by zero", () => {
  it("floor and trunc division and remainder raise PyTorch's ZeroDivisionError at the next read", async () => {
    const a = kd.tensor([7, -7, 3], { dtype: "int64" }), b = kd.tensor([2, 0, 1], { dtype: "int64" });
    expect(() => a.div(b, { roundingMode: "floor" })).toThrow("ZeroDivisionError");
    for (const f of [(p: kd.Tensor, q: kd.Tensor) => p.div(q, { roundingMode: "floor" }), (p: kd.Tensor, q: kd.Tensor) => p.div(q, { roundingMode: "trunc" }),
      (p: kd.Tensor, q: kd.Tensor) => kd.remainder(p, q)]) {
      await expect(f(dev(a), dev(b)).toArrayAsync()).rejects.toThrow(kd.ValueError);
      const ok = kd.tensor([2, -3, 1], { dtype: "int64" });
      await same(f(dev(a), dev(ok)), f(a, ok));
    }
    // A number divisor is on the host: checked at once, as on the CPU.
    expect(() => dev(a).remainder(0)).toThrow("ZeroDivisionError: integer division or remainder by zero");
  });
});

describe("boolean masks", () => {
  const x = kd.arange(12).reshape([3, 4]).float();
  const rows = kd.tensor([true, false, true]);
  const mask = x.remainder(3).eq(0);

  it("a CPU mask indexes a device tensor, with its gradient on the device", async () => {
    await same(dev(x).index(rows), x.index(rows));
    await same(kd.maskedSelect(dev(x), mask), kd.maskedSelect(x, mask));
    const g = dev(x).requiresGrad_();
    g.index(rows).mul(2).sum().backward();
    expect(await (g.grad as kd.Tensor).tolistAsync()).toEqual([[2, 2, 2, 2], [0, 0, 0, 0], [2, 2, 2, 2]]);
  });

  it("a device mask refuses the sync forms with a DeviceError that names the async ones", () => {
    for (const f of [() => dev(x).index(dev(rows)), () => kd.maskedSelect(dev(x), dev(mask)), () => dev(x).maskedSelect(dev(mask))]) {
      expect(f).toThrow(kd.DeviceError);
      expect(f).toThrow(/await x\.indexAsync\(mask\).*kd\.maskedSelectAsync\(x, mask\).*x\.maskedSelectAsync\(mask\)/);
    }
    expect(() => x.index(dev(rows))).toThrow("Expected all tensors to be on the same device");
  });

  it("the async forms read the mask back and keep the result on the device", async () => {
    await same(await dev(x).indexAsync(dev(rows)), x.index(rows));
    await same(await dev(x).indexAsync(dev(mask)), x.index(mask));
    await same(await kd.maskedSelectAsync(dev(x), dev(mask)), kd.maskedSelect(x, mask));
    // A mask that broadcasts, and one with nothing true.
    const row = kd.tensor([true, false, false, true]);
    await same(await dev(x).maskedSelectAsync(dev(row)), x.maskedSelect(row));
    await same(await dev(x).indexAsync(dev(kd.zeros([3], { dtype: "bool" }))), x.index(kd.zeros([3], { dtype: "bool" })));
    // Integer indices pass through; a device mask on a CPU tensor is the two-device error.
    await same(await dev(x).indexAsync([2, 0]), x.index([2, 0]));
    await expect(x.indexAsync(dev(rows))).rejects.toThrow("Expected all tensors to be on the same device");
  });
});
