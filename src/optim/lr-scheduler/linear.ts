/** LinearLR: scales the rate linearly from startFactor to endFactor over totalIters epochs. */
import { checkKeys, keysOf } from "../../util/options.js";
import { ValueError } from "../../errors.js";
import { LRScheduler, type ScheduledOptimizer } from "./scheduler.js";

export interface LinearLROptions {
  startFactor?: number;
  endFactor?: number;
  totalIters?: number;
  lastEpoch?: number;
}
const LINEARLR_KEYS = keysOf<LinearLROptions>({ startFactor: true, endFactor: true, totalIters: true, lastEpoch: true });

export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: ScheduledOptimizer, opts: LinearLROptions = {}) {
    checkKeys("LinearLR", opts, LINEARLR_KEYS);
    const startFactor = opts.startFactor ?? 1.0 / 3;
    const endFactor = opts.endFactor ?? 1.0;
    if (startFactor > 1.0 || startFactor <= 0) {
      throw new ValueError("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
    }
    if (endFactor > 1.0 || endFactor < 0) throw new ValueError("Ending multiplicative factor expected to be between 0 and 1.");
    super(optimizer, opts.lastEpoch);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = opts.totalIters ?? 5;
    this.initialStep();
  }

  protected override getLr(): number[] {
    if (this.lastEpoch === 0) return this.currentLrs().map((lr) => lr * this.startFactor);
    if (this.isInitial || this.lastEpoch > this.totalIters) return this.currentLrs();
    const span = this.endFactor - this.startFactor;
    // The ratio of this epoch's factor to the previous one's.
    const ratio = 1.0 + span / (this.totalIters * this.startFactor + (this.lastEpoch - 1) * span);
    return this.currentLrs().map((lr) => lr * ratio);
  }
}
