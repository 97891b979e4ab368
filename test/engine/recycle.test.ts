/**
 * The storage pool (src/tensor/pool.ts) only gets arrays the engine proved dead. Each
 * scenario runs twice: with the pool off, and in "poison" mode, where every recycled
 * array is filled with NaN and never reused. A wrong proof then shows up as NaN or as a
 * changed value in what the user can see (outputs, tensors kept by hooks, gradients,
 * parameters), so each scenario must give bit-identical results both ways.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { poolStats, setPoolMode } from "../../src/tensor/pool.js";

type Scenario = () => number[][];

afterEach(() => setPoolMode("on"));

function flat(t: kd.Tensor | null): number[] {
  return t ? Array.from(t.data) : [];
}

function runBoth(s: Scenario): { off: number[][]; poisoned: number[][]; recycled: number } {
  setPoolMode("off");
  const off = s();
  setPoolMode("poison");
  const before = poolStats.recycled;
  const poisoned = s();
  const recycled = poolStats.recycled - before;
  setPoolMode("on");
  const on = s();
  expect(on).toEqual(off);
  return { off, poisoned, recycled };
}

function data(n: number, seed: number): [kd.Tensor, kd.Tensor] {
  const [X, y] = kd.datasets.makeCircles(n, { noise: 0.05, randomState: seed });
  return [X.float(), y.float()];
}

/** Trains `model` a few full-batch steps; returns losses, every parameter and its gradient. */
function train(model: kd.nn.Module, X: kd.Tensor, y: kd.Tensor, steps = 8): number[][] {
  const opt = new kd.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const lossFn = new kd.nn.BCEWithLogitsLoss();
  const losses: number[] = [];
  const evals: number[] = [];
  for (let i = 0; i < steps; i++) {
    model.train();
    const loss = lossFn.forward(model.forward(X).squeeze(1), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    losses.push(loss.item());
    model.eval();
    kd.inferenceMode(() => evals.push(...flat(model.forward(X.slice([0, 5])))));
  }
  return [losses, evals, ...model.parameters().flatMap((p) => [flat(p), flat(p.grad)])];
}

const scenarios: Record<string, Scenario> = {
  "a Sequential of Linear and ReLU (fused pairs, recycled intermediates)": () => {
    kd.manualSeed(1);
    const [X, y] = data(64, 1);
    const model = new kd.nn.Sequential(
      new kd.nn.Linear(2, 16), new kd.nn.ReLU(), new kd.nn.Linear(16, 16), new kd.nn.ReLU(), new kd.nn.Linear(16, 1),
    );
    return train(model, X, y);
  },
  "a Sequential with Identity, Flatten, Dropout, BatchNorm1d, Tanh and a trailing ReLU": () => {
    kd.manualSeed(2);
    const [X, y] = data(64, 2);
    const model = new kd.nn.Sequential(
      new kd.nn.Identity(), new kd.nn.Linear(2, 12), new kd.nn.BatchNorm1d(12), new kd.nn.Tanh(), new kd.nn.Dropout(0.2),
      new kd.nn.Flatten(), new kd.nn.Linear(12, 12), new kd.nn.ReLU(), new kd.nn.Identity(), new kd.nn.Linear(12, 1),
    );
    return train(model, X, y);
  },
  "a custom Module written as the tutorial's CircleModelV2": () => {
    kd.manualSeed(3);
    const [X, y] = data(64, 3);
    class Circle extends kd.nn.Module {
      layer1 = new kd.nn.Linear(2, 10);
      layer2 = new kd.nn.Linear(10, 10);
      layer3 = new kd.nn.Linear(10, 1);
      relu = new kd.nn.ReLU();
      override forward(x: kd.Tensor): kd.Tensor {
        return this.layer3.forward(this.relu.forward(this.layer2.forward(this.relu.forward(this.layer1.forward(x)))));
      }
    }
    return train(new Circle(), X, y);
  },
  "forward hooks keep intermediate outputs, which must stay intact after backward": () => {
    kd.manualSeed(4);
    const [X, y] = data(32, 4);
    const model = new kd.nn.Sequential(new kd.nn.Linear(2, 8), new kd.nn.ReLU(), new kd.nn.Linear(8, 8), new kd.nn.ReLU(), new kd.nn.Linear(8, 1));
    const kept: kd.Tensor[] = [];
    (model[1] as kd.nn.Module).registerForwardHook((_m, _i, out) => {
      kept.push(out);
    });
    const out = train(model, X, y, 3);
    return [...out, ...kept.map(flat)];
  },
  "the Sequential's input and output stay intact after backward": () => {
    kd.manualSeed(5);
    const [X] = data(32, 5);
    const x = X.clone().requiresGrad_();
    const model = new kd.nn.Sequential(new kd.nn.Identity(), new kd.nn.Linear(2, 8), new kd.nn.ReLU(), new kd.nn.Linear(8, 3), new kd.nn.ReLU());
    const out = model.forward(x);
    const copy = flat(out);
    out.pow(2).sum().backward();
    expect(flat(out)).toEqual(copy);
    return [flat(x), flat(out), flat(x.grad), ...model.parameters().map((p) => flat(p.grad))];
  },
  "layers that pass their input on (Flatten, Identity, Dropout in eval) at both ends, in inference mode": () => {
    kd.manualSeed(9);
    const [X] = data(32, 9);
    const model = new kd.nn.Sequential(
      new kd.nn.Flatten(), new kd.nn.Linear(2, 8), new kd.nn.ReLU(), new kd.nn.Linear(8, 3), new kd.nn.Dropout(0.5), new kd.nn.Identity(),
    );
    model.eval();
    const x = X.clone();
    const outs = [0, 1, 2].map(() => kd.inferenceMode(() => model.forward(x)));
    return [flat(x), ...outs.map(flat)];
  },
  "gradients a user read (.grad), even through zeroGrad({ setToNone: false }), survive zeroGrad and later steps": () => {
    kd.manualSeed(10);
    const [X, y] = data(32, 10);
    // Wide enough that every gradient is long enough to be pooled.
    const model = new kd.nn.Sequential(new kd.nn.Linear(2, 40), new kd.nn.ReLU(), new kd.nn.Linear(40, 40), new kd.nn.ReLU(), new kd.nn.Linear(40, 1));
    const opt = new kd.optim.SGD(model.parameters(), { lr: 0.1 });
    const lossFn = new kd.nn.BCEWithLogitsLoss();
    const step = (): void => {
      const loss = lossFn.forward(model.forward(X).squeeze(1), y);
      loss.backward();
      opt.step();
    };
    step();
    const kept = model.parameters().map((p) => p.grad as kd.Tensor);
    const copies = kept.map(flat);
    opt.zeroGrad();
    step();
    const read = (model[0] as kd.nn.Linear).weight.grad as kd.Tensor;
    const readCopy = flat(read);
    opt.zeroGrad({ setToNone: false });
    opt.zeroGrad();
    for (let i = 0; i < 3; i++) {
      opt.zeroGrad();
      step();
    }
    expect(kept.map(flat)).toEqual(copies);
    expect(flat(read)).toEqual(readCopy.map(() => 0));
    return [...kept.map(flat), flat(read), ...model.parameters().map(flat)];
  },
  "a createGraph backward through a Sequential, then a backward of the gradient (higher order)": () => {
    kd.manualSeed(11);
    const l1 = new kd.nn.Linear(4, 32);
    l1.weight.requiresGrad = false;
    (l1.bias as kd.Tensor).requiresGrad = false;
    const l2 = new kd.nn.Linear(32, 3);
    const model = new kd.nn.Sequential(l1, new kd.nn.Tanh(), l2);
    const G = kd.randn([8, 3]).requiresGrad_();
    model.forward(kd.randn([8, 4])).backward(G, { createGraph: true });
    const gW2 = l2.weight.grad as kd.Tensor;
    kd.ones([8, 32]).mul(7); // an unrelated array of the intermediate's length
    gW2.sum().backward();
    return [flat(G.grad), flat(gW2)];
  },
  "tensors reached through a node's public inputs keep their values after backward": () => {
    kd.manualSeed(12);
    const model = new kd.nn.Sequential(new kd.nn.Linear(4, 32), new kd.nn.Tanh(), new kd.nn.Linear(32, 1));
    const y = model.forward(kd.randn([8, 4]));
    const hidden = (y.gradFn as kd.autograd.Node).inputs[0];
    const before = flat(hidden);
    y.sum().backward();
    kd.ones([8, 32]).mul(7);
    expect(flat(hidden)).toEqual(before);
    return [flat(hidden)];
  },
  "a gradient shared by two leaves (createGraph), zeroed in place for one, then cleared": () => {
    const a = kd.ones([64]).requiresGrad_(), b = kd.ones([64]).requiresGrad_();
    a.add(b).pow(2).sum().backward({ createGraph: true });
    const opt = new kd.optim.SGD([a], { lr: 0.1 });
    opt.zeroGrad({ setToNone: false });
    (b.grad as kd.Tensor).data.fill(3);
    opt.zeroGrad();
    kd.ones([64]).mul(5);
    return [flat(b.grad)];
  },
  "shared sub-expressions, x + x, views, retainGrad and a second backward through a retained graph": () => {
    kd.manualSeed(6);
    const a = kd.randn([40, 5]).requiresGrad_();
    const w = kd.randn([5, 5]).requiresGrad_();
    const h = a.matmul(w).relu();
    h.retainGrad();
    const z = h.add(h).mul(h).reshape([200]).unsqueeze(0).squeeze(0);
    const t = z.sigmoid().sum().add(h.sum());
    t.backward({ retainGraph: true });
    const first = [flat(a.grad), flat(w.grad), flat(h.grad)];
    t.backward();
    return [...first, flat(a.grad), flat(w.grad), flat(h.grad), flat(h), flat(z)];
  },
  "autograd.grad and createGraph keep every gradient they return": () => {
    kd.manualSeed(7);
    const x = kd.randn([30, 4]).requiresGrad_();
    const lin = new kd.nn.Sequential(new kd.nn.Linear(4, 6), new kd.nn.ReLU(), new kd.nn.Linear(6, 1));
    const y = lin.forward(x).sum();
    const [gx] = kd.autograd.grad(y, [x], { createGraph: true });
    const gxv = flat(gx);
    (gx as kd.Tensor).pow(2).sum().backward();
    return [gxv, flat(gx), ...lin.parameters().map((p) => flat(p.grad))];
  },
  "cross-entropy training of a blob classifier, minibatches through a DataLoader": () => {
    kd.manualSeed(8);
    const [X, y] = kd.datasets.makeBlobs(96, { centers: 4, randomState: 8 });
    const ds = new kd.data.TensorDataset(X.float(), y);
    const loader = new kd.data.DataLoader(ds, { batchSize: 16, shuffle: true });
    const model = new kd.nn.Sequential(new kd.nn.Linear(2, 8), new kd.nn.ReLU(), new kd.nn.Linear(8, 4));
    const opt = new kd.optim.Adam(model.parameters(), { lr: 0.01 });
    const lossFn = new kd.nn.CrossEntropyLoss();
    const losses: number[] = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      for (const [xb, yb] of loader) {
        const loss = lossFn.forward(model.forward(xb), yb);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        losses.push(loss.item());
      }
    }
    return [losses, ...model.parameters().map(flat)];
  },
};

describe("storage recycling never touches what a user can reach", () => {
  for (const [name, s] of Object.entries(scenarios)) {
    it(name, () => {
      const { off, poisoned } = runBoth(s);
      expect(poisoned).toEqual(off);
      for (const row of poisoned) expect(row.some((v) => Number.isNaN(v))).toBe(false);
    });
  }

  it("recycles in the training loop it was built for (else this file tests nothing)", () => {
    const { recycled } = runBoth(scenarios["a Sequential of Linear and ReLU (fused pairs, recycled intermediates)"]);
    expect(recycled).toBeGreaterThan(8 * 5);
  });

  it("hands a recycled array out again, zero-filled", () => {
    setPoolMode("on");
    const t = kd.randn([64, 16]).requiresGrad_();
    const before = poolStats.reused;
    for (let i = 0; i < 4; i++) t.mul(2).relu().sum().backward();
    expect(poolStats.reused).toBeGreaterThan(before);
    expect(Array.from(kd.zeros([64, 16]).data).every((v) => v === 0)).toBe(true);
  });
});
