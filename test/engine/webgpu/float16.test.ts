/**
 * float16 on the "webgpu" device (SwiftShader): half tensors are float32 buffers rounded to
 * binary16 after each op by an integer-bit WGSL kernel (ops/half-kernels.ts), on every adapter,
 * with or without `shader-f16`. Checked against PyTorch 2.13's CPU results
 * (test/fixtures/engine/float16.json) and against Kindling's CPU half path.
 *
 * Tolerances: the rounding kernel and casts bitwise; add, sub, mul and the copies bitwise;
 * ops through WGSL's exp / log / division (not correctly rounded in WGSL), sums in the
 * device's order and the training step within one half ulp.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as kd from "../../../src/index.js";
import { HalfStorage, roundHalf } from "../../../src/tensor/half.js";
import { F16, halfToNumber } from "../../../src/io/safetensors/half.js";
import { gpuUnderTest } from "../../backend/webgpu/device.js";
import { decode, decodeValue, loadFixture, type Encoded } from "../fixtures.js";

const halfFromBits = (h: number): number => halfToNumber(h, F16);

interface Fixture {
  casts: Record<string, { input: Encoded; result: Encoded }>;
  elementwise: { a: Encoded; b: Encoded; ops: Record<string, Encoded> };
  reductions: { x: Encoded; ops: Record<string, Encoded> };
  cross_entropy: { x: Encoded; target: Encoded; mean: { loss: Encoded; grad: Encoded } };
}
const fx = loadFixture<Fixture>("float16");
const F = kd.nn.functional;

beforeAll(async () => {
  await gpuUnderTest();
  expect(await kd.webgpu.init()).toBe(true);
});

function ulp(v: number): number {
  const a = Math.abs(v);
  return a < 2 ** -14 ? 2 ** -24 : 2 ** (Math.floor(Math.log2(a)) - 10);
}

/** The device tensor's values against `want` (values or an encoded tensor): NaN to NaN, else within `ulps` half ulps. */
async function expectOnDevice(t: kd.Tensor, want: Encoded | ArrayLike<number>, what: string, ulps = 0): Promise<void> {
  expect(t.device).toBe("webgpu");
  const values = "data" in want && !ArrayBuffer.isView(want) ? (want as Encoded).data.map(decodeValue) : Array.from(want as ArrayLike<number>);
  if ("dtype" in want) expect(t.dtype, what).toBe((want as Encoded).dtype);
  const got = await t.toArrayAsync();
  const bad: string[] = [];
  values.forEach((e, i) => {
    const v = got[i];
    const ok = Number.isNaN(e) ? Number.isNaN(v) : ulps === 0 ? Object.is(v, e) || (v === e && e !== 0) : v === e || Math.abs(v - e) <= ulps * ulp(e);
    if (!ok) bad.push(`[${i}] got ${v}, want ${e}`);
  });
  expect(bad, what).toEqual([]);
}

