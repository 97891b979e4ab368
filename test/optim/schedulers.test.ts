/** Learning-rate schedulers: the rates (and cycled momenta) after each of 20 steps equal PyTorch's. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { expectNear, loadFixture } from "../nn/fixture-utils.js";

const { optim, nn } = kd;
const S = optim.lrScheduler;

interface SchedulerRun {
  label: string;
  scheduler: string;
  opts: Record<string, unknown>;
  optimizer: "SGD" | "Adam";
  optimizerOpts: Record<string, unknown>;
  groups: number[];
  metrics: number[] | null;
  lrs: number[][];
  momenta: (number | null)[][];
}

const { runs } = loadFixture<{ runs: SchedulerRun[] }>("optim/schedulers.json");

interface Stepper {
  getLastLr(): number[];
}

function makeScheduler(run: SchedulerRun, opt: kd.optim.Optimizer): Stepper & { step(metric?: number): void } {
  const o = run.opts;
  switch (run.scheduler) {
    case "StepLR": return new S.StepLR(opt, o as { stepSize: number; gamma?: number });
    case "MultiStepLR": return new S.MultiStepLR(opt, o as { milestones: number[]; gamma?: number });
    case "ExponentialLR": return new S.ExponentialLR(opt, o as { gamma: number });
    case "CosineAnnealingLR": return new S.CosineAnnealingLR(opt, o as { tMax: number; etaMin?: number });
    case "LinearLR": return new S.LinearLR(opt, o);
    case "OneCycleLR": return new S.OneCycleLR(opt, o as unknown as kd.optim.lrScheduler.OneCycleLROptions);
    case "ReduceLROnPlateau": {
      const plateau = new S.ReduceLROnPlateau(opt, o);
      return { getLastLr: () => plateau.getLastLr(), step: (metric?: number) => plateau.step(metric as number) };
    }
    default: throw new Error(run.scheduler);
  }
}

describe("schedulers follow PyTorch", () => {
  it.each(runs.map((r) => [r.label, r] as const))("%s", (_l, run) => {
    const params = run.groups.map(() => new nn.Parameter(kd.zeros([2])));
    const groups = params.map((p, i) => ({ params: [p], lr: run.groups[i] }));
    const opt = run.optimizer === "SGD"
      ? new optim.SGD(groups, run.optimizerOpts as Partial<kd.optim.SGDOptions>)
      : new optim.Adam(groups, run.optimizerOpts as Partial<kd.optim.AdamOptions>);
    const sched = makeScheduler(run, opt);
    const momenta = (): (number | null)[] =>
      opt.paramGroups.map((g) => {
        const group = g as { momentum?: number; betas?: readonly [number, number] };
        return group.momentum ?? group.betas?.[0] ?? null;
      });
    const check = (step: number): void => {
      sched.getLastLr().forEach((lr, i) => expectNear(lr, run.lrs[step][i], 1e-12, 0, `step ${step} lr ${i}`));
      expect(sched.getLastLr()).toEqual(opt.paramGroups.map((g) => g.lr));
      momenta().forEach((m, i) => expectNear(m ?? NaN, run.momenta[step][i] ?? NaN, 1e-12, 0, `step ${step} momentum ${i}`));
    };
    check(0);
    for (let step = 1; step <= 20; step++) {
      for (const p of params) p.grad = kd.ones([2]);
      opt.step();
      sched.step(run.metrics ? run.metrics[step - 1] : undefined);
      check(step);
    }
  });

  it("OneCycleLR refuses to step past totalSteps", () => {
    const opt = new optim.SGD([new nn.Parameter(kd.zeros([1]))], { lr: 0.1, momentum: 0.9 });
    const sched = new S.OneCycleLR(opt, { maxLr: 1, totalSteps: 2 });
    sched.step();
    sched.step();
    expect(() => sched.step()).toThrow("Tried to step 3 times. The specified number of total steps is 2");
  });

  it("a scheduler's state dict restores its position", () => {
    const make = (): [kd.optim.SGD, kd.optim.lrScheduler.StepLR] => {
      const opt = new optim.SGD([new nn.Parameter(kd.zeros([1]))], { lr: 0.1 });
      return [opt, new S.StepLR(opt, { stepSize: 2, gamma: 0.5 })];
    };
    const [optA, a] = make();
    for (let i = 0; i < 3; i++) a.step();
    const [optB, b] = make();
    b.loadStateDict(a.stateDict());
    optB.paramGroups[0].lr = optA.paramGroups[0].lr;
    a.step();
    b.step();
    expect(b.getLastLr()).toEqual(a.getLastLr());
  });
  it("ReduceLROnPlateau reads a one-element tensor as PyTorch's float(metrics), so a falling loss keeps the rate", () => {
    const opt = new optim.SGD([new nn.Parameter(kd.zeros([1]))], { lr: 0.1 });
    const s = new S.ReduceLROnPlateau(opt, { patience: 1 });
    const lrs: number[] = [];
    for (let i = 0; i < 6; i++) {
      s.step(kd.tensor(1 / (i + 1)));
      lrs.push(opt.paramGroups[0].lr);
    }
    expect(lrs).toEqual([0.1, 0.1, 0.1, 0.1, 0.1, 0.1]); // PyTorch 2.13
    expect(s.best).toBeCloseTo(1 / 6, 6);
    expect(() => s.step(kd.tensor([1, 2]))).toThrow(/cannot be converted to Scalar|only one element/);
  });
});
