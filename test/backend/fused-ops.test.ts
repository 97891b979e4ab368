/**
 * The fused autograd ops (ops/matmul.ts linear with an activation, nn/functional/fused-loss.ts) against the same
 * computation composed from ordinary ops: values and every gradient.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import type { LinearActivation } from "../../src/backend/index.js";
import { linear as linearAct } from "../../src/ops/matmul.js";
import { fusedBceWithLogits, fusedCrossEntropy } from "../../src/nn/functional/fused-loss.js";
import { maxRelErr } from "./helpers.js";

function leaf(shape: number[], seed: number): kd.Tensor {
  const g = new kd.Generator().manualSeed(seed);
  return kd.randn(shape, { generator: g }).requiresGrad_();
}

function grads(ts: kd.Tensor[]): Float32Array[] {
  return ts.map((t) => {
    if (!t.grad) throw new Error("missing gradient");
    return Float32Array.from(t.grad.data);
  });
}

function must(t: kd.Tensor | null | undefined): kd.Tensor {
  if (!t) throw new Error("missing gradient");
  return t;
}

function composed(x: kd.Tensor, w: kd.Tensor, b: kd.Tensor, act: LinearActivation): kd.Tensor {
  const z = x.matmul(w.t()).add(b);
  return act === "relu" ? z.relu() : z;
}

describe("linear with a fused activation", () => {
  for (const act of ["none", "relu"] as LinearActivation[]) {
    for (const [m, k, n] of [[5, 3, 4], [64, 33, 17], [300, 10, 1]]) {
      it(`${act}, ${m}x${k}→${n}: output and gradients equal the composed ops`, () => {
        const x1 = leaf([m, k], 1), w1 = leaf([n, k], 2), b1 = leaf([n], 3);
        const x2 = leaf([m, k], 1), w2 = leaf([n, k], 2), b2 = leaf([n], 3);
        const up = leaf([m, n], 4).detach();
        const y1 = linearAct(x1, w1, b1, act);
        const y2 = composed(x2, w2, b2, act);
        expect(maxRelErr(y1.data, y2.data)).toBeLessThan(1e-5);
        y1.mul(up).sum().backward();
        y2.mul(up).sum().backward();
        const [g1, g2] = [grads([x1, w1, b1]), grads([x2, w2, b2])];
        g1.forEach((g, i) => expect(maxRelErr(g, g2[i]), `grad ${i}`).toBeLessThan(1e-5));
      });
    }
  }

  it("keeps leading dims and supports createGraph (second derivatives)", () => {
    const x = leaf([2, 3, 4], 5), w = leaf([6, 4], 6);
    const y = linearAct(x, w, null, "relu");
    expect(y.shape).toEqual([2, 3, 6]);
    const gx = must(kd.autograd.grad(y.square().sum(), [x], { createGraph: true })[0]);
    gx.sum().backward();
    const x2 = leaf([2, 3, 4], 5), w2 = leaf([6, 4], 6);
    const gx2 = must(kd.autograd.grad(x2.matmul(w2.t()).relu().square().sum(), [x2], { createGraph: true })[0]);
    gx2.sum().backward();
    expect(maxRelErr(gx.data, gx2.data)).toBeLessThan(1e-5);
    expect(maxRelErr((w.grad as kd.Tensor).data, (w2.grad as kd.Tensor).data)).toBeLessThan(1e-5);
  });
});

describe("fused losses", () => {
  it("fusedCrossEntropy equals -logSoftmax gathered, mean and sum, with its gradient", () => {
    const target = kd.tensor([2, 0, 1, 2, 3], { dtype: "int64" });
    for (const reduction of ["mean", "sum"] as const) {
      const x1 = leaf([5, 4], 7), x2 = leaf([5, 4], 7);
      const l1 = fusedCrossEntropy(x1, target, reduction, -100);
      const picked = x2.logSoftmax(1).gather(1, target.unsqueeze(1)).neg();
      const l2 = reduction === "mean" ? picked.mean() : picked.sum();
      expect(l1.item()).toBeCloseTo(l2.item(), 5);
      l1.mul(3).backward();
      l2.mul(3).backward();
      expect(maxRelErr(grads([x1])[0], grads([x2])[0])).toBeLessThan(1e-5);
    }
  });

  it("fusedBceWithLogits equals the stable composed form, with its gradient", () => {
    const y = kd.tensor([[0], [1], [1], [0], [0.25]]);
    const x1 = leaf([5, 1], 8), x2 = leaf([5, 1], 8);
    const l1 = fusedBceWithLogits(x1, y, "mean");
    const l2 = x2.clamp(0).sub(x2.mul(y)).add(x2.abs().neg().exp().log1p()).mean();
    expect(l1.item()).toBeCloseTo(l2.item(), 5);
    l1.backward();
    l2.backward();
    expect(maxRelErr(grads([x1])[0], grads([x2])[0])).toBeLessThan(1e-5);
  });
});
