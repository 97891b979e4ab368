/** Printing modules gives PyTorch's text exactly (toString and util.inspect). */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { loadFixture } from "./fixture-utils.js";

const { nn } = kd;

const { reprs, names } = loadFixture<{ reprs: Record<string, string>; names: Record<string, string[]> }>("nn/reprs.json");

/** The `Nested` model of the fixture script. */
class Nested extends nn.Module {
  features = new nn.Sequential(
    new nn.Linear(4, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Dropout(0.25),
    new nn.Sequential(new nn.Linear(8, 8), new nn.GELU({ approximate: "tanh" })),
  );
  heads = new nn.ModuleList([new nn.Linear(8, 2), new nn.Linear(8, 2), new nn.Linear(8, 3)]);
  flatten = new nn.Flatten();
  out = new nn.LogSoftmax(1);
}

function allLayers(): kd.nn.Sequential {
  const one = kd.ones([2]);
  return new nn.Sequential(
    new nn.ELU(), new nn.ELU(0.5, { inplace: true }), new nn.GELU(), new nn.GELU({ approximate: "tanh" }), new nn.SiLU(),
    new nn.SiLU({ inplace: true }), new nn.Softmax(1), new nn.LogSoftmax(-1), new nn.Softmax(), new nn.Flatten(),
    new nn.Flatten(0, 2), new nn.Identity(), new nn.Dropout(), new nn.Dropout(0.2, { inplace: true }), new nn.BatchNorm1d(8),
    new nn.LeakyReLU(), new nn.LeakyReLU(0.2, { inplace: true }), new nn.ReLU(), new nn.ReLU({ inplace: true }),
    new nn.Linear(2, 3, { bias: false }), new nn.Sigmoid(), new nn.Tanh(), new nn.Softplus(),
    new nn.BatchNorm1d(3, { eps: 1e-3, momentum: null, affine: false }), new nn.BatchNorm1d(4, { trackRunningStats: false, bias: false }),
    new nn.BCELoss(), new nn.BCEWithLogitsLoss({ posWeight: one }), new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }),
    new nn.NLLLoss(), new nn.MSELoss(), new nn.L1Loss(), new nn.SmoothL1Loss(), new nn.HuberLoss(),
  );
}

describe("module text equals PyTorch's", () => {
  it("every layer's extra_repr", () => {
    expect(allLayers().toString()).toBe(reprs.allLayers);
  });

  it("nested modules, indentation and ModuleList's grouping of repeats", () => {
    expect(new Nested().toString()).toBe(reprs.nested);
    const list = new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 2), new nn.ReLU(), new nn.Linear(2, 2), new nn.ReLU(), new nn.ReLU()]);
    expect(list.toString()).toBe(reprs.moduleList);
  });

  it("empty containers, named Sequential, Parameter", () => {
    expect(new nn.Sequential().toString()).toBe(reprs.emptySequential);
    expect(new nn.ModuleList().toString()).toBe(reprs.emptyModuleList);
    const named = new nn.Sequential({ fc1: new nn.Linear(2, 4), act: new nn.ReLU(), fc2: new nn.Linear(4, 1) });
    expect(named.toString()).toBe(reprs.namedSequential);
    expect(new nn.Parameter(kd.tensor([1, 2])).toString()).toBe(reprs.parameter);
  });

  it("through Node's util.inspect and template strings", () => {
    const model = new Nested();
    expect(inspect(model)).toBe(reprs.nested);
    expect(`${model}`).toBe(reprs.nested);
  });
});

describe("names follow PyTorch's registration order", () => {
  it("state dict, parameters, modules and buffers of a nested model", () => {
    const model = new Nested();
    expect(Object.keys(model.stateDict())).toEqual(names.nested);
    expect(model.namedParameters().map(([n]) => n)).toEqual(names.nestedParameters);
    expect(model.namedModules().map(([n]) => n)).toEqual(names.nestedModules);
    expect(model.namedBuffers().map(([n]) => n)).toEqual(names.nestedBuffers);
  });
});
