/**
 * conv1d, conv2d, max / average / adaptive pooling and dropout2d against real PyTorch
 * (scripts/fixtures/conv.py): values, gradients, grad_fn names and error messages, in
 * float64 on both backends, float32 through the wasm GEMM and on the webgpu device
 * (SwiftShader), and float64 finite differences.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import * as kd from "../../src/index.js";
import { loadFixture } from "./fixtures.js";
import { gpuUnderTest } from "../backend/webgpu/device.js";

const F = kd.nn.functional;
type T = kd.Tensor;
type Num = number | string;

interface Case {
  name: string;
  op: "conv2d" | "conv1d" | "max_pool2d" | "avg_pool2d" | "adaptive_avg_pool2d";
  opts: Record<string, unknown>;
  inputs: { shape: number[]; data: Num[] }[];
  output: { shape: number[]; data: Num[] };
  gradFn: string;
  gradOutput: number[];
  grads: number[][];
  indices?: number[];
}
const fixture = loadFixture<{ torch: string; cases: Case[]; errors: Record<string, string> }>("conv");
const num = (v: Num): number => (typeof v === "number" ? v : v === "nan" ? NaN : v === "inf" ? Infinity : -Infinity);

/** The fixture's snake_case keyword arguments as Kindling's options. */
function options(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === "kernel_size" || k === "output_size") continue;
    out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  }
  return out;
}

function call(c: Case, xs: T[]): T {
  const o = options(c.opts);
  switch (c.op) {
    case "conv2d":
      return F.conv2d(xs[0], xs[1], xs[2] ?? null, o);
    case "conv1d":
      return F.conv1d(xs[0], xs[1], xs[2] ?? null, o);
    case "max_pool2d":
      return F.maxPool2d(xs[0], c.opts.kernel_size as number, o);
    case "avg_pool2d":
      return F.avgPool2d(xs[0], c.opts.kernel_size as number, o);
    case "adaptive_avg_pool2d":
      return F.adaptiveAvgPool2d(xs[0], c.opts.output_size as kd.nn.functional.AdaptiveSize);
  }
}

const leaves = (c: Case, dtype: kd.DType): T[] =>
  c.inputs.map((x) => kd.fromArray(Float64Array.from(x.data, num), x.shape, { dtype }).requiresGrad_());

function close(have: ArrayLike<number>, want: readonly Num[], tol: number, what: string): void {
  expect(have.length, what).toBe(want.length);
  const bad: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const w = num(want[i]), h = have[i];
    const ok = Number.isNaN(w) ? Number.isNaN(h) : Math.abs(h - w) <= tol * (1 + Math.abs(w));
    if (!ok) bad.push(`[${i}] ${h} vs ${w}`);
  }
  expect(bad.slice(0, 5), what).toEqual([]);
}

afterEach(() => kd.setBackend("wasm"));

describe(`convolution and pooling against PyTorch ${fixture.torch}`, () => {
  for (const backend of ["wasm", "js"] as const) {
    for (const c of fixture.cases) {
      it(`${c.name} (${backend}, float64): values, grad_fn and gradients`, () => {
        kd.setBackend(backend);
        const xs = leaves(c, "float64");
        const out = call(c, xs);
        expect([...out.shape]).toEqual(c.output.shape);
        expect(out.gradFn?.name).toBe(c.gradFn);
        close(out.data, c.output.data, 1e-12, "output");
        out.backward(kd.tensor(c.gradOutput, { dtype: "float64" }).reshape(c.output.shape));
        c.grads.forEach((g, i) => close((xs[i].grad as T).data, g, 1e-12, `gradient of input ${i}`));
        if (c.indices) {
          const [, idx] = F.maxPool2dWithIndices(xs[0].detach(), c.opts.kernel_size as number, options(c.opts));
          expect(idx.dtype).toBe("int64");
          expect(Array.from(idx.data)).toEqual(c.indices);
        }
      });
    }
  }

  for (const c of fixture.cases.filter((c) => c.op.startsWith("conv"))) {
    it(`${c.name} (wasm, float32): values and gradients within float32 rounding`, () => {
      const xs = leaves(c, "float32");
      const out = call(c, xs);
      close(out.data, c.output.data, 1e-5, "output");
      out.backward(kd.tensor(c.gradOutput).reshape(c.output.shape));
      c.grads.forEach((g, i) => close((xs[i].grad as T).data, g, 1e-5, `gradient of input ${i}`));
    });
  }
});

