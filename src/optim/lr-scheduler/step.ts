/** Piecewise-constant and exponential decays: StepLR, MultiStepLR, ExponentialLR. */
import { checkKeys, keysOf } from "../../util/options.js";
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
const STEPLR_KEYS = keysOf<StepLROptions>({ stepSize: true, gamma: true, lastEpoch: true });

/** Multiplies the rate by `gamma` every `stepSize` epochs. */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: ScheduledOptimizer, opts: StepLROptions) {
    checkKeys("StepLR", opts, STEPLR_KEYS, ["stepSize"]);
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
const MULTISTEPLR_KEYS = keysOf<MultiStepLROptions>({ milestones: true, gamma: true, lastEpoch: true });

/** Multiplies the rate by `gamma` at each milestone epoch (repeated milestones count twice). */
export class MultiStepLR extends LRScheduler {
  readonly milestones: Map<number, number>;
  readonly gamma: number;

  constructor(optimizer: ScheduledOptimizer, opts: MultiStepLROptions) {
    checkKeys("MultiStepLR", opts, MULTISTEPLR_KEYS, ["milestones"]);
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
const EXPONENTIALLR_KEYS = keysOf<ExponentialLROptions>({ gamma: true, lastEpoch: true });

/** Multiplies the rate by `gamma` every epoch. */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: ScheduledOptimizer, opts: ExponentialLROptions) {
    checkKeys("ExponentialLR", opts, EXPONENTIALLR_KEYS, ["gamma"]);
    super(optimizer, opts.lastEpoch);
    this.gamma = opts.gamma;
    this.initialStep();
  }

  protected override getLr(): number[] {
    if (this.isInitial) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * this.gamma);
  }
}
