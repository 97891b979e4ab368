/** Initialisation bit for bit: nn.Linear after manualSeed, the tutorial models, and nn.init. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { BlobModel, CircleModelV0, CircleModelV1, CircleModelV2, circleModelSequential } from "../../examples/models/index.js";
import { expectExact, expectNear, loadFixture, type JsonTensor } from "./fixture-utils.js";

const { nn } = kd;

interface Fixture {
  linears: { seed: number; inFeatures: number; outFeatures: number; bias: boolean; weight: JsonTensor; biasValues: JsonTensor | null }[];
  chained: { seed: number; first: Record<string, JsonTensor>; second: Record<string, JsonTensor> };
  tutorialModels: Record<string, Record<string, JsonTensor>>;
  inits: { name: string; opts: Record<string, unknown>; shape: number[]; dtype: kd.DType; out: JsonTensor }[];
  gains: Record<string, number>;
}

const fx = loadFixture<Fixture>("nn/init.json");

function expectStateDict(model: kd.nn.Module, expected: Record<string, JsonTensor>): void {
  const sd = model.stateDict();
  expect(Object.keys(sd)).toEqual(Object.keys(expected));
  for (const [k, v] of Object.entries(expected)) expectExact(sd[k], v, k);
}

describe("nn.Linear initialisation equals PyTorch's bit for bit", () => {
  it.each(fx.linears.map((c) => [`seed ${c.seed}: Linear(${c.inFeatures}, ${c.outFeatures}, bias=${c.bias})`, c] as const))("%s", (_l, c) => {
    kd.manualSeed(c.seed);
    const layer = new nn.Linear(c.inFeatures, c.outFeatures, { bias: c.bias });
    expectExact(layer.weight, c.weight, "weight");
    if (c.biasValues) expectExact(layer.bias!, c.biasValues, "bias");
    else expect(layer.bias).toBeNull();
  });

  it("draws the second layer where the first left the generator", () => {
    kd.manualSeed(fx.chained.seed);
    const a = new nn.Linear(4, 3), b = new nn.Linear(3, 2);
    expectStateDict(a, fx.chained.first);
    expectStateDict(b, fx.chained.second);
  });
});

describe("the tutorial's models after manualSeed(42) equal PyTorch's", () => {
  const makers: Record<string, () => kd.nn.Module> = {
    CircleModelV0: () => new CircleModelV0(),
    circleModelSequential,
    CircleModelV1: () => new CircleModelV1(),
    CircleModelV2: () => new CircleModelV2(),
    BlobModel: () => new BlobModel(2, 4, 8),
  };
  it.each(Object.keys(fx.tutorialModels))("%s", (name) => {
    kd.manualSeed(42);
    expectStateDict(makers[name](), fx.tutorialModels[name]);
  });
});

describe("nn.init", () => {
  it.each(fx.inits.map((c) => [`${c.name} ${JSON.stringify(c.opts)} ${c.dtype} [${c.shape}]`, c] as const))("%s", (_l, c) => {
    kd.manualSeed(11);
    const t = kd.zeros(c.shape, { dtype: c.dtype });
    const init = nn.init;
    switch (c.name) {
      case "kaimingUniform_": init.kaimingUniform_(t, c.opts as Parameters<typeof init.kaimingUniform_>[1]); break;
      case "xavierUniform_": init.xavierUniform_(t, c.opts as { gain?: number }); break;
      case "uniform_": init.uniform_(t, c.opts.a as number, c.opts.b as number); break;
      case "normal_": init.normal_(t, c.opts.mean as number, c.opts.std as number); break;
      case "xavierNormal_": init.xavierNormal_(t, c.opts as { gain?: number }); break;
      case "kaimingNormal_": init.kaimingNormal_(t, c.opts as Parameters<typeof init.kaimingNormal_>[1]); break;
      default: throw new Error(c.name);
    }
    expectExact(t, c.out, c.name);
  });

  it("calculateGain", () => {
    for (const [name, value] of Object.entries(fx.gains)) {
      const m = /^(\w+)\((.+)\)$/.exec(name);
      const gain = m
        ? nn.init.calculateGain(m[1] as kd.nn.init.Nonlinearity, m[2] === "sqrt5" ? Math.sqrt(5) : Number(m[2]))
        : nn.init.calculateGain(name as kd.nn.init.Nonlinearity);
      expectNear(gain, value, 0, 0, name);
    }
  });

  it("constant_, zeros_, ones_, eye_ work on parameters (outside autograd)", () => {
    const p = new nn.Parameter(kd.zeros([2, 3]));
    nn.init.constant_(p, 0.5);
    expect(Array.from(p.data)).toEqual(new Array(6).fill(0.5));
    nn.init.ones_(p);
    expect(Array.from(p.data)).toEqual(new Array(6).fill(1));
    nn.init.eye_(p);
    expect(Array.from(p.data)).toEqual([1, 0, 0, 0, 1, 0]);
    nn.init.zeros_(p);
    expect(Array.from(p.data)).toEqual(new Array(6).fill(0));
    expect(p.requiresGrad).toBe(true);
  });
});
