/** Piecewise-constant and exponential decays: StepLR, MultiStepLR, ExponentialLR. */
import { libm } from "../../backend/libm.js";
import { LRScheduler, type ScheduledOptimizer } from "./scheduler.js";

export interface StepLROptions {
  /** Epochs between decays (`step_size`). */
  stepSize: number;
  /** Factor applied at each decay (default 0.1). */
  gamma?: number;
  /** The epoch to resume from (default -1: a fresh start). */
  lastEpoch?: number;
}

/** Multiplies the rate by `gamma` every `stepSize` epochs. */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: ScheduledOptimizer, opts: StepLROptions) {
    super(optimizer, opts.lastEpoch);
    this.stepSize = opts.stepSize;
    this.gamma = opts.gamma ?? 0.1;
    this.initialStep();
  }

  protected override getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * this.gamma);
  }
}

export interface MultiStepLROptions {
  /** The epochs at which to decay. */
  milestones: Iterable<number>;
  /** Factor applied at each milestone (default 0.1). */
  gamma?: number;
  /** The epoch to resume from (default -1: a fresh start). */
  lastEpoch?: number;
}

/** Multiplies the rate by `gamma` at each milestone epoch (repeated milestones count twice). */
export class MultiStepLR extends LRScheduler {
  readonly milestones: Map<number, number>;
  readonly gamma: number;

  constructor(optimizer: ScheduledOptimizer, opts: MultiStepLROptions) {
    super(optimizer, opts.lastEpoch);
    this.milestones = new Map();
    for (const m of opts.milestones) this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    this.gamma = opts.gamma ?? 0.1;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const times = this.milestones.get(this.lastEpoch);
    if (times === undefined) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * libm.pow(this.gamma, times));
  }
}

export interface ExponentialLROptions {
  /** Factor applied every epoch. */
  gamma: number;
  /** The epoch to resume from (default -1: a fresh start). */
  lastEpoch?: number;
}

/** Multiplies the rate by `gamma` every epoch. */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: ScheduledOptimizer, opts: ExponentialLROptions) {
    super(optimizer, opts.lastEpoch);
    this.gamma = opts.gamma;
    this.initialStep();
  }

  protected override getLr(): number[] {
    if (this.isInitial) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * this.gamma);
  }
}
