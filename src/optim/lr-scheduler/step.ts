/** Piecewise-constant and exponential decays: StepLR, MultiStepLR, ExponentialLR. */
import { LRScheduler, type ScheduledOptimizer } from "./scheduler.js";

/** Multiplies the rate by `gamma` every `stepSize` epochs. */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: ScheduledOptimizer, opts: { stepSize: number; gamma?: number; lastEpoch?: number }) {
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

/** Multiplies the rate by `gamma` at each milestone epoch (repeated milestones count twice). */
export class MultiStepLR extends LRScheduler {
  readonly milestones: Map<number, number>;
  readonly gamma: number;

  constructor(optimizer: ScheduledOptimizer, opts: { milestones: Iterable<number>; gamma?: number; lastEpoch?: number }) {
    super(optimizer, opts.lastEpoch);
    this.milestones = new Map();
    for (const m of opts.milestones) this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    this.gamma = opts.gamma ?? 0.1;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const times = this.milestones.get(this.lastEpoch);
    if (times === undefined) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * this.gamma ** times);
  }
}

/** Multiplies the rate by `gamma` every epoch. */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: ScheduledOptimizer, opts: { gamma: number; lastEpoch?: number }) {
    super(optimizer, opts.lastEpoch);
    this.gamma = opts.gamma;
    this.initialStep();
  }

  protected override getLr(): number[] {
    if (this.isInitial) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * this.gamma);
  }
}