/**
 * Every case in float32 on the webgpu device: values, grad_fn, gradients (and max
 * pooling's indices) within 4× the CPU's float32 tolerance, as the op suites check the
 * device (op-helper.ts). A case whose op refuses the device (DeviceError) is listed by
 * the last test, which fails while there is one.
 */
describe("convolution and pooling on the webgpu device (float32)", () => {
  const refused: string[] = [];
  const tol = 4e-5;
  beforeAll(async () => {
    await gpuUnderTest();
    expect(await kd.webgpu.init(), kd.webgpu.unavailableReason() ?? "").toBe(true);
  });

  for (const c of fixture.cases) {
    it(`${c.name} (webgpu, float32): values, grad_fn and gradients`, async () => {
      const xs = c.inputs.map((x) => kd.fromArray(Float64Array.from(x.data, num), x.shape, { dtype: "float32" }).to("webgpu").requiresGrad_());
      try {
        const out = call(c, xs);
        expect(out.device).toBe("webgpu");
        expect([...out.shape]).toEqual(c.output.shape);
        expect(out.gradFn?.name).toBe(c.gradFn);
        close(await out.toArrayAsync(), c.output.data, tol, "output");
        out.backward(kd.tensor(c.gradOutput).reshape(c.output.shape).to("webgpu"));
        for (let i = 0; i < xs.length; i++) close(await (xs[i].grad as T).toArrayAsync(), c.grads[i], tol, `gradient of input ${i}`);
        if (c.indices) {
          const [, idx] = F.maxPool2dWithIndices(xs[0].detach(), c.opts.kernel_size as number, options(c.opts));
          expect(idx.device).toBe("webgpu");
          expect(idx.dtype).toBe("int64");
          expect(Array.from(await idx.toArrayAsync())).toEqual(c.indices);
        }
      } catch (e) {
        if (!(e instanceof kd.DeviceError)) throw e;
        refused.push(c.name);
      }
    });
  }

  it("keeps float16 on webgpu as on the CPU", async () => {
    kd.manualSeed(5);
    const x = kd.randn([1, 2, 5, 5]).half(), w = kd.randn([3, 2, 3, 3]).half();
    const pairs: [T, T][] = [
      [F.conv2d(x, w, null, { padding: 1 }), F.conv2d(x.to("webgpu"), w.to("webgpu"), null, { padding: 1 })],
      [F.avgPool2d(x, 2), F.avgPool2d(x.to("webgpu"), 2)],
      [F.maxPool2d(x, 2), F.maxPool2d(x.to("webgpu"), 2)],
    ];
    for (const [cpu, gpu] of pairs) {
      expect(gpu.dtype).toBe("float16");
      close(await gpu.toArrayAsync(), Array.from(cpu.data), 2e-3, "float16 output");
    }
  });

  it("second derivatives: through max pooling as on the CPU; a convolution raises the CPU's error", async () => {
    kd.manualSeed(6);
    const x = kd.randn([1, 1, 4, 4]);
    const second = async (dev: kd.Device): Promise<number[]> => {
      const t = x.to(dev).requiresGrad_();
      const [g] = kd.autograd.grad(F.maxPool2d(t, 2).pow(2).sum(), [t], { createGraph: true });
      const [gg] = kd.autograd.grad((g as T).sum(), [t]);
      return Array.from(await (gg as T).toArrayAsync());
    };
    expect(await second("webgpu")).toEqual(await second("cpu"));
    const t = x.to("webgpu").requiresGrad_();
    const y = F.conv2d(t, kd.randn([1, 1, 2, 2]).to("webgpu")).sum();
    expect(() => kd.autograd.grad(y, [t], { createGraph: true })).toThrow(/conv_transpose/);
  });

  it("runs every case on webgpu", () => {
    expect(refused, "cases refused by the webgpu device (DeviceError)").toEqual([]);
  });
});

