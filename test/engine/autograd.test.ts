/**
 * Autograd behaviour: leaves and non-leaves, accumulation, retainGraph, the freed graph,
 * detach, grad modes, autograd.grad, broadcasting gradients, and gradcheck itself.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { decode, expectTensor, loadFixture, type Encoded } from "./fixtures.js";

interface AutogradFixture {
  accumulate: { x: Encoded; b: Encoded; loss: Encoded; first: [Encoded, Encoded]; second: [Encoded, Encoded] };
  retain_grad: { x: Encoded; h_grad: Encoded; x_grad: Encoded };
  gradient_tensor: { x: Encoded; gy: Encoded; x_grad: Encoded };
  grad_higher: { x: Encoded; d1: Encoded; d2: Encoded };
  twice_without_saved: { x: Encoded; x_grad: Encoded };
}
const fx = loadFixture<AutogradFixture>("autograd");

describe("autograd against PyTorch", () => {
  it("accumulates .grad over backward calls (retainGraph) and reduces broadcast gradients", () => {
    const c = fx.accumulate;
    const x = decode(c.x).requiresGrad_(), b = decode(c.b).requiresGrad_();
    const loss = x.mul(b).add(b).sigmoid().pow(2).mean();
    expectTensor(loss, c.loss, "loss");
    loss.backward({ retainGraph: true });
    expectTensor(x.grad, c.first[0], "x.grad after one backward");
    expectTensor(b.grad, c.first[1], "b.grad after one backward");
    const gradObject = x.grad;
    loss.backward();
    expectTensor(x.grad, c.second[0], "x.grad after two");
    expectTensor(b.grad, c.second[1], "b.grad after two");
    expect(x.grad).toBe(gradObject); // accumulated in place, as AccumulateGrad does
  });

  it("keeps .grad of a non-leaf only with retainGrad()", () => {
    const c = fx.retain_grad;
    const x = decode(c.x).requiresGrad_();
    const h = x.exp();
    const other = x.exp();
    h.retainGrad();
    h.mul(h).sum().add(other.sum().mul(0)).backward();
    expectTensor(h.grad, c.h_grad, "h.grad");
    expectTensor(x.grad, c.x_grad, "x.grad");
    expect(other.grad).toBeNull();
    expect(h.isLeaf).toBe(false);
    expect(h.retainsGrad).toBe(true);
  });

  it("takes a gradient tensor for a non-scalar output", () => {
    const c = fx.gradient_tensor;
    const x = decode(c.x).requiresGrad_();
    x.tanh().mul(3).backward(decode(c.gy));
    expectTensor(x.grad, c.x_grad, "x.grad");
  });

  it("computes higher-order gradients with autograd.grad(createGraph)", () => {
    const c = fx.grad_higher;
    const x = decode(c.x).requiresGrad_();
    const [d1] = kd.autograd.grad(x.pow(3).sum(), [x], { createGraph: true });
    expectTensor(d1, c.d1, "first derivative");
    const [d2] = kd.autograd.grad((d1 as kd.Tensor).sum(), [x]);
    expectTensor(d2, c.d2, "second derivative");
    expect(x.grad).toBeNull(); // autograd.grad returns, it does not accumulate
  });

  it("autograd.grad takes several outputs (and their gradOutputs), summing their gradients, as PyTorch 2.13 does", () => {
    const x = kd.tensor([1, 2]).requiresGrad_();
    const a = x.mul(3), b = x.pow(2);
    const [g] = kd.autograd.grad([a, b], [x], { gradOutputs: [kd.ones([2]), kd.tensor([1, 0.5])], retainGraph: true });
    expect(Array.from(g?.data ?? [])).toEqual([5, 5]);
    const [one] = kd.autograd.grad([a.sum()], [x], { retainGraph: true });
    expect(Array.from(one?.data ?? [])).toEqual([3, 3]);
    // A lone input tensor, as torch.autograd.grad(out, x) takes it: still a list back.
    const [lone] = kd.autograd.grad(a.sum(), x, { retainGraph: true });
    expect(Array.from(lone?.data ?? [])).toEqual([3, 3]);
    expect(() => kd.autograd.grad([a.sum(), b], [x])).toThrow("grad can be implicitly created only for scalar outputs");
    expect(() => kd.autograd.grad([a, b], [x], { gradOutputs: [kd.ones([2])] })).toThrow("got 2 tensors and 1 gradients");
    expect(() => kd.autograd.grad([a.sum(), x.detach().sum()], [x])).toThrow("element 1 of tensors does not require grad and does not have a grad_fn");
    // createGraph through several outputs: the gradient is 3 + 2x, whose sum has the gradient [2, 2].
    const [h] = kd.autograd.grad([a.sum(), b.sum()], [x], { createGraph: true });
    const [h2] = kd.autograd.grad((h as kd.Tensor).sum(), [x]);
    expect(Array.from(h2?.data ?? [])).toEqual([2, 2]);
  });

  it("runs backward twice through nodes that save nothing, as PyTorch does", () => {
    const c = fx.twice_without_saved;
    const x = decode(c.x).requiresGrad_();
    const loss = x.add(1).sum();
    loss.backward();
    loss.backward();
    expectTensor(x.grad, c.x_grad, "x.grad");
  });
});

describe("autograd", () => {
  it("refuses a second backward through a freed graph, and allows it with retainGraph", () => {
    const x = kd.tensor([1, 2], { requiresGrad: true });
    const loss = x.mul(x).sum();
    loss.backward({ retainGraph: true });
    loss.backward();
    expect(Array.from(x.grad!.data)).toEqual([4, 8]);
    expect(() => loss.backward()).toThrow(kd.AutogradError);
    expect(() => loss.backward()).toThrow(/Trying to backward through the graph a second time/);
  });

  it("tells leaves from non-leaves", () => {
    const x = kd.tensor([1, 2], { requiresGrad: true });
    const c = kd.tensor([1, 2]);
    const y = x.mul(2);
    expect(x.isLeaf).toBe(true);
    expect(c.isLeaf).toBe(true);
    expect(y.isLeaf).toBe(false);
    expect(y.requiresGrad).toBe(true);
    expect(c.mul(2).requiresGrad).toBe(false);
    y.sum().backward();
    expect(y.grad).toBeNull();
    expect(c.grad).toBeNull();
  });

  it("detach() shares storage and leaves the graph", () => {
    const x = kd.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const d = y.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.gradFn).toBeNull();
    expect(d.data).toBe(y.data);
    expect(String(d)).toBe("tensor([2., 4.])");
  });

  it("requiresGrad_() switches a leaf on and off", () => {
    const x = kd.tensor([1, 2]);
    expect(x.requiresGrad_()).toBe(x);
    expect(x.requiresGrad).toBe(true);
    x.requiresGrad_(false);
    expect(x.mul(2).requiresGrad).toBe(false);
  });

  it("records nothing under noGrad and inferenceMode, and restores the mode after", () => {
    const x = kd.tensor([1, 2], { requiresGrad: true });
    const y = kd.noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(kd.isGradEnabled()).toBe(true);
    const z = kd.inferenceMode(() => {
      expect(kd.isInferenceModeEnabled()).toBe(true);
      return x.exp();
    });
    expect(z.requiresGrad).toBe(false);
    expect(kd.isInferenceModeEnabled()).toBe(false);
    expect(() => kd.noGrad(() => {
      throw new Error("inside");
    })).toThrow("inside");
    expect(kd.isGradEnabled()).toBe(true);
    const w = kd.noGrad(() => kd.enableGrad(() => x.mul(3)));
    expect(w.requiresGrad).toBe(true);
  });

  it("allows in-place updates of a leaf under noGrad only", () => {
    const p = kd.tensor([1, 2], { requiresGrad: true });
    expect(() => p.sub_(1)).toThrow(kd.AutogradError);
    kd.noGrad(() => p.sub_(kd.tensor([0.5, 0.5])));
    expect(Array.from(p.data)).toEqual([0.5, 1.5]);
  });

  it("reduces gradients through broadcasting to each input's shape", () => {
    const a = kd.ones([3, 1], { requiresGrad: true });
    const b = kd.ones([4], { requiresGrad: true });
    const s = kd.ones([], { requiresGrad: true });
    a.add(b).mul(s).sum().backward();
    expect(a.grad!.shape).toEqual([3, 1]);
    expect(Array.from(a.grad!.data)).toEqual([4, 4, 4]);
    expect(b.grad!.shape).toEqual([4]);
    expect(Array.from(b.grad!.data)).toEqual([3, 3, 3, 3]);
    expect(s.grad!.shape).toEqual([]);
    expect(s.grad!.item()).toBe(24);
  });

  it("gives gradients in the leaf's dtype", () => {
    const x = kd.tensor([1, 2], { requiresGrad: true });
    x.double().mul(kd.tensor([1, 1], { dtype: "float64" })).sum().backward();
    expect(x.grad!.dtype).toBe("float32");
    const s = kd.tensor(2, { dtype: "float64", requiresGrad: true });
    kd.tensor([1, 2]).mul(s).sum().backward();
    expect(s.grad!.dtype).toBe("float64");
    expect(s.grad!.item()).toBe(3);
  });

  it("returns null for unused inputs with allowUnused", () => {
    const x = kd.tensor([1], { requiresGrad: true });
    const u = kd.tensor([1], { requiresGrad: true });
    const [gx, gu] = kd.autograd.grad(x.mul(2).sum(), [x, u], { allowUnused: true });
    expect(gx!.item()).toBe(2);
    expect(gu).toBeNull();
  });

  it("backward of a leaf scalar sets its own gradient", () => {
    const x = kd.tensor(3, { requiresGrad: true });
    x.backward();
    expect(x.grad!.item()).toBe(1);
  });

  it("handles deep graphs without overflowing the stack", () => {
    const x = kd.tensor([1], { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 20_000; i++) y = y.add(0);
    y.sum().backward();
    expect(x.grad!.item()).toBe(1);
  });
});

describe("gradcheck", () => {
  it("accepts correct gradients and reports a wrong one", () => {
    const x = kd.randn([3], { dtype: "float64" }).requiresGrad_();
    expect(kd.autograd.gradcheck((t) => t.sin().mul(t), [x])).toBe(true);
    // A function whose recorded gradient is wrong: forward x², gradient of x³ (detached trick).
    const wrong = (t: kd.Tensor): kd.Tensor => t.pow(3).sub(t.pow(3).detach()).add(t.pow(2).detach());
    expect(kd.autograd.gradcheck(wrong, [x], { raiseException: false })).toBe(false);
    expect(() => kd.autograd.gradcheck(wrong, [x])).toThrow(kd.GradcheckError);
  });
});

describe("clamp with tensor bounds: gradients (PyTorch 2.13's)", () => {
  const t = kd.tensor;
  const grads = (xs: number[], los: number[] | null, his: number[] | null, g: number[]) => {
    const x = t(xs, { requiresGrad: true });
    const lo = los && t(los, { requiresGrad: true }), hi = his && t(his, { requiresGrad: true });
    const y = kd.clamp(x, lo, hi);
    y.backward(t(g));
    return { name: y.gradFn?.name, x: x.grad?.tolist(), min: lo?.grad?.tolist(), max: hi?.grad?.tolist() };
  };

  it("x gets it where min <= x <= max, min where x < min < max, max where x > max or min > max", () => {
    expect(grads([0, 1, 2, 3, 4, 5, 6], [1, 1, 1, 1, 5, 5, 5], [3, 3, 3, 3, 4, 4, 4], [1, 2, 3, 4, 5, 6, 7])).toEqual(
      { name: "ClampBackward0", x: [0, 2, 3, 4, 0, 0, 0], min: [1, 0, 0, 0, 0, 0, 0], max: [0, 0, 0, 0, 5, 6, 7] });
    // min == max: below it nobody gets the gradient, above it max does; NaN bounds give nothing.
    expect(grads([0, 1, 2, 1, 1], [1, 1, 1, 1, NaN], [1, 1, 1, NaN, 2], [1, 2, 3, 4, 5])).toEqual(
      { name: "ClampBackward0", x: [0, 2, 0, 0, 0], min: [0, 0, 0, 0, 0], max: [0, 0, 3, 0, 0] });
    expect(grads([NaN, 1, 1], [0, NaN, 0], [2, 2, NaN], [1, 1, 1])).toEqual({ name: "ClampBackward0", x: [0, 0, 0], min: [0, 0, 0], max: [0, 0, 0] });
  });

  it("with one bound", () => {
    expect(grads([0, 1, 2, 3, 4], [1, 1, 1, 1, 1], null, [1, 1, 1, 1, 1])).toEqual({ name: "ClampBackward0", x: [0, 1, 1, 1, 1], min: [1, 0, 0, 0, 0], max: undefined });
    expect(grads([0, 1, 2, 3, 4], null, [3, 3, 3, 3, 3], [1, 1, 1, 1, 1])).toEqual({ name: "ClampBackward0", x: [1, 1, 1, 1, 0], min: undefined, max: [0, 0, 0, 0, 1] });
  });

  it("sums a broadcast gradient back to each operand's shape", () => {
    // (PyTorch 2.13 itself fails this backward with a shape error; the sums follow the rule above.)
    const x = t([0, 1, 2], { requiresGrad: true }), lo = t([[1], [0.5]], { requiresGrad: true });
    kd.clamp(x, lo, t(1.5)).sum().backward();
    expect([x.grad?.tolist(), lo.grad?.tolist()]).toEqual([[0, 2, 0], [[1], [1]]]);
  });
});


describe("activation gradients at NaN inputs, as PyTorch 2.13's", () => {
  const F = kd.nn.functional;
  const near = (got: kd.Tensor | null, want: number[]): void =>
    expect(Array.from(got?.data ?? []).map((v) => Math.round(v * 1e6) / 1e6)).toEqual(want.map((v) => Math.round(v * 1e6) / 1e6));
  it("relu, hardtanh, elu and selu pass the gradient where the input is NaN", () => {
    const cases: [string, (x: kd.Tensor) => kd.Tensor, number[]][] = [
      ["relu", (x) => F.relu(x), [1, 0, 0, 1]],
      ["hardtanh", (x) => F.hardtanh(x), [1, 0, 1, 0]],
      ["elu", (x) => F.elu(x), [1, 0.3678794503211975, 1, 1]],
      ["selu", (x) => F.selu(x), [1.0507010221481323, 0.6467686295509338, 1.7580993175506592, 1.0507010221481323]],
      ["leakyRelu", (x) => F.leakyRelu(x), [0.01, 0.01, 0.01, 1]],
    ];
    for (const [name, f] of cases) {
      const x = kd.tensor([NaN, -1, 0, 2]).requiresGrad_();
      f(x).sum().backward();
      near(x.grad, cases.find((c) => c[0] === name)?.[2] ?? []);
      // The recorded backward (createGraph) agrees.
      const x2 = kd.tensor([NaN, -1, 0, 2]).requiresGrad_();
      const [g] = kd.autograd.grad(f(x2).sum(), [x2], { createGraph: true });
      near(g, cases.find((c) => c[0] === name)?.[2] ?? []);
    }
  });
  it("in the wasm kernels too (ReLU over 4096 floats, and Linear → ReLU)", () => {
    const n = 4096;
    const i = kd.arange(n);
    const xn = kd.where(i.remainder(7).eq(0), NaN, i.sub(n / 2).float()).requiresGrad_();
    F.relu(xn).sum().backward();
    const g = Array.from(xn.grad?.data ?? []);
    for (let i = 0; i < n; i++) expect(g[i], `element ${i}`).toBe(i % 7 === 0 || i - n / 2 > 0 ? 1 : 0);
    const lin = new kd.nn.Linear(2, 64);
    const layer = new kd.nn.Sequential(lin, new kd.nn.ReLU());
    const inp = kd.tensor(Array.from({ length: 64 }, (_, i) => [i === 3 ? NaN : 1, 1])).requiresGrad_();
    layer.forward(inp).sum().backward();
    // Row 3's outputs are all NaN: each passes g, so its gradient is the weight's column sums.
    const w = lin.weight.detach().sum(0);
    const row3 = Array.from(inp.grad?.data ?? []).slice(6, 8);
    row3.forEach((v, j) => expect(v).toBeCloseTo(w.data[j], 5));
  });
});