describe("float16 on webgpu", () => {
  it("the device's roundHalf kernel gives the CPU's binary16 rounding for every half, every tie and values between", async () => {
    const xs: number[] = [];
    for (let h = 0; h < 0x7c00; h += 7) {
      const v = halfFromBits(h), next = halfFromBits(h + 1);
      xs.push(v, -v, (v + next) / 2, -(v + next) / 2, v + (next - v) / 3);
    }
    xs.push(65504, 65519.99, 65520, -65520, 1e30, Infinity, -Infinity, NaN, 2 ** -25, 2 ** -25 * 1.0001, 2 ** -26, -0, 1e-45);
    const x = kd.tensor(Float32Array.from(xs));
    await expectOnDevice(x.to("webgpu").half(), Float32Array.from(xs, roundHalf), "roundHalf");
  });

  it("casts into and out of float16, and the dtype survives the trip to the device and back", async () => {
    for (const name of ["from_f32", "from_int64", "to_f32", "to_int32", "to_bool"]) {
      const c = fx.casts[name];
      const x = decode(c.input).to("webgpu");
      await expectOnDevice(x.to(c.result.dtype), c.result, name);
    }
    const h = kd.tensor([0.1, -2, 65504], { dtype: kd.half });
    const g = h.to("webgpu");
    expect(g.dtype).toBe("float16");
    const back = await g.cpuAsync();
    expect(back.dtype).toBe("float16");
    expect(back.data).toBeInstanceOf(HalfStorage);
    expect(back.tolist()).toEqual(h.tolist());
    expect(await kd.formatAsync(g)).toBe("tensor([ 9.9976e-02, -2.0000e+00,  6.5504e+04], device='webgpu',\n       dtype=torch.float16)");
  });

  it("element-wise ops against PyTorch (add, sub, mul bitwise; WGSL's exp, log and division within one half ulp)", async () => {
    const a = decode(fx.elementwise.a).to("webgpu"), b = decode(fx.elementwise.b).to("webgpu");
    const exact: Record<string, () => kd.Tensor> = {
      add: () => a.add(b), sub: () => a.sub(b), mul: () => a.mul(b), add_scalar: () => a.add(0.1), mul_scalar: () => a.mul(0.1),
      relu: () => a.relu(), neg: () => a.neg(), overflow_mul: () => a.mul(30000), clamp: () => a.clamp(-0.5, 0.5),
    };
    for (const [name, f] of Object.entries(exact)) await expectOnDevice(f(), fx.elementwise.ops[name], name);
    const close: Record<string, () => kd.Tensor> = {
      div: () => a.div(b), div_scalar: () => a.div(0.3), exp: () => a.exp(), tanh: () => a.tanh(), sigmoid: () => a.sigmoid(),
    };
    for (const [name, f] of Object.entries(close)) await expectOnDevice(f(), fx.elementwise.ops[name], name, 1);
  });

  it("sums and means against PyTorch (within one half ulp: the device sums in its own order)", async () => {
    const x = decode(fx.reductions.x).to("webgpu");
    await expectOnDevice(x.sum(), fx.reductions.ops.sum, "sum", 1);
    await expectOnDevice(x.sum(1), fx.reductions.ops.sum_dim1, "sum_dim1", 1);
    await expectOnDevice(x.mean(), fx.reductions.ops.mean, "mean", 1);
    await expectOnDevice(x.mean(1), fx.reductions.ops.mean_dim1, "mean_dim1", 1);
  });

  it("cross-entropy and its gradient against PyTorch (within one half ulp)", async () => {
    const c = fx.cross_entropy;
    const x = decode(c.x).to("webgpu").requiresGrad_();
    const loss = F.crossEntropy(x, decode(c.target).to("webgpu"));
    loss.backward();
    await expectOnDevice(loss, c.mean.loss, "loss", 1);
    await expectOnDevice(x.grad as kd.Tensor, c.mean.grad, "grad", 1);
  });

  it("an MLP's SGD step in half matches the CPU's half step (within one half ulp); momentum is refused there", async () => {
    kd.manualSeed(3);
    const make = () => new kd.nn.Sequential(new kd.nn.Linear(4, 8), new kd.nn.ReLU(), new kd.nn.Linear(8, 3)).half();
    const cpu = make();
    const gpu = make();
    gpu.loadStateDict(cpu.stateDict());
    gpu.to("webgpu");
    const X = kd.randn([16, 4]).half(), y = kd.randint(0, 3, [16]);
    const step = (m: kd.nn.Sequential, x: kd.Tensor, t: kd.Tensor): kd.Tensor => {
      const opt = new kd.optim.SGD(m.parameters(), { lr: 0.1 });
      const loss = F.crossEntropy(m.forward(x), t);
      loss.backward();
      opt.step();
      return loss;
    };
    const lc = step(cpu, X, y);
    const lg = step(gpu, X.to("webgpu"), y.to("webgpu"));
    await expectOnDevice(lg, [lc.item()], "loss", 1);
    const want = cpu.stateDict();
    for (const [name, p] of Object.entries(gpu.stateDict())) {
      expect(p.dtype).toBe("float16");
      await expectOnDevice(p, want[name].data, name, 1);
    }
    const opt = new kd.optim.SGD(gpu.parameters(), { lr: 0.1, momentum: 0.9 });
    F.crossEntropy(gpu.forward(X.to("webgpu")), y.to("webgpu")).backward();
    expect(() => opt.step()).toThrow(/not implemented for 'Half'/);
  });
});