describe("finite differences (float64)", () => {
  const rnd = (shape: number[]): T => kd.randn(shape, { dtype: "float64" }).requiresGrad_();
  it("conv2d with stride, uneven padding, dilation, groups and bias", () => {
    kd.manualSeed(1);
    const [x, w, b] = [rnd([2, 4, 5, 6]), rnd([4, 2, 2, 3]), rnd([4])];
    expect(kd.autograd.gradcheck((x, w, b) => F.conv2d(x, w, b, { stride: [2, 1], padding: [1, 2], dilation: [2, 1], groups: 2 }), [x, w, b])).toBe(true);
    expect(kd.autograd.gradcheck((x, w) => F.conv2d(x, w, null, { padding: "same" }), [rnd([1, 4, 4, 5]), rnd([3, 4, 2, 2])])).toBe(true);
  });
  it("conv1d", () => {
    kd.manualSeed(2);
    expect(kd.autograd.gradcheck((x, w, b) => F.conv1d(x, w, b, { padding: "same", dilation: 2 }), [rnd([2, 3, 7]), rnd([2, 3, 4]), rnd([2])])).toBe(true);
  });
  it("max, average and adaptive average pooling", () => {
    kd.manualSeed(3);
    expect(kd.autograd.gradcheck((x) => F.maxPool2d(x, 3, { stride: 2, padding: 1 }), [rnd([2, 2, 5, 5])])).toBe(true);
    expect(kd.autograd.gradcheck((x) => F.avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }), [rnd([1, 2, 6, 5])])).toBe(true);
    expect(kd.autograd.gradcheck((x) => F.adaptiveAvgPool2d(x, [3, 2]), [rnd([2, 2, 7, 5])])).toBe(true);
  });
  it("batch norm over [n, c, h, w] in training", () => {
    kd.manualSeed(4);
    expect(kd.autograd.gradcheck((x, w, b) => F.batchNorm(x, null, null, { weight: w, bias: b, training: true }), [rnd([2, 3, 2, 3]), rnd([3]), rnd([3])])).toBe(true);
  });
});

describe("conv2d equals a direct sum (property)", () => {
  it("for random shapes, strides, paddings, dilations and groups", () => {
    fc.assert(fc.property(
      fc.record({
        n: fc.integer({ min: 1, max: 2 }), g: fc.integer({ min: 1, max: 2 }), cg: fc.integer({ min: 1, max: 2 }), og: fc.integer({ min: 1, max: 2 }),
        h: fc.integer({ min: 1, max: 6 }), w: fc.integer({ min: 1, max: 6 }), kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }),
        s: fc.integer({ min: 1, max: 3 }), p: fc.integer({ min: 0, max: 2 }), d: fc.integer({ min: 1, max: 2 }), seed: fc.integer({ min: 0, max: 1000 }),
      }),
      ({ n, g, cg, og, h, w, kh, kw, s, p, d, seed }) => {
        const oh = Math.floor((h + 2 * p - d * (kh - 1) - 1) / s) + 1, ow = Math.floor((w + 2 * p - d * (kw - 1) - 1) / s) + 1;
        fc.pre(oh > 0 && ow > 0);
        kd.manualSeed(seed);
        const c = g * cg, o = g * og;
        const x = kd.randn([n, c, h, w], { dtype: "float64" }), wt = kd.randn([o, cg, kh, kw], { dtype: "float64" });
        const y = F.conv2d(x, wt, null, { stride: s, padding: p, dilation: d, groups: g });
        for (let b = 0; b < n; b++) for (let oc = 0; oc < o; oc++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
          let sum = 0;
          const grp = Math.floor(oc / og);
          for (let ci = 0; ci < cg; ci++) for (let a = 0; a < kh; a++) for (let e = 0; e < kw; e++) {
            const iy = i * s - p + a * d, ix = j * s - p + e * d;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
            sum += x.data[((b * c + grp * cg + ci) * h + iy) * w + ix] * wt.data[((oc * cg + ci) * kh + a) * kw + e];
          }
          expect(y.data[((b * o + oc) * oh + i) * ow + j]).toBeCloseTo(sum, 10);
        }
      },
    ), { numRuns: 60 });
  });
});

