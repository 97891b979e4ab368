/**
 * The image layers against PyTorch (scripts/fixtures/conv.py): printed as PyTorch prints
 * them, Conv1d / Conv2d initialised bit for bit after the same seed, chapter 03's TinyVGG
 * giving PyTorch's logits, Dropout2d's channel mask, BatchNorm2d's checks and statistics.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { FashionMNISTModelV2 } from "../../examples/models/index.js";
import { loadFixture } from "../engine/fixtures.js";

const { nn } = kd;

interface Fixture {
  errors: Record<string, string>;
  printed: Record<string, string>;
  init: {
    conv2d: Record<string, number[]>;
    conv2d_groups: Record<string, number[]>;
    conv1d: Record<string, number[]>;
    tinyvgg: { repr: string; params: Record<string, number[]>; input: number[]; logits: number[] };
    dropout2d: number[];
  };
}
const fx = loadFixture<Fixture>("conv");

describe("the image layers print as PyTorch prints them", () => {
  const made: Record<string, () => kd.nn.Module> = {
    conv2d: () => new nn.Conv2d(1, 10, 3),
    conv2d_full: () => new nn.Conv2d(4, 8, [3, 5], { stride: [2, 1], padding: [1, 2], dilation: 2, groups: 2, bias: false }),
    conv2d_same: () => new nn.Conv2d(3, 6, 3, { padding: "same" }),
    conv2d_padding: () => new nn.Conv2d(10, 10, 3, { stride: 1, padding: 1 }),
    conv1d: () => new nn.Conv1d(3, 4, 5),
    conv1d_valid: () => new nn.Conv1d(3, 4, 5, { padding: "valid", stride: 2 }),
    max_pool2d: () => new nn.MaxPool2d(2),
    max_pool2d_full: () => new nn.MaxPool2d([2, 3], { stride: 1, padding: 1, dilation: [1, 2], returnIndices: true, ceilMode: true }),
    avg_pool2d: () => new nn.AvgPool2d(2),
    avg_pool2d_full: () => new nn.AvgPool2d(3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false, divisorOverride: 4 }),
    adaptive_avg_pool2d: () => new nn.AdaptiveAvgPool2d(1),
    adaptive_avg_pool2d_tuple: () => new nn.AdaptiveAvgPool2d([5, 7]),
    adaptive_avg_pool2d_none: () => new nn.AdaptiveAvgPool2d([null, 7]),
    batch_norm2d: () => new nn.BatchNorm2d(10),
    batch_norm2d_full: () => new nn.BatchNorm2d(4, { eps: 1e-3, momentum: null, affine: false, trackRunningStats: false }),
    dropout2d: () => new nn.Dropout2d(),
    dropout2d_p: () => new nn.Dropout2d(0.25, { inplace: true }),
    flatten: () => new nn.Flatten(),
  };
  for (const [name, want] of Object.entries(fx.printed)) {
    it(name, () => expect(String(made[name]())).toBe(want));
  }
  it("TinyVGG (chapter 03's FashionMNISTModelV2)", () => {
    expect(String(new FashionMNISTModelV2(1, 10, 10))).toBe(fx.init.tinyvgg.repr);
  });
});

function expectBits(model: kd.nn.Module, want: Record<string, number[]>): void {
  const sd = model.stateDict();
  expect(Object.keys(sd)).toEqual(Object.keys(want));
  for (const [k, v] of Object.entries(want)) {
    expect(sd[k].dtype, k).toBe("float32");
    expect(Array.from(sd[k].data), k).toEqual(v);
  }
}

describe("initial weights equal PyTorch's bit for bit after the same seed", () => {
  it("Conv2d(3, 5, 3) after manualSeed(42)", () => {
    kd.manualSeed(42);
    expectBits(new nn.Conv2d(3, 5, 3), fx.init.conv2d);
  });
  it("Conv2d(4, 6, (2, 3), groups=2) after manualSeed(7)", () => {
    kd.manualSeed(7);
    expectBits(new nn.Conv2d(4, 6, [2, 3], { groups: 2 }), fx.init.conv2d_groups);
  });
  it("Conv1d(2, 3, 4) after manualSeed(0)", () => {
    kd.manualSeed(0);
    expectBits(new nn.Conv1d(2, 3, 4), fx.init.conv1d);
  });
  it("TinyVGG after manualSeed(42): every parameter, then PyTorch's logits for torch.rand images", () => {
    kd.manualSeed(42);
    const model = new FashionMNISTModelV2(1, 10, 10);
    expectBits(model, fx.init.tinyvgg.params);
    const x = kd.rand([2, 1, 28, 28]);
    expect(Array.from(x.data)).toEqual(fx.init.tinyvgg.input);
    const logits = kd.inferenceMode(() => model(x));
    expect([...logits.shape]).toEqual([2, 10]);
    fx.init.tinyvgg.logits.forEach((v, i) => expect(logits.data[i]).toBeCloseTo(v, 5));
  });
});

describe("Dropout2d and BatchNorm2d", () => {
  it("Dropout2d zeroes whole channels with PyTorch's mask after the same seed, and is the identity in eval mode", () => {
    kd.manualSeed(5);
    const y = kd.nn.functional.dropout2d(kd.ones([3, 4, 2, 2], { dtype: "float64" }), { p: 0.5 });
    expect(Array.from(y.data)).toEqual(fx.init.dropout2d);
    const layer = new nn.Dropout2d(0.5);
    layer.eval();
    const x = kd.randn([2, 3, 2, 2]);
    expect(layer(x)).toBe(x);
  });
  it("Dropout2d's gradient is the channel mask; changing its input in place does not change it (MulBackward0 keeps only the noise)", () => {
    kd.manualSeed(11);
    const x = kd.randn([4, 6, 3, 3], { dtype: "float64" }).requiresGrad_();
    const h = x.mul(1);
    const y = kd.nn.functional.dropout2d(h, { p: 0.3 });
    expect(y.gradFn?.name).toBe("MulBackward0");
    const mask = Array.from(y.data, (v, i) => (v === 0 ? 0 : v / h.data[i]));
    kd.noGrad(() => h.mul_(-2));
    y.backward(kd.onesLike(y));
    const g = Array.from((x.grad as kd.Tensor).data);
    g.forEach((v, i) => expect(v).toBeCloseTo(mask[i], 12));
    // Each channel is all kept or all dropped.
    for (let c = 0; c < 24; c++) expect(new Set(g.slice(9 * c, 9 * c + 9)).size).toBe(1);
  });
  it("BatchNorm2d asks for 4-D input in PyTorch's words, and tracks per-channel statistics over N, H and W", () => {
    const bn = new nn.BatchNorm2d(3);
    expect(() => bn(kd.zeros([2, 3, 4]))).toThrow(fx.errors.batchnorm2d_dims);
    expect(() => new nn.Dropout2d(1.5)).toThrow(fx.errors.dropout_p);
    kd.manualSeed(0);
    const x = kd.randn([4, 3, 5, 5]).mul(2).add(1);
    const y = bn(x);
    const mean = y.mean([0, 2, 3]);
    for (const v of mean.data) expect(Math.abs(v)).toBeLessThan(1e-5);
    const want = x.mean([0, 2, 3]).mul(0.1);
    (bn.runningMean as kd.Tensor).data.forEach((v, i) => expect(v).toBeCloseTo(want.data[i], 5));
  });
  it("MaxPool2d with returnIndices gives the indices through forwardWithIndices, and refuses a plain call", () => {
    const pool = new nn.MaxPool2d(2, { returnIndices: true });
    const x = kd.arange(16, { dtype: "float32" }).reshape([1, 1, 4, 4]);
    const [v, idx] = pool.forwardWithIndices(x);
    expect(Array.from(v.data)).toEqual([5, 7, 13, 15]);
    expect(Array.from(idx.data)).toEqual([5, 7, 13, 15]);
    expect(() => pool(x)).toThrow(/forwardWithIndices/);
  });
  it("Conv2d checks its channels and groups as PyTorch does", () => {
    expect(() => new nn.Conv2d(3, 4, 3, { groups: 2 })).toThrow("in_channels must be divisible by groups");
    expect(() => new nn.Conv2d(4, 3, 3, { groups: 2 })).toThrow("out_channels must be divisible by groups");
    expect(() => new nn.Conv2d(4, 4, 3, { padding: "same", stride: 2 })).toThrow("padding='same' is not supported for strided convolutions");
    expect(() => new nn.Conv2d(4, 4, 3, { padding: "full" as "same" })).toThrow("Invalid padding string 'full', should be one of {'valid', 'same'}");
  });
});
