/**
 * Second-order gradients against PyTorch: autograd.grad with createGraph, then a
 * backward through the gradient itself (as a gradient penalty does).
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { linear } from "../../src/ops/matmul.js";
import { decode, expectTensor, loadFixture, type Encoded } from "./fixtures.js";

interface DoubleCase {
  inputs: Encoded[];
  w: Encoded;
  first: Encoded[];
  v: Encoded[];
  second: (Encoded | null)[];
}

const fixture = loadFixture<Record<string, DoubleCase>>("double-backward");
const tested = new Set<string>();

function testDouble(name: string, fn: (...xs: kd.Tensor[]) => kd.Tensor): void {
  tested.add(name);
  it(name, () => {
    const c = fixture[name];
    const inputs = c.inputs.map((e) => (e.dtype === "float32" ? decode(e).requiresGrad_() : decode(e)));
    const diff = inputs.filter((t) => t.requiresGrad);
    const out = fn(...inputs);
    const first = kd.autograd.grad(out.mul(decode(c.w)).sum(), diff, { createGraph: true });
    first.forEach((f, i) => expectTensor(f, c.first[i], `first-order gradient ${i}`));
    first.map((f, i) => (f as kd.Tensor).mul(decode(c.v[i])).sum()).reduce((a, b) => a.add(b)).backward();
    diff.forEach((t, i) => {
      const want = c.second[i];
      if (want) expectTensor(t.grad, want, `second-order gradient ${i}`, { atol: 1e-5, rtol: 1e-4 });
      else expect(t.grad).toBeNull();
    });
  });
}

describe("double backward", () => {
  testDouble("mul_self", (a) => a.mul(a).mul(a));
  testDouble("div", (a, b) => a.div(b));
  testDouble("pow", (a) => a.pow(2.5));
  testDouble("exp_log", (a) => a.exp().add(a.log()));
  testDouble("sigmoid", (a) => a.sigmoid());
  testDouble("tanh", (a) => a.tanh());
  testDouble("softmax", (a) => a.softmax(1));
  testDouble("log_softmax", (a) => a.logSoftmax(1));
  testDouble("mean_var", (a) => a.var({ dim: 1 }).add(a.mean({ dim: 0 }).sum()));
  testDouble("std_norm", (a) => a.std({ dim: 0 }).mul(a.norm()));
  testDouble("matmul", (a, b) => a.matmul(b).tanh());
  testDouble("linear", (a, w, b) => linear(a, w, b).sigmoid());
  testDouble("shapes", (a) => kd.cat([a.T.reshape(-1), a.slice(null, 1)]).pow(2));
  testDouble("logsumexp", (a) => a.logsumexp({ dim: 1 }));
  testDouble("gather", (a, i) => a.gather(1, i).pow(2));

  it("tests every case of double-backward.json", () => {
    expect(Object.keys(fixture).filter((k) => !tested.has(k))).toEqual([]);
  });
});