describe("PyTorch's messages for bad calls", () => {
  const e = fixture.errors;
  const x = kd.zeros([2, 3, 6, 6]), w = kd.zeros([4, 3, 3, 3]);
  const cases: [string, () => unknown][] = [
    ["channels", () => F.conv2d(kd.zeros([2, 5, 6, 6]), w)],
    ["groups_weight", () => F.conv2d(kd.zeros([2, 4, 6, 6]), kd.zeros([3, 2, 3, 3]), null, { groups: 2 })],
    ["kernel_too_big", () => F.conv2d(kd.zeros([1, 3, 2, 2]), w)],
    ["input_dims", () => F.conv2d(kd.zeros([6, 6]), w)],
    ["same_strided", () => F.conv2d(x, w, null, { padding: "same", stride: 2 })],
    ["bad_padding_string", () => F.conv2d(x, w, null, { padding: "full" as "same" })],
    ["negative_padding", () => F.conv2d(x, w, null, { padding: -1 })],
    ["zero_stride", () => F.conv2d(x, w, null, { stride: 0 })],
    ["bias_size", () => F.conv2d(x, w, kd.zeros([3]))],
    ["conv1d_input_dims", () => F.conv1d(kd.zeros([2, 3, 4, 4]), kd.zeros([2, 3, 3]))],
    ["pool_pad", () => F.maxPool2d(x, 2, { padding: 2 })],
    ["pool_too_small", () => F.maxPool2d(kd.zeros([1, 1, 1, 1]), 2)],
    ["avg_pool_pad", () => F.avgPool2d(x, 2, { padding: 2 })],
    ["pool_input_dims", () => F.maxPool2d(kd.zeros([6, 6]), 2)],
  ];
  for (const [name, f] of cases) it(name, () => expect(f).toThrow(e[name]));

  it("a wrong option or argument type is a TypeError naming the op and argument", () => {
    expect(() => F.conv2d(x, w, null, { strides: 2 } as kd.nn.functional.ConvOptions)).toThrow(/conv2d\(\) got an unexpected keyword argument 'strides'/);
    expect(() => F.conv2d(x, w, null, { stride: [1, 2, 3] })).toThrow(/conv2d\(\): argument 'stride' must be int or tuple of 2 ints/);
    expect(() => F.maxPool2d(x, 2.5)).toThrow(/max_pool2d\(\): argument 'kernel_size'/);
    expect(() => F.conv2d(x, w.double())).toThrow("Input type (float) and weight type (double) should be the same");
  });

  it("a second-order gradient through a convolution is a clear error, not a wrong number", () => {
    const xx = kd.randn([1, 1, 4, 4], { dtype: "float64" }).requiresGrad_();
    const y = F.conv2d(xx, kd.randn([1, 1, 2, 2], { dtype: "float64" })).sum();
    expect(() => kd.autograd.grad(y, [xx], { createGraph: true })).toThrow(/conv_transpose/);
  });
});

describe("pooling an empty batch, as PyTorch 2.13", () => {
  it("gives an empty output and gradient; an empty channel or spatial dim is refused", () => {
    const x = kd.zeros([0, 2, 5, 5]).requiresGrad_();
    for (const pool of [(t: kd.Tensor) => F.maxPool2d(t, 2), (t: kd.Tensor) => F.avgPool2d(t, 2), (t: kd.Tensor) => F.adaptiveAvgPool2d(t, 2)]) {
      const y = pool(x);
      expect(y.shape).toEqual([0, 2, 2, 2]);
      y.sum().backward();
      expect(x.grad?.shape).toEqual([0, 2, 5, 5]);
    }
    expect(() => F.maxPool2d(kd.zeros([1, 2, 0, 5]), 2)).toThrow("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 2, 0, 5]");
    expect(() => F.adaptiveAvgPool2d(kd.zeros([1, 2, 5, 0]), 2)).toThrow(
      "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [1, 2, 5, 0] with dimension 3 being empty",
    );
  });
});
