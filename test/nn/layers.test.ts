/** Activations, BatchNorm1d, Dropout, gradient clipping and one-hot against PyTorch. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { expectClose, expectExact, expectNear, loadFixture, toTensor, type JsonTensor } from "./fixture-utils.js";

const { nn } = kd;

interface ActivationCase {
  name: string;
  opts: Record<string, unknown>;
  input: JsonTensor;
  output: JsonTensor;
  gradOutput: JsonTensor;
  inputGrad: JsonTensor;
}

interface BatchNormStep {
  input: JsonTensor;
  output: JsonTensor;
  gradOutput: JsonTensor;
  inputGrad: JsonTensor;
  weightGrad: JsonTensor | null;
  biasGrad?: JsonTensor | null;
  state?: Record<string, JsonTensor>;
}

interface BatchNormCase {
  label: string;
  numFeatures: number;
  opts: kd.nn.BatchNorm1dOptions;
  initial: Record<string, JsonTensor>;
  train: BatchNormStep[];
  eval: BatchNormStep;
}

interface Fixture {
  activations: ActivationCase[];
  batchnorms: BatchNormCase[];
  dropouts: { seed: number; p: number; input: JsonTensor; output: JsonTensor; inputGrad: JsonTensor; nextRand: JsonTensor }[];
  clips: { maxNorm: number; normType: number | "inf"; grads: JsonTensor[]; total: number; clipped: JsonTensor[] }[];
  clipValue: { clipValue: number; grad: JsonTensor; clipped: JsonTensor };
  oneHot: { input: JsonTensor; output: JsonTensor; output5: JsonTensor };
}

const fx = loadFixture<Fixture>("nn/layers.json");

function makeActivation(name: string, opts: Record<string, unknown>): kd.nn.Module {
  switch (name) {
    case "ReLU": return new nn.ReLU();
    case "LeakyReLU": return new nn.LeakyReLU(opts.negativeSlope as number);
    case "ELU": return new nn.ELU(opts.alpha as number | undefined);
    case "GELU": return new nn.GELU({ approximate: opts.approximate as "none" | "tanh" | undefined });
    case "SiLU": return new nn.SiLU();
    case "Sigmoid": return new nn.Sigmoid();
    case "Tanh": return new nn.Tanh();
    case "Softplus": return new nn.Softplus();
    case "Softmax": return new nn.Softmax(opts.dim as number);
    case "LogSoftmax": return new nn.LogSoftmax(opts.dim as number);
    case "Flatten": return new nn.Flatten();
    case "Identity": return new nn.Identity();
    default: throw new Error(`no activation ${name}`);
  }
}

describe("activation layers match PyTorch", () => {
  it.each(fx.activations.map((c) => [`${c.name} ${JSON.stringify(c.opts)}`, c] as const))("%s", (_label, c) => {
    const x = toTensor(c.input, { requiresGrad: true });
    const y = makeActivation(c.name, c.opts)(x);
    expectClose(y, c.output, {}, "output");
    y.backward(toTensor(c.gradOutput));
    expectClose(x.grad, c.inputGrad, {}, "input grad");
  });

  it("in place only where no gradient is recorded", () => {
    const x = kd.tensor([-1, 2]);
    expect(new nn.ReLU({ inplace: true })(x)).toBe(x);
    expect(Array.from(x.data)).toEqual([0, 2]);
    const w = kd.tensor([-1, 2], { requiresGrad: true });
    const y = new nn.ReLU({ inplace: true })(w);
    expect(y).not.toBe(w);
    expect(Array.from(w.data)).toEqual([-1, 2]);
  });
});

describe("BatchNorm1d matches PyTorch", () => {
  it.each(fx.batchnorms.map((c) => [c.label, c] as const))("%s: training steps, running statistics, eval", (_label, c) => {
    const bn = new nn.BatchNorm1d(c.numFeatures, c.opts);
    bn.loadStateDict(Object.fromEntries(Object.entries(c.initial).map(([k, v]) => [k, toTensor(v)])));
    for (const [i, step] of c.train.entries()) {
      const x = toTensor(step.input, { requiresGrad: true });
      const y = bn(x);
      expectClose(y, step.output, {}, `step ${i} output`);
      y.backward(toTensor(step.gradOutput));
      expectClose(x.grad, step.inputGrad, {}, `step ${i} input grad`);
      if (step.weightGrad) expectClose(bn.weight?.grad, step.weightGrad, {}, `step ${i} weight grad`);
      if (step.biasGrad) expectClose(bn.bias?.grad, step.biasGrad, {}, `step ${i} bias grad`);
      const state = bn.stateDict();
      expect(Object.keys(state)).toEqual(Object.keys(step.state ?? {}));
      for (const [k, v] of Object.entries(step.state ?? {})) expectClose(state[k], v, {}, `step ${i} ${k}`);
      bn.zeroGrad();
    }
    bn.eval();
    const x = toTensor(c.eval.input, { requiresGrad: true });
    const y = bn(x);
    expectClose(y, c.eval.output, {}, "eval output");
    y.backward(toTensor(c.eval.gradOutput));
    expectClose(x.grad, c.eval.inputGrad, {}, "eval input grad");
    if (c.eval.weightGrad) expectClose(bn.weight?.grad, c.eval.weightGrad, {}, "eval weight grad");
  });
});

describe("Dropout draws PyTorch's masks", () => {
  it.each(fx.dropouts.map((c) => [`seed ${c.seed} p ${c.p} ${c.input.dtype}`, c] as const))("%s", (_label, c) => {
    const x = toTensor(c.input, { requiresGrad: true });
    kd.manualSeed(c.seed);
    const y = kd.nn.functional.dropout(x, { p: c.p, training: true });
    expectExact(y, c.output, "output");
    // The generator is left where PyTorch leaves it.
    expectExact(kd.rand([3]), c.nextRand, "next draw");
    y.sum().backward();
    expectExact(x.grad!, c.inputGrad, "grad");
  });

  it("is the identity in eval mode and with p = 0, and zeroes everything with p = 1", () => {
    const x = kd.ones([4, 3]);
    const layer = new nn.Dropout(0.5);
    layer.eval();
    expect(layer(x)).toBe(x);
    expect(new nn.Dropout(0)(x)).toBe(x);
    expect(Array.from(new nn.Dropout(1)(x).data).every((v) => v === 0)).toBe(true);
  });

  it("keeps about 1 - p of the elements, scaled by 1 / (1 - p)", () => {
    kd.manualSeed(0);
    const y = new nn.Dropout(0.3)(kd.ones([10000]));
    const kept = Array.from(y.data).filter((v) => v !== 0);
    expect(kept.length / 10000).toBeGreaterThan(0.68);
    expect(kept.length / 10000).toBeLessThan(0.72);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / Math.fround(0.7))]));
  });
});

describe("gradient clipping matches PyTorch", () => {
  it.each(fx.clips.map((c) => [`max ${c.maxNorm} norm ${c.normType}`, c] as const))("clipGradNorm_ %s", (_label, c) => {
    const params = c.grads.map((g) => {
      const p = new nn.Parameter(kd.zeros(g.shape));
      p.grad = toTensor(g);
      return p;
    });
    const total = nn.utils.clipGradNorm_(params, c.maxNorm, { normType: c.normType === "inf" ? Infinity : c.normType });
    expectNear(total.item(), c.total, 1e-6, 0, "total norm");
    params.forEach((p, i) => expectClose(p.grad, c.clipped[i], {}, `grad ${i}`));
  });

  it("clipGradValue_", () => {
    const p = new nn.Parameter(kd.zeros([6]));
    p.grad = toTensor(fx.clipValue.grad);
    nn.utils.clipGradValue_([p], fx.clipValue.clipValue);
    expectExact(p.grad, fx.clipValue.clipped, "clipped");
  });
});

describe("oneHot", () => {
  it("matches F.one_hot, with inferred and given class counts", () => {
    const x = toTensor(fx.oneHot.input);
    expectExact(nn.functional.oneHot(x), fx.oneHot.output, "inferred");
    expectExact(nn.functional.oneHot(kd.tensor([0, 2, 1], { dtype: "int64" }), 5), fx.oneHot.output5, "five classes");
  });
});

describe("F.linear's other forms, as PyTorch 2.13 gives them", () => {
  const F = nn.functional;
  it("integer tensors, a 1-D weight, and a bias that broadcasts", () => {
    const r = F.linear(kd.tensor([[1, 2]], { dtype: "int64" }), kd.tensor([[1, 3]], { dtype: "int64" }));
    expect([r.dtype, r.tolist()]).toEqual(["int64", [[7]]]);
    expect(F.linear(kd.tensor([[1, 2]]), kd.tensor([1, 3])).tolist()).toEqual([7]);
    expect(F.linear(kd.tensor([1, 2]), kd.tensor([1, 3]), kd.tensor(0.5)).tolist()).toBe(7.5);
    for (const b of [kd.tensor([0.5]), kd.tensor(0.5)]) {
      expect(F.linear(kd.tensor([[1, 2]]), kd.tensor([[1, 3], [2, 2]]), b).tolist()).toEqual([[7.5, 6.5]]);
    }
    // The general form's gradients are matmul's and add's.
    const x = kd.tensor([[1, 2]]).requiresGrad_(), w = kd.tensor([1, 3]).requiresGrad_(), b = kd.tensor(0.5).requiresGrad_();
    F.linear(x, w, b).sum().backward();
    expect([x.grad?.tolist(), w.grad?.tolist(), b.grad?.tolist()]).toEqual([[[1, 3]], [1, 2], 1]);
  });

  it("refuses a weight of 0 or more than 2 dims (never reads it as [out, in])", () => {
    expect(() => F.linear(kd.tensor([[1, 2]]), kd.zeros([2, 2, 2]))).toThrow("t() expects a tensor with <= 2 dimensions, but self is 3D");
    expect(() => F.linear(kd.tensor([[1, 2]]), kd.tensor(1))).toThrow("both arguments to linear need to be at least 1D, but they are 2D and 0D");
    const layer = new nn.Linear(2, 2);
    layer.weight = new nn.Parameter(kd.zeros([2, 2, 2]));
    expect(() => layer.forward(kd.ones([1, 2]))).toThrow("t() expects a tensor with <= 2 dimensions, but self is 3D");
    // Linear → ReLU in a Sequential runs as one fused op, which refuses it too.
    const seq = new nn.Sequential(layer, new nn.ReLU());
    expect(() => seq.forward(kd.ones([1, 2]))).toThrow(/2-D weight/);
  });
});
