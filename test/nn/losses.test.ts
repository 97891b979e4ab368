/** Every loss, reduction and option against PyTorch: values and gradients (input and target). */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { expectClose, loadFixture, toTensor, type JsonTensor } from "./fixture-utils.js";

const { nn } = kd;
const F = nn.functional;

interface LossCase {
  name: string;
  module: "BCELoss" | "BCEWithLogitsLoss" | "CrossEntropyLoss" | "NLLLoss" | "MSELoss" | "L1Loss" | "SmoothL1Loss" | "HuberLoss";
  opts: Record<string, unknown>;
  input: JsonTensor;
  target: JsonTensor;
  gradOutput: JsonTensor | null;
  output: JsonTensor;
  inputGrad: JsonTensor;
  targetGrad: JsonTensor | null;
}

const { cases } = loadFixture<{ cases: LossCase[] }>("nn/losses.json");

/** The fixture's options with tensors made into tensors. */
function options(opts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) {
    out[k] = v !== null && typeof v === "object" && "data" in v ? toTensor(v as JsonTensor) : v;
  }
  return out;
}

function makeLoss(c: LossCase): kd.nn.Loss {
  // The fixture writes each module's own options (camelCase), so they pass straight on.
  const o = options(c.opts) as kd.nn.CrossEntropyLossOptions & kd.nn.BCEWithLogitsLossOptions & { beta?: number; delta?: number };
  switch (c.module) {
    case "BCELoss": return new nn.BCELoss(o);
    case "BCEWithLogitsLoss": return new nn.BCEWithLogitsLoss(o);
    case "CrossEntropyLoss": return new nn.CrossEntropyLoss(o);
    case "NLLLoss": return new nn.NLLLoss(o);
    case "MSELoss": return new nn.MSELoss(o);
    case "L1Loss": return new nn.L1Loss(o);
    case "SmoothL1Loss": return new nn.SmoothL1Loss(o);
    case "HuberLoss": return new nn.HuberLoss(o);
  }
}

describe("losses match PyTorch", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const input = toTensor(c.input, { requiresGrad: true });
    const target = toTensor(c.target, { requiresGrad: c.targetGrad !== null });
    const loss = makeLoss(c)(input, target);
    expectClose(loss, c.output, {}, "loss");
    expect(loss.dtype).toBe(c.output.dtype);
    loss.backward(c.gradOutput ? toTensor(c.gradOutput) : undefined);
    expectClose(input.grad, c.inputGrad, {}, "input grad");
    if (c.targetGrad) expectClose(target.grad, c.targetGrad, {}, "target grad");
  });
});

describe("functional forms", () => {
  it("give the modules' values", () => {
    const x = kd.tensor([[1.5, -2, 0.3], [0.2, 0.1, -4]]);
    const y = kd.tensor([2, 0], { dtype: "int64" });
    const w = kd.tensor([0.5, 1, 2]);
    expect(F.crossEntropy(x, y, { weight: w, labelSmoothing: 0.1 }).item())
      .toBe(new nn.CrossEntropyLoss({ weight: w, labelSmoothing: 0.1 })(x, y).item());
    const t = kd.tensor([[1, 0, 1], [0, 0, 1]]);
    expect(F.binaryCrossEntropyWithLogits(x, t, { posWeight: w }).item())
      .toBe(new nn.BCEWithLogitsLoss({ posWeight: w }).forward(x, t).item());
    expect(F.nllLoss(x.logSoftmax(1), y).item()).toBeCloseTo(F.crossEntropy(x, y).item(), 6);
    expect(F.binaryCrossEntropy(x.sigmoid(), t).item()).toBeCloseTo(F.binaryCrossEntropyWithLogits(x, t).item(), 5);
  });

  it("stay finite and exact for extreme logits, where sigmoid then BCE saturates", () => {
    const x = kd.tensor([-300, 300, 80], { requiresGrad: true });
    const t = kd.tensor([1, 0, 1]);
    const loss = F.binaryCrossEntropyWithLogits(x, t, { reduction: "none" });
    expect(Array.from(loss.data)).toEqual([300, 300, Math.fround(Math.log1p(Math.exp(-80)))]);
    loss.sum().backward();
    // σ(80) rounds to 1, in float32 as in PyTorch, so that gradient is 0.
    expect(Array.from(x.grad!.data)).toEqual([-1, 1, 0]);
    // The naive path clamps each log at -100, so the loss is capped there instead.
    expect(F.binaryCrossEntropy(x.detach().sigmoid(), t, { reduction: "none" }).data[0]).toBe(100);
  });

  it("multi-label BCE-with-logits on [N, C] averages over every label", () => {
    const logits = kd.tensor([[2, -1], [0.5, 3]]);
    const labels = kd.tensor([[1, 0], [0, 1]]);
    const perLabel = F.binaryCrossEntropyWithLogits(logits, labels, { reduction: "none" });
    expect(perLabel.shape).toEqual([2, 2]);
    expect(F.binaryCrossEntropyWithLogits(logits, labels).item()).toBeCloseTo(perLabel.mean().item(), 6);
  });

  it("name cross-entropy's node as PyTorch 2.13 does, for every target form and reduction", () => {
    const x2 = kd.randn([3, 4], { requiresGrad: true }), t2 = kd.tensor([0, 1, 2], { dtype: "int64" });
    const p2 = kd.softmax(kd.randn([3, 4]), 1);
    const name = (x: kd.Tensor, t: kd.Tensor, o: kd.nn.functional.CrossEntropyOptions) => F.crossEntropy(x, t, o).gradFn?.name;
    // Printed by PyTorch 2.13: F.cross_entropy(x, t, **kw).grad_fn.name().
    expect(name(x2, t2, {})).toBe("NllLossBackward0");
    expect(name(x2, t2, { reduction: "none" })).toBe("NllLossBackward0");
    expect(name(x2, t2, { weight: kd.ones([4]) })).toBe("NllLossBackward0");
    expect(name(x2, t2, { labelSmoothing: 0.1 })).toBe("AddBackward0");
    expect(name(x2, p2, {})).toBe("DivBackward1");
    expect(name(x2, p2, { reduction: "sum" })).toBe("NegBackward0");
    const x3 = kd.randn([2, 4, 5], { requiresGrad: true }), t3 = kd.randint(0, 4, [2, 5]);
    expect(name(x3, t3, {})).toBe("NllLoss2DBackward0");
    expect(name(x3, t3, { reduction: "none" })).toBe("ViewBackward0");
    const x4 = kd.randn([2, 4, 5, 3], { requiresGrad: true }), t4 = kd.randint(0, 4, [2, 5, 3]);
    expect(name(x4, t4, { reduction: "none" })).toBe("NllLoss2DBackward0");
    expect(String(new kd.nn.CrossEntropyLoss().forward(x2, t2))).toMatch(/grad_fn=<NllLossBackward0>\)$/);
  });

  it("record one backward node per loss (a fused op)", () => {
    const x = kd.tensor([[1, 2, 3]], { requiresGrad: true });
    const ce = F.crossEntropy(x, kd.tensor([1], { dtype: "int64" }));
    expect(ce.gradFn?.name).toBe("NllLossBackward0");
    expect(ce.gradFn?.inputs[0]).toBe(x);
    const bce = F.binaryCrossEntropyWithLogits(x, kd.tensor([[1, 0, 1]]));
    expect(bce.gradFn?.name).toBe("BinaryCrossEntropyWithLogitsBackward0");
    expect(bce.gradFn?.inputs[0]).toBe(x);
  });
});
