/** State dicts print as PyTorch's OrderedDict and shapes as torch.Size (scripts/fixtures/printing.py). */
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/nn/printing.json", import.meta.url), "utf8")) as Record<string, string>;

describe("printed state dicts", () => {
  it("print as PyTorch's OrderedDict, through String, templates and console.log", () => {
    kd.manualSeed(42);
    const sd = new kd.nn.Sequential(new kd.nn.Linear(2, 3), new kd.nn.ReLU(), new kd.nn.Linear(3, 1)).stateDict();
    expect(String(sd)).toBe(fx.mlp);
    expect(`${sd}`).toBe(fx.mlp);
    expect(inspect(sd)).toBe(fx.mlp);
  });

  it("include buffers and the int64 counter, and an empty one is OrderedDict()", () => {
    kd.manualSeed(0);
    expect(String(new kd.nn.Sequential(new kd.nn.Linear(4, 2), new kd.nn.BatchNorm1d(2)).stateDict())).toBe(fx.batchnorm);
    expect(String(new kd.nn.ReLU().stateDict())).toBe(fx.empty);
  });

  it("keep their entries plain: keys, spreading, saving and loading are unchanged", () => {
    const model = new kd.nn.Linear(2, 1);
    const sd = model.stateDict();
    expect(Object.keys(sd)).toEqual(["weight", "bias"]);
    expect(Object.keys({ ...sd })).toEqual(["weight", "bias"]);
    expect(Object.keys(kd.io.deserialize(kd.io.serialize(sd)).tensors).sort()).toEqual(["bias", "weight"]);
    expect(() => new kd.nn.Linear(2, 1).loadStateDict(sd)).not.toThrow();
  });
});

describe("torch.Size", () => {
  it("is what size() returns, printed as PyTorch prints a shape", () => {
    expect(String(kd.zeros([800, 2]).size())).toBe(fx.size);
    expect(`${kd.scalarTensor(1).size()}`).toBe(fx.size_scalar);
    expect(inspect(kd.zeros([5]).size())).toBe(fx.size_1d);
  });
  it("behaves as an array of numbers", () => {
    const s = kd.zeros([3, 4]).size();
    expect(s).toEqual([3, 4]);
    expect([...s]).toEqual([3, 4]);
    expect(s[1]).toBe(4);
    expect(s.numel()).toBe(12);
    expect(Array.isArray(s.map((d) => d * 2)) && !(s.map((d) => d * 2) instanceof kd.Size)).toBe(true);
    expect(Object.isFrozen(s)).toBe(true);
  });
});
