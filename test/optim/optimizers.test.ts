/**
 * Optimizers replay PyTorch's 20-step runs: the same initial weights and, at each step,
 * the gradients PyTorch had; the parameters after every step must match.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { expectClose, expectExact, loadFixture, toTensor, type JsonTensor } from "../nn/fixture-utils.js";

const { optim, nn } = kd;

interface RunFixture {
  optimizer: "SGD" | "Adam" | "AdamW" | "RMSprop" | "Adagrad";
  opts: Record<string, unknown>;
  dtype: kd.DType;
  groups: Record<string, unknown>[] | null;
  initial: JsonTensor[];
  grads: JsonTensor[][];
  params: JsonTensor[][];
}

interface Fixture {
  runs: RunFixture[];
  adamStateDict: { state: Record<string, Record<string, JsonTensor | number>>; paramGroups: { lr: number; params: number[] }[] };
}

const fx = loadFixture<Fixture>("optim/optimizers.json");

type AnyOptions = Partial<kd.optim.SGDOptions & kd.optim.RMSpropOptions & kd.optim.AdagradOptions> & Partial<kd.optim.AdamOptions>;

function makeOptimizer(name: RunFixture["optimizer"], params: kd.nn.Parameter[], opts: AnyOptions, groups: AnyOptions[] | null): kd.optim.Optimizer {
  const input = groups ? params.map((p, i) => ({ params: [p], ...groups[i] })) : params;
  switch (name) {
    case "SGD": return new optim.SGD(input, opts);
    case "Adam": return new optim.Adam(input, opts);
    case "AdamW": return new optim.AdamW(input, opts);
    case "RMSprop": return new optim.RMSprop(input, opts);
    case "Adagrad": return new optim.Adagrad(input, opts);
  }
}

const label = (r: RunFixture): string =>
  `${r.optimizer} ${JSON.stringify(r.opts)}${r.groups ? ` groups ${JSON.stringify(r.groups)}` : ""} ${r.dtype}`;

describe("20 steps equal PyTorch's", () => {
  it.each(fx.runs.map((r) => [label(r), r] as const))("%s", (_l, run) => {
    const params = run.initial.map((t) => new nn.Parameter(toTensor(t)));
    const optimizer = makeOptimizer(run.optimizer, params, run.opts as AnyOptions, run.groups as AnyOptions[] | null);
    run.grads.forEach((grads, step) => {
      optimizer.zeroGrad();
      params.forEach((p, i) => {
        p.grad = toTensor(grads[i]);
      });
      optimizer.step();
      params.forEach((p, i) => expectClose(p, run.params[step][i], { rtol: 1e-5, atol: 1e-6 }, `step ${step + 1} param ${i}`));
    });
  });

  it("the first SGD steps are bit for bit (float32 rounding as PyTorch)", () => {
    const run = fx.runs.find((r) => r.optimizer === "SGD" && JSON.stringify(r.opts) === '{"lr":0.1,"momentum":0.9}')!;
    const params = run.initial.map((t) => new nn.Parameter(toTensor(t)));
    const optimizer = new optim.SGD(params, { lr: 0.1, momentum: 0.9 });
    for (let step = 0; step < 3; step++) {
      params.forEach((p, i) => {
        p.grad = toTensor(run.grads[step][i]);
      });
      optimizer.step();
      params.forEach((p, i) => expectExact(p, run.params[step][i], `step ${step + 1} param ${i}`));
    }
  });
});

/** A small regression problem whose gradient depends on the weights. */
function problem(): { params: kd.nn.Parameter[]; grads: () => void } {
  kd.manualSeed(3);
  const W = new nn.Parameter(kd.rand([2, 3]));
  const b = new nn.Parameter(kd.rand([2]));
  const X = kd.rand([5, 3]), Y = kd.rand([5, 2]);
  return {
    params: [W, b],
    grads: () => {
      kd.nn.functional.mseLoss(kd.nn.functional.linear(X, W, b), Y).backward();
    },
  };
}

