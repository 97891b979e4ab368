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

  it("every target ignored: the mean is NaN and the gradient zero, as PyTorch 2.13's (fused, weighted, smoothed, nll; backward and createGraph)", () => {
    for (const rows of [2, 40]) {
      const t = kd.full([rows], 1, { dtype: "int64" });
      const forms: [string, (x: kd.Tensor) => kd.Tensor][] = [
        ["fused", (x) => F.crossEntropy(x, t, { ignoreIndex: 1 })],
        ["weight", (x) => F.crossEntropy(x, t, { ignoreIndex: 1, weight: kd.tensor([1, 2, 3]) })],
        ["smoothing", (x) => F.crossEntropy(x, t, { ignoreIndex: 1, labelSmoothing: 0.1 })],
        ["nll", (x) => F.nllLoss(x.logSoftmax(1), t, { ignoreIndex: 1 })],
      ];
      for (const [name, loss] of forms) {
        const x = kd.randn([rows, 3]).requiresGrad_();
        const l = loss(x);
        expect(l.item(), name).toBeNaN();
        l.backward();
        expect(Array.from(x.grad?.data ?? [NaN]).every((v) => v === 0), `${name} ${rows} rows`).toBe(true);
        const [g] = kd.autograd.grad(loss(x), [x], { createGraph: true });
        expect(Array.from(g?.data ?? [NaN]).every((v) => v === 0), `${name} ${rows} rows, createGraph`).toBe(true);
      }
    }
  });

  it("cross-entropy against class probabilities gives a class weight that requires grad its gradient (PyTorch 2.13's values)", () => {
    const close = (got: kd.Tensor | null, want: number[] | number[][] | number[][][]): void =>
      expect(Array.from(got?.data ?? []).map((v) => Math.round(v * 1e5) / 1e5)).toEqual(want.flat(2).map((v) => Math.round(v * 1e5) / 1e5));
    const target = kd.tensor([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]);
    const cases: [kd.nn.functional.CrossEntropyOptions, number, number[], number[][]][] = [
      [{}, 1.1259678602218628, [0.19443769752979279, 0.33160796761512756, 0.5366285443305969],
        [[0.03700162097811699, -0.21690432727336884, 0.17990267276763916], [0.055213361978530884, 0.016278743743896484, -0.07149210572242737]]],
      [{ labelSmoothing: 0.1, reduction: "sum" }, 2.3336997032165527, [0.4348328113555908, 0.6950726509094238, 1.0174429416656494],
        [[0.063714399933815, -0.43862876296043396, 0.3749143183231354], [0.10112182796001434, 0.0013946384424343705, -0.10251650959253311]]],
    ];
    for (const [opts, loss, wGrad, xGrad] of cases) {
      const x = kd.tensor([[0.2, -0.3, 1], [0.1, 0.2, 0.3]]).requiresGrad_(), w = kd.tensor([1, 2, 0.5]).requiresGrad_();
      const l = F.crossEntropy(x, target, { ...opts, weight: w });
      expect(l.item()).toBeCloseTo(loss, 5);
      l.backward();
      close(w.grad, wGrad);
      close(x.grad, xGrad);
    }
    // [N, C, d] with reduction "none".
    const x = kd.tensor([[[0.2, 0.4], [-0.3, 0], [1, 0.5]]]).requiresGrad_(), w = kd.tensor([1, 2, 0.5]).requiresGrad_();
    const l = F.crossEntropy(x, kd.tensor([[[0.2, 0.6], [0.3, 0.3], [0.5, 0.1]]]), { weight: w, reduction: "none" });
    close(l, [[1.510575771331787, 1.511034607887268]]);
    l.mul(kd.tensor([[1, 2]])).sum().backward();
    close(w.grad, [1.4936742782592773, 1.4055182933807373, 0.45586830377578735]);
    close(x.grad, [[[0.07400324195623398, -0.2992585301399231], [-0.43380865454673767, -0.5962148904800415], [0.3598053455352783, 0.8954734206199646]]]);
  });

  it("refuses a weight that requires grad where PyTorch does not differentiate it (PyTorch 2.13's messages)", () => {
    const x = kd.tensor([[0.2, -0.3, 1], [0.1, 0.2, 0.3]]).requiresGrad_(), w = kd.tensor([1, 2, 0.5]).requiresGrad_();
    const idx = kd.tensor([0, 2], { dtype: "int64" }), half = kd.full([2, 3], 0.5);
    const msg = (fn: string, arg: string): string => `The function '${fn}' is not differentiable with respect to argument '${arg}'. This input cannot have requires_grad True.`;
    expect(() => F.crossEntropy(x, idx, { weight: w })).toThrow(msg("nll_loss_forward", "weight"));
    expect(() => F.crossEntropy(x, idx, { weight: w, labelSmoothing: 0.1 })).toThrow(msg("nll_loss_forward", "weight"));
    expect(() => F.nllLoss(x, idx, { weight: w })).toThrow(msg("nll_loss_forward", "weight"));
    expect(() => F.binaryCrossEntropy(x.sigmoid(), half, { weight: w })).toThrow(msg("binary_cross_entropy", "weight"));
    expect(() => F.binaryCrossEntropyWithLogits(x, half, { weight: w })).toThrow(msg("binary_cross_entropy_with_logits", "weight"));
    expect(() => F.binaryCrossEntropyWithLogits(x, half, { posWeight: w })).toThrow(msg("binary_cross_entropy_with_logits", "pos_weight"));
    // Without grad mode, or with a weight that needs none, they run.
    expect(kd.noGrad(() => F.nllLoss(x, idx, { weight: w })).item()).toBeCloseTo(-0.2 * 1 / 1.5 - 0.3 * 0.5 / 1.5, 6);
    expect(Number.isFinite(F.crossEntropy(x, idx, { weight: w.detach() }).item())).toBe(true);
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
