/**
 * OneCycleLR: the rate rises from maxLr/divFactor to maxLr over the first pctStart of
 * totalSteps, then anneals to initial/finalDivFactor (three phases with `threePhase`);
 * momentum (or Adam's β1) moves the opposite way when `cycleMomentum`. Stepped per batch.
 */
import { checkKeys, keysOf } from "../../util/options.js";
import { ValueError } from "../../errors.js";
import type { ParamGroup, BaseOptions } from "../optimizer.js";
import { LRScheduler, type ScheduledOptimizer } from "./scheduler.js";
import { libm } from "../../backend/libm.js";

export interface OneCycleLROptions {
  maxLr: number | readonly number[];
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  pctStart?: number;
  annealStrategy?: "cos" | "linear";
  cycleMomentum?: boolean;
  baseMomentum?: number | readonly number[];
  maxMomentum?: number | readonly number[];
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
  lastEpoch?: number;
}
const ONECYCLELR_KEYS = keysOf<OneCycleLROptions>({ maxLr: true, totalSteps: true, epochs: true, stepsPerEpoch: true, pctStart: true, annealStrategy: true, cycleMomentum: true, baseMomentum: true, maxMomentum: true, divFactor: true, finalDivFactor: true, threePhase: true, lastEpoch: true });

type GroupKey = "initialLr" | "maxLr" | "minLr" | "maxMomentum" | "baseMomentum";

interface Phase {
  endStep: number;
  startLr: GroupKey;
  endLr: GroupKey;
  startMomentum: GroupKey;
  endMomentum: GroupKey;
}

type MomentumGroup = ParamGroup<BaseOptions> & { momentum?: number; betas?: readonly [number, number] };

function perGroup(name: string, value: number | readonly number[], groups: number): number[] {
  if (typeof value === "number") return new Array<number>(groups).fill(value);
  if (value.length !== groups) throw new ValueError(`expected ${groups} values for ${name}, got ${value.length}`);
  return [...value];
}

export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  readonly cycleMomentum: boolean;
  readonly annealStrategy: "cos" | "linear";
  private readonly phases: Phase[];
  private readonly useBeta1: boolean;

  constructor(optimizer: ScheduledOptimizer, opts: OneCycleLROptions) {
    checkKeys("OneCycleLR", opts, ONECYCLELR_KEYS, ["maxLr"]);
    let totalSteps: number;
    if (opts.totalSteps !== undefined) {
      if (!Number.isInteger(opts.totalSteps) || opts.totalSteps <= 0) {
        throw new ValueError(`Expected positive integer total_steps, but got ${opts.totalSteps}`);
      }
      totalSteps = opts.totalSteps;
    } else if (opts.epochs !== undefined && opts.stepsPerEpoch !== undefined) {
      if (!Number.isInteger(opts.epochs) || opts.epochs <= 0) throw new ValueError(`Expected positive integer epochs, but got ${opts.epochs}`);
      if (!Number.isInteger(opts.stepsPerEpoch) || opts.stepsPerEpoch <= 0) {
        throw new ValueError(`Expected positive integer steps_per_epoch, but got ${opts.stepsPerEpoch}`);
      }
      totalSteps = opts.epochs * opts.stepsPerEpoch;
    } else {
      throw new ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)");
    }
    const pct = opts.pctStart ?? 0.3;
    if (!(pct >= 0 && pct <= 1)) throw new ValueError(`Expected float between 0 and 1 pct_start, but got ${pct}`);
    const anneal = opts.annealStrategy ?? "cos";
    if (anneal !== "cos" && anneal !== "linear") {
      throw new ValueError(`anneal_strategy must be one of 'cos' or 'linear', instead got ${String(anneal)}`);
    }
    const phases: Phase[] = opts.threePhase
      ? [
          { endStep: pct * totalSteps - 1, startLr: "initialLr", endLr: "maxLr", startMomentum: "maxMomentum", endMomentum: "baseMomentum" },
          { endStep: 2 * pct * totalSteps - 2, startLr: "maxLr", endLr: "initialLr", startMomentum: "baseMomentum", endMomentum: "maxMomentum" },
          { endStep: totalSteps - 1, startLr: "initialLr", endLr: "minLr", startMomentum: "maxMomentum", endMomentum: "maxMomentum" },
        ]
      : [
          { endStep: pct * totalSteps - 1, startLr: "initialLr", endLr: "maxLr", startMomentum: "maxMomentum", endMomentum: "baseMomentum" },
          { endStep: totalSteps - 1, startLr: "maxLr", endLr: "minLr", startMomentum: "baseMomentum", endMomentum: "maxMomentum" },
        ];
    const groups = optimizer.paramGroups as MomentumGroup[];
    const lastEpoch = opts.lastEpoch ?? -1;
    const maxLrs = perGroup("max_lr", opts.maxLr, groups.length);
    const divFactor = opts.divFactor ?? 25;
    const finalDivFactor = opts.finalDivFactor ?? 1e4;
    if (lastEpoch === -1) {
      groups.forEach((g, i) => {
        g.initialLr = maxLrs[i] / divFactor;
        g.maxLr = maxLrs[i];
        g.minLr = g.initialLr / finalDivFactor;
      });
    }
    const cycleMomentum = opts.cycleMomentum ?? true;
    const defaults = optimizer.defaults as BaseOptions & { momentum?: number; betas?: readonly [number, number] };
    const useBeta1 = defaults.betas !== undefined;
    if (cycleMomentum) {
      if (defaults.momentum === undefined && !useBeta1) {
        throw new ValueError("optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
      }
      const maxMomentums = perGroup("max_momentum", opts.maxMomentum ?? 0.95, groups.length);
      const baseMomentums = perGroup("base_momentum", opts.baseMomentum ?? 0.85, groups.length);
      if (lastEpoch === -1) {
        groups.forEach((g, i) => {
          if (useBeta1 && g.betas) g.betas = [maxMomentums[i], g.betas[1]];
          else g.momentum = maxMomentums[i];
          g.maxMomentum = maxMomentums[i];
          g.baseMomentum = baseMomentums[i];
        });
      }
    }
    super(optimizer, lastEpoch);
    this.totalSteps = totalSteps;
    this.phases = phases;
    this.annealStrategy = anneal;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this.initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === "linear") return (end - start) * pct + start;
    const cosOut = libm.cos(Math.PI * pct) + 1;
    return end + ((start - end) / 2.0) * cosOut;
  }

  protected override getLr(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps) {
      throw new ValueError(`Tried to step ${step} times. The specified number of total steps is ${this.totalSteps}`);
    }
    return (this.optimizer.paramGroups as MomentumGroup[]).map((g) => {
      let start = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const phase = this.phases[i];
        if (step <= phase.endStep || i === this.phases.length - 1) {
          const pct = (step - start) / (phase.endStep - start);
          const lr = this.anneal(g[phase.startLr] as number, g[phase.endLr] as number, pct);
          if (this.cycleMomentum) {
            const momentum = this.anneal(g[phase.startMomentum] as number, g[phase.endMomentum] as number, pct);
            if (this.useBeta1 && g.betas) g.betas = [momentum, g.betas[1]];
            else g.momentum = momentum;
          }
          return lr;
        }
        start = phase.endStep;
      }
      return g.lr;
    });
  }
}
