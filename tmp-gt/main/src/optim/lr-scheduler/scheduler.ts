/**
 * The base of the epoch-driven learning-rate schedulers (torch.optim.lr_scheduler.LRScheduler).
 *
 * Construction records each group's `initialLr` and takes the initial step (epoch 0),
 * so the optimizer's rates are the schedule's first values straight away. Each `step()`
 * advances the epoch and writes the new rates into the groups. The formulas are
 * PyTorch's recursive ones (each rate from the previous), so the float64 values follow
 * PyTorch's, including after a rate was changed by hand.
 */
import type { BaseOptions, Optimizer } from "../optimizer.js";

/** The parts of an optimizer a scheduler uses. */
export type ScheduledOptimizer = Optimizer<BaseOptions>;

export interface SchedulerStateDict {
  lastEpoch: number;
  stepCount: number;
  baseLrs: number[];
  lastLr: number[];
}

export abstract class LRScheduler {
  readonly optimizer: ScheduledOptimizer;
  /** The groups' initial rates. */
  readonly baseLrs: number[];
  /** Index of the last epoch stepped to (0 after construction). */
  lastEpoch: number;
  protected stepCount = 0;
  /** True during the step taken by the constructor. */
  protected isInitial = false;
  private lastLr: number[] = [];

  constructor(optimizer: ScheduledOptimizer, lastEpoch = -1) {
    this.optimizer = optimizer;
    if (lastEpoch === -1) {
      for (const g of optimizer.paramGroups) g.initialLr ??= g.lr;
    } else {
      optimizer.paramGroups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new Error(`param 'initial_lr' is not specified in param_groups[${i}] when resuming scheduler with last_epoch >= 0.`);
        }
      });
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
  }

  /**
   * Takes the initial step. Subclasses call it at the end of their constructor, once
   * their own settings exist (PyTorch sets them before calling the base constructor).
   */
  protected initialStep(): void {
    this.stepCount = 0;
    this.isInitial = true;
    try {
      this.step();
    } finally {
      this.isInitial = false;
    }
  }

  /** The rates for the current `lastEpoch`, from the groups' current rates. */
  protected abstract getLr(): number[];

  /** The groups' current learning rates. */
  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Advances one epoch and sets the groups' learning rates. */
  step(): void {
    this.stepCount += 1;
    this.lastEpoch += 1;
    const values = this.getLr();
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = values[i];
    });
    this.lastLr = this.currentLrs();
  }

  /** The learning rates set by the last step, one per group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, stepCount: this.stepCount, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr] };
  }

  loadStateDict(state: SchedulerStateDict): void {
    this.lastEpoch = state.lastEpoch;
    this.stepCount = state.stepCount;
    this.baseLrs.splice(0, this.baseLrs.length, ...state.baseLrs);
    this.lastLr = [...state.lastLr];
  }
}
