/** nn.Module's mechanics: registration, traversal, modes, hooks, dtype, state dicts, containers. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";

const { nn } = kd;

class TwoLayer extends nn.Module {
  scale = new nn.Parameter(kd.ones([1]));
  fc1 = new nn.Linear(3, 4);
  act = new nn.ReLU();
  fc2 = new nn.Linear(4, 2);
  offset = new nn.Parameter(kd.zeros([2]));

  override forward(x: kd.Tensor): kd.Tensor {
    return this.fc2.forward(this.act.forward(this.fc1.forward(x.mul(this.scale)))).add(this.offset);
  }
}

describe("registration and traversal", () => {
  it("finds fields in declaration order, own parameters before sub-modules'", () => {
    const m = new TwoLayer();
    expect(m.namedParameters().map(([n]) => n)).toEqual(["scale", "offset", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]);
    expect(Object.keys(m.stateDict())).toEqual(["scale", "offset", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]);
    expect(m.namedChildren().map(([n]) => n)).toEqual(["fc1", "act", "fc2"]);
    expect(m.namedModules().map(([n]) => n)).toEqual(["", "fc1", "act", "fc2"]);
    expect(m.children()[0]).toBe(m.fc1);
    expect(m.parameters({ recurse: false })).toEqual([m.scale, m.offset]);
  });

  it("registers explicitly, follows reassignment and deletion of fields", () => {
    const m = new TwoLayer();
    m.registerBuffer("steps", kd.zeros([1]));
    m.registerBuffer("scratch", kd.zeros([1]), { persistent: false });
    m.registerModule("extra", new nn.Linear(2, 2));
    m.registerParameter("gate", new nn.Parameter(kd.ones([1])));
    expect(m.namedBuffers().map(([n]) => n)).toEqual(["steps", "scratch"]);
    expect(Object.keys(m.stateDict())).toContain("steps");
    expect(Object.keys(m.stateDict())).not.toContain("scratch");
    expect(m.getSubmodule("extra")).toBeInstanceOf(nn.Linear);
    expect(m.getParameter("fc1.bias")).toBe(m.fc1.bias);
    expect(m.getBuffer("steps").shape).toEqual([1]);

    const replacement = new nn.Linear(3, 4);
    m.fc1 = replacement;
    expect(m.getSubmodule("fc1")).toBe(replacement);
    m.fc2.bias = null;
    expect(Object.keys(m.stateDict())).not.toContain("fc2.bias");
    Reflect.deleteProperty(m, "extra");
    expect(m.namedChildren().map(([n]) => n)).toEqual(["fc1", "act", "fc2"]);
  });

  it("counts shared modules and parameters once", () => {
    const shared = new nn.Linear(2, 2);
    const seq = new nn.Sequential(shared, new nn.ReLU(), shared);
    expect(seq.parameters()).toHaveLength(2);
    expect(seq.modules()).toHaveLength(3);
    expect(seq.namedModules({ removeDuplicate: false })).toHaveLength(4);
    expect(Object.keys(seq.stateDict())).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
  });
});

describe("calling and hooks", () => {
  it("a module is callable; calling it is forward", () => {
    kd.manualSeed(0);
    const m = new TwoLayer();
    const x = kd.rand([5, 3]);
    expect(m(x).tolist()).toEqual(m.forward(x).tolist());
    expect(m(x).shape).toEqual([5, 2]);
  });

  it("forward hooks see every built-in layer, even through .forward()", () => {
    const m = new TwoLayer();
    const seen: string[] = [];
    const handles = m.namedModules().map(([name, mod]) =>
      mod.registerForwardHook((module, inputs, output) => {
        expect(module).toBe(mod);
        seen.push(`${name || "model"}(${inputs.map((t) => t.shape.join("x")).join(",")})->${output.shape.join("x")}`);
      }));
    m.forward(kd.ones([2, 3]));
    expect(seen).toEqual(["fc1(2x3)->2x4", "act(2x4)->2x4", "fc2(2x4)->2x2", "model(2x3)->2x2"]);
    handles.forEach((h) => h.remove());
    seen.length = 0;
    m(kd.ones([2, 3]));
    expect(seen).toEqual([]);
  });

  it("a hook's return value replaces the output; pre-hooks replace inputs", () => {
    const relu = new nn.ReLU();
    const h = relu.registerForwardHook((_m, _i, out) => out.mul(2));
    expect(Array.from(relu(kd.tensor([-1, 3])).data)).toEqual([0, 6]);
    h.remove();
    relu.registerForwardPreHook((_m, inputs) => inputs[0].neg());
    expect(Array.from(relu(kd.tensor([-1, 3])).data)).toEqual([1, 0]);
  });

  it("runs global hooks first, and honours prepend", () => {
    const lin = new nn.Linear(2, 2);
    const order: string[] = [];
    lin.registerForwardHook(() => void order.push("second"));
    lin.registerForwardHook(() => void order.push("first"), { prepend: true });
    const global = nn.registerModuleForwardHook((m) => void order.push(`global ${m._getName()}`));
    try {
      lin(kd.ones([1, 2]));
    } finally {
      global.remove();
    }
    expect(order).toEqual(["global Linear", "first", "second"]);
  });
});

describe("modes, gradients and dtype", () => {
  it("train() and eval() set every sub-module", () => {
    const seq = new nn.Sequential(new nn.Linear(2, 2), new nn.Sequential(new nn.Dropout()));
    expect(seq.eval().modules().every((m) => !m.training)).toBe(true);
    expect(seq.train().modules().every((m) => m.training)).toBe(true);
    expect(() => seq.train("yes" as unknown as boolean)).toThrow("training mode is expected to be boolean");
  });

  it("zeroGrad, requiresGrad_ and apply", () => {
    const m = new TwoLayer();
    m(kd.ones([1, 3])).sum().backward();
    expect(m.fc1.weight.grad).not.toBeNull();
    m.zeroGrad({ setToNone: false });
    expect(Array.from(m.fc1.weight.grad!.data).every((v) => v === 0)).toBe(true);
    m.zeroGrad();
    expect(m.fc1.weight.grad).toBeNull();
    m.requiresGrad_(false);
    expect(m.parameters().some((p) => p.requiresGrad)).toBe(false);
    const names: string[] = [];
    m.apply((mod) => names.push(mod._getName()));
    expect(names).toEqual(["Linear", "ReLU", "Linear", "TwoLayer"]);
  });

  it("to(dtype) converts parameters in place; to('cpu') is the module itself", () => {
    const m = new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm1d(3));
    const weight = (m[0] as kd.nn.Linear).weight;
    const before = Array.from(weight.data);
    expect(m.to("cpu")).toBe(m);
    m.double();
    expect(weight.dtype).toBe("float64");
    expect(Array.from(weight.data)).toEqual(before);
    expect((m[1] as kd.nn.BatchNorm1d).runningMean?.dtype).toBe("float64");
    expect((m[1] as kd.nn.BatchNorm1d).numBatchesTracked?.dtype).toBe("int64");
    expect(m(kd.ones([4, 2], { dtype: "float64" })).dtype).toBe("float64");
    expect(() => m.to("int64")).toThrow("nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64");
  });
});

describe("state dicts", () => {
  it("share storage with the parameters (detached), or keep them with keepVars", () => {
    const lin = new nn.Linear(2, 2);
    const sd = lin.stateDict();
    expect(sd.weight.data).toBe(lin.weight.data);
    expect(sd.weight.requiresGrad).toBe(false);
    expect(lin.stateDict({ keepVars: true }).weight).toBe(lin.weight);
  });

  it("round-trip, converting dtype, and report keys when not strict", () => {
    kd.manualSeed(1);
    const a = new TwoLayer();
    kd.manualSeed(2);
    const b = new TwoLayer();
    const double = Object.fromEntries(Object.entries(a.stateDict()).map(([k, v]) => [k, v.double()]));
    expect(b.loadStateDict(double)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(Array.from(b.fc2.weight.data)).toEqual(Array.from(a.fc2.weight.data));
    expect(b.fc2.weight.dtype).toBe("float32");
    const partial = { "fc1.weight": a.fc1.weight.detach(), other: kd.zeros([1]) };
    const result = b.loadStateDict(partial, { strict: false });
    expect(result.unexpectedKeys).toEqual(["other"]);
    expect(result.missingKeys).toEqual(["scale", "offset", "fc1.bias", "fc2.weight", "fc2.bias"]);
  });
});

describe("containers", () => {
  it("Sequential: index, at, length, iteration, append, insert, pop, slice", () => {
    const a = new nn.Linear(2, 3), b = new nn.ReLU(), c = new nn.Linear(3, 1);
    const seq = new nn.Sequential(a, b);
    expect(seq[0]).toBe(a);
    expect(seq.at(-1)).toBe(b);
    expect(seq.length).toBe(2);
    seq.append(c);
    expect([...seq]).toEqual([a, b, c]);
    expect(seq(kd.ones([4, 2])).shape).toEqual([4, 1]);
    const d = new nn.Identity();
    seq.insert(1, d);
    expect([...seq]).toEqual([a, d, b, c]);
    expect(Object.keys(seq.stateDict())).toEqual(["0.weight", "0.bias", "3.weight", "3.bias"]);
    expect(seq.pop(1)).toBe(d);
    expect([...seq]).toEqual([a, b, c]);
    const tail = seq.slice(1);
    expect(tail.namedChildren().map(([n]) => n)).toEqual(["1", "2"]);
    expect(() => seq.at(3)).toThrow("index 3 is out of range");
  });

  it("Sequential from named modules", () => {
    const seq = new nn.Sequential({ fc: new nn.Linear(2, 2), act: new nn.Tanh() });
    expect(Object.keys(seq.stateDict())).toEqual(["fc.weight", "fc.bias"]);
    expect(seq.at(1)).toBeInstanceOf(nn.Tanh);
  });

  it("ModuleList registers its modules for the parent", () => {
    class Heads extends nn.Module {
      heads = new nn.ModuleList([new nn.Linear(2, 1), new nn.Linear(2, 1)]);
      override forward(x: kd.Tensor): kd.Tensor {
        return kd.cat([...this.heads].map((h) => h.forward(x)), 1);
      }
    }
    const m = new Heads();
    m.heads.append(new nn.Linear(2, 1));
    expect(m.parameters()).toHaveLength(6);
    expect(m(kd.ones([3, 2])).shape).toEqual([3, 3]);
    expect(m.heads.length).toBe(3);
    expect(m.heads[2]).toBe(m.heads.at(-1));
  });
});

describe("Parameter", () => {
  it("shares storage with its tensor, requires grad, and prints as PyTorch", () => {
    const t = kd.tensor([1, 2]);
    const p = new nn.Parameter(t);
    expect(p.data).toBe(t.data);
    expect(p.requiresGrad).toBe(true);
    expect(p.isLeaf).toBe(true);
    expect(new nn.Parameter(t, false).requiresGrad).toBe(false);
    expect(() => new nn.Parameter(kd.tensor([1], { dtype: "int64" }))).toThrow(
      "Only Tensors of floating point and complex dtype can require gradients",
    );
  });
});
