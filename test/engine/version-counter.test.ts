/**
 * Version counters: a tensor a backward node reads, changed in place after the forward,
 * is an error with PyTorch's message, never a silently wrong gradient; tensors the node
 * does not read may change freely, as in PyTorch.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";

const MODIFIED = "one of the variables needed for gradient computation has been modified by an inplace operation";

describe("version counters", () => {
  it("an optimizer step between forward and backward is caught (the second layer's weight was saved)", () => {
    kd.manualSeed(0);
    const l1 = new kd.nn.Linear(2, 10), l2 = new kd.nn.Linear(10, 1);
    const opt = new kd.optim.SGD([...l1.parameters(), ...l2.parameters()], { lr: 0.1 });
    const loss = l2.forward(l1.forward(kd.randn([5, 2])).relu()).sum();
    loss.backward({ retainGraph: true });
    opt.step();
    expect(() => loss.backward()).toThrow(`${MODIFIED}: [torch.FloatTensor [1, 10]] is at version`);
  });

  it("the same mistake through a Sequential (fused Linear → ReLU) is caught too", () => {
    kd.manualSeed(0);
    const model = new kd.nn.Sequential(new kd.nn.Linear(2, 10), new kd.nn.ReLU(), new kd.nn.Linear(10, 1));
    const opt = new kd.optim.SGD(model.parameters(), { lr: 0.1 });
    const loss = model.forward(kd.randn([5, 2])).sum();
    loss.backward({ retainGraph: true });
    opt.step();
    expect(() => loss.backward()).toThrow(MODIFIED);
  });

  it("changing ReLU's output in place names the op, with versions", () => {
    const a = kd.randn([3, 4]).requiresGrad_();
    const y = a.mul(2).relu();
    y.add_(1);
    expect(() => y.sum().backward()).toThrow(
      `${MODIFIED}: [torch.FloatTensor [3, 4]], which is output 0 of Relu, is at version 1; expected version 0 instead. Hint: enable anomaly detection`,
    );
  });

  it("what a node does not read may change: relu's input, a product's operand that needs no gradient partner", () => {
    const a = kd.randn([3, 4]).requiresGrad_();
    const h = a.mul(2);
    const y = h.relu();
    h.add_(1); // relu saves its output, not its input (as PyTorch)
    y.sum().backward();
    expect(a.grad).not.toBeNull();
    const w = kd.randn([4, 2]).requiresGrad_();
    const x = kd.randn([3, 4]);
    const z = x.matmul(w);
    const wCopy = w.detach().clone();
    kd.noGrad(() => w.add_(1)); // mm saves x for w's gradient, not w (x needs none)
    z.sum().backward();
    expect(w.grad).not.toBeNull();
    expect(wCopy.shape).toEqual([4, 2]);
  });

  it("element-wise ops save what PyTorch's nodes save: the result (sigmoid, exp, softmax) or the input (log, sin), and mul's operands", () => {
    const cases: [string, (a: kd.Tensor) => kd.Tensor, boolean][] = [
      ["sigmoid", (a) => a.sigmoid(), true],
      ["exp", (a) => a.exp(), true],
      ["softmax", (a) => a.softmax(1), true],
      ["log", (a) => a.log(), false],
      ["sin", (a) => a.sin(), false],
    ];
    for (const [name, op, savesResult] of cases) {
      const a = kd.randn([3, 4]).requiresGrad_();
      const h = a.mul(1);
      const y = op(h);
      (savesResult ? y : h).add_(1); // the tensor the node reads
      expect(() => y.sum().backward(), name).toThrow(MODIFIED);
      const b = kd.randn([3, 4]).requiresGrad_();
      const hb = b.mul(1);
      const yb = op(hb);
      (savesResult ? hb : yb).add_(1); // the one it does not read
      expect(() => yb.sum().backward(), name).not.toThrow();
    }
    const x = kd.randn([3]).requiresGrad_(), w = kd.randn([3]).requiresGrad_();
    const hx = x.mul(1);
    const p = hx.mul(w);
    hx.mul_(2);
    expect(() => p.sum().backward()).toThrow("which is output 0 of Mul, is at version 1; expected version 0 instead");
  });

  it("an in-place op whose operand is the tensor itself raises where its node reads that operand (PyTorch 2.13's messages)", () => {
    for (const [op, name] of [["mul_", "Mul"], ["div_", "Div"]] as const) {
      const a = kd.tensor([1, 2, 3]).requiresGrad_();
      const h = a.mul(2);
      h[op](h);
      expect(h._version).toBe(1);
      expect(() => h.sum().backward(), op).toThrow(`${MODIFIED}: [torch.FloatTensor [3]], which is output 0 of ${name}, is at version 1; expected version 0 instead.`);
    }
    // Through a view of the same storage too.
    const a = kd.tensor([1, 2, 3]).requiresGrad_();
    const h = a.mul(2);
    h.mul_(h.view([3]));
    expect(() => h.sum().backward()).toThrow(MODIFIED);
    // add_ and sub_ read no operand in backward: PyTorch gives 4 and 0.
    for (const [op, want] of [["add_", [4, 4, 4]], ["sub_", [0, 0, 0]]] as const) {
      const b = kd.tensor([1, 2, 3]).requiresGrad_();
      const hb = b.mul(2);
      hb[op](hb);
      hb.sum().backward();
      expect(Array.from(b.grad?.data ?? []), op).toEqual(want);
    }
  });

  it("names the node that made a saved input when the error is raised, as PyTorch does", () => {
    const a = kd.tensor([1, 2, 3]).requiresGrad_();
    const x = a.mul(2);
    const y = x.sin();
    x.add_(1);
    expect(() => y.sum().backward()).toThrow(`${MODIFIED}: [torch.FloatTensor [3]], which is output 0 of Add, is at version 1; expected version 0 instead.`);
  });

  it("_version counts in-place changes of the storage, views included", () => {
    const t = kd.zeros([4]);
    expect(t._version).toBe(0);
    t.add_(1);
    t.view([2, 2]).mul_(2);
    expect(t._version).toBe(2);
  });

  it("in-place activations and dropout bump the version, so a node that saved their input raises", () => {
    kd.manualSeed(0);
    const F = kd.nn.functional;
    for (const inplace of [(x: kd.Tensor) => F.relu(x, { inplace: true }), (x: kd.Tensor) => F.dropout(x, { p: 0.5, inplace: true })]) {
      const x = kd.randn([4, 3]), w = kd.randn([4, 3]).requiresGrad_();
      const y = x.mul(w); // saves x for w's gradient
      const before = x._version;
      expect(inplace(x)).toBe(x);
      expect(x._version).toBe(before + 1);
      expect(() => y.sum().backward()).toThrow(MODIFIED);
    }
  });
});