describe("optimizer mechanics", () => {
  it("stateDict has PyTorch's layout (state by index, groups with indices)", () => {
    const expected = fx.adamStateDict;
    const [W0, b0] = fx.runs[0].initial;
    const W = new nn.Parameter(toTensor(W0)), b = new nn.Parameter(toTensor(b0));
    const opt = new optim.Adam([{ params: [W] }, { params: [b], lr: 0.5 }], { lr: 0.1, amsgrad: true });
    for (let i = 0; i < 2; i++) {
      W.grad = kd.onesLike(W);
      b.grad = kd.onesLike(b);
      opt.step();
    }
    const sd = opt.stateDict();
    expect(sd.paramGroups.map((g) => ({ lr: g.lr, params: g.params }))).toEqual(expected.paramGroups);
    expect(Object.keys(sd.state)).toEqual(Object.keys(expected.state));
    for (const [k, s] of Object.entries(expected.state)) {
      expect(Object.keys(sd.state[Number(k)]).sort()).toEqual(Object.keys(s).sort());
      expect(sd.state[Number(k)].step).toBe(2);
    }
  });

  it("loadStateDict resumes exactly where the saved optimizer was", () => {
    for (const make of [
      (p: kd.nn.Parameter[]) => new optim.Adam(p, { lr: 0.05, amsgrad: true }),
      (p: kd.nn.Parameter[]) => new optim.SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true }),
      (p: kd.nn.Parameter[]) => new optim.RMSprop(p, { centered: true, momentum: 0.5 }),
      (p: kd.nn.Parameter[]) => new optim.Adagrad(p, { lrDecay: 0.1 }),
    ]) {
      const a = problem();
      const optA = make(a.params);
      for (let i = 0; i < 3; i++) {
        optA.zeroGrad();
        a.grads();
        optA.step();
      }
      const saved = optA.stateDict();
      const b = problem();
      b.params.forEach((p, i) => p.data.set(a.params[i].data));
      const optB = make(b.params);
      optB.loadStateDict(saved);
      for (let i = 0; i < 3; i++) {
        for (const [x, opt] of [[a, optA], [b, optB]] as const) {
          opt.zeroGrad();
          x.grads();
          opt.step();
        }
      }
      a.params.forEach((p, i) => expect(Array.from(b.params[i].data)).toEqual(Array.from(p.data)));
    }
  });

  it("zeroGrad sets gradients to null by default, or to zeros", () => {
    const { params, grads } = problem();
    const opt = new optim.SGD(params, { lr: 0.1 });
    grads();
    opt.zeroGrad({ setToNone: false });
    expect(Array.from(params[0].grad!.data).every((v) => v === 0)).toBe(true);
    opt.zeroGrad();
    expect(params[0].grad).toBeNull();
  });

  it("skips parameters without gradients and calls a closure", () => {
    const { params } = problem();
    const before = Array.from(params[1].data);
    const opt = new optim.SGD(params, { lr: 0.1 });
    const loss = opt.step(() => {
      const l = params[0].sum();
      l.backward();
      return l;
    });
    expect(loss?.item()).toBeCloseTo(kd.tensor(Array.from(params[0].data)).sum().item() + 0.6, 5);
    expect(Array.from(params[1].data)).toEqual(before);
  });

  it("one kernel call per group gives what parameter-by-parameter updates give, when some parameters miss a step", () => {
    // a always has a gradient; b has none at step 2, so its Adam step count and its SGD
    // momentum buffer start later: the grouped update must handle both.
    const grads = [[0.5, -1, 2, 0.25], [1, 1, -0.5, 3], [-2, 0.125, 1, -1]];
    const make = (): [kd.Tensor, kd.Tensor] => [kd.tensor([1, 2, 3, 4]).requiresGrad_(), kd.tensor([-1, 0.5, 2, -3]).requiresGrad_()];
    for (const build of [
      (ps: kd.Tensor[]) => new kd.optim.Adam(ps, { lr: 0.1, amsgrad: true }),
      (ps: kd.Tensor[]) => new kd.optim.AdamW(ps, { lr: 0.1 }),
      (ps: kd.Tensor[]) => new kd.optim.SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true }),
    ]) {
      const [a1, b1] = make(), [a2, b2] = make();
      const together = build([a1, b1]), apartA = build([a2]), apartB = build([b2]);
      grads.forEach((g, step) => {
        a1.grad = kd.tensor(g);
        a2.grad = kd.tensor(g);
        b1.grad = step === 1 ? null : kd.tensor(g.map((v) => -v));
        b2.grad = step === 1 ? null : kd.tensor(g.map((v) => -v));
        together.step();
        apartA.step();
        if (b2.grad) apartB.step();
      });
      expect(Array.from(a1.data)).toEqual(Array.from(a2.data));
      expect(Array.from(b1.data)).toEqual(Array.from(b2.data));
    }
  });

  it("paramGroups carry their own options; addParamGroup fills in defaults", () => {
    const { params } = problem();
    const opt = new optim.SGD([{ params: [params[0]], lr: 0.5 }], { lr: 0.1, momentum: 0.9 });
    opt.addParamGroup({ params: [params[1]] });
    expect(opt.paramGroups.map((g) => [g.lr, g.momentum])).toEqual([[0.5, 0.9], [0.1, 0.9]]);
    expect(() => opt.addParamGroup({ params: [params[1]] })).toThrow("some parameters appear in more than one parameter group");
  });

  it("trains a model given model.parameters()", () => {
    kd.manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(3, 8), new nn.ReLU(), new nn.Linear(8, 1));
    const X = kd.rand([64, 3]);
    const y = X.sum({ dim: 1, keepdim: true });
    for (const opt of [new optim.Adam(model.parameters(), { lr: 0.01 }), new optim.AdamW(model.parameters(), { lr: 0.01 })]) {
      const first = nn.functional.mseLoss(model(X), y).item();
      for (let i = 0; i < 200; i++) {
        opt.zeroGrad();
        const loss = nn.functional.mseLoss(model(X), y);
        loss.backward();
        opt.step();
      }
      expect(nn.functional.mseLoss(model(X), y).item()).toBeLessThan(first * 0.1);
    }
  });
});
