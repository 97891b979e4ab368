/** CosineAnnealingLR: the rate follows half a cosine from its initial value to etaMin over tMax epochs. */
import { checkKeys, keysOf } from "../../util/options.js";
import { LRScheduler, type ScheduledOptimizer } from "./scheduler.js";
import { libm } from "../../backend/libm.js";

export interface CosineAnnealingLROptions {
  /** Epochs in half a cosine period (`T_max`). */
  tMax: number;
  /** The lowest rate (default 0). */
  etaMin?: number;
  /** The epoch to resume from (default -1: a fresh start). */
  lastEpoch?: number;
}
const COSINEANNEALINGLR_KEYS = keysOf<CosineAnnealingLROptions>({ tMax: true, etaMin: true, lastEpoch: true });

export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: ScheduledOptimizer, opts: CosineAnnealingLROptions) {
    checkKeys("CosineAnnealingLR", opts, COSINEANNEALINGLR_KEYS, ["tMax"]);
    super(optimizer, opts.lastEpoch);
    this.tMax = opts.tMax;
    this.etaMin = opts.etaMin ?? 0;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const { lastEpoch: e, tMax: T, etaMin } = this;
    const groups = this.currentLrs();
    if (this.isInitial) return groups;
    if (this.stepCount === 1 && e > 0) {
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + libm.cos((e * Math.PI) / T))) / 2);
    }
    if ((e - 1 - T) % (2 * T) === 0) {
      return groups.map((lr, i) => lr + ((this.baseLrs[i] - etaMin) * (1 - libm.cos(Math.PI / T))) / 2);
    }
    // Each rate from the previous one: the ratio of consecutive cosine factors.
    return groups.map(
      (lr) => ((1 + libm.cos((Math.PI * e) / T)) / (1 + libm.cos((Math.PI * (e - 1)) / T))) * (lr - etaMin) + etaMin,
    );
  }
}
