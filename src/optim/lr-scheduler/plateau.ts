/**
 * ReduceLROnPlateau: multiplies the rates by `factor` when a watched metric has not
 * improved for more than `patience` steps (then waits `cooldown` steps).
 */
import { checkKeys, keysOf } from "../../util/options.js";
import { ValueError } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";
import type { ScheduledOptimizer } from "./scheduler.js";

export interface ReduceLROnPlateauOptions {
  mode?: "min" | "max";
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: "rel" | "abs";
  cooldown?: number;
  minLr?: number | readonly number[];
  eps?: number;
}
const REDUCELRONPLATEAU_KEYS = keysOf<ReduceLROnPlateauOptions>({ mode: true, factor: true, patience: true, threshold: true, thresholdMode: true, cooldown: true, minLr: true, eps: true });

export class ReduceLROnPlateau {
  readonly optimizer: ScheduledOptimizer;
  readonly mode: "min" | "max";
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: "rel" | "abs";
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: ScheduledOptimizer, opts: ReduceLROnPlateauOptions = {}) {
    checkKeys("ReduceLROnPlateau", opts, REDUCELRONPLATEAU_KEYS);
    const factor = opts.factor ?? 0.1;
    if (factor >= 1.0) throw new ValueError("Factor should be < 1.0.");
    this.optimizer = optimizer;
    this.factor = factor;
    const groups = optimizer.paramGroups.length;
    const minLr = opts.minLr ?? 0;
    if (typeof minLr === "number") this.minLrs = new Array<number>(groups).fill(minLr);
    else {
      if (minLr.length !== groups) throw new ValueError(`expected ${groups} min_lrs, got ${minLr.length}`);
      this.minLrs = [...minLr];
    }
    this.patience = opts.patience ?? 10;
    this.cooldown = opts.cooldown ?? 0;
    this.eps = opts.eps ?? 1e-8;
    this.mode = opts.mode ?? "min";
    this.thresholdMode = opts.thresholdMode ?? "rel";
    if (this.mode !== "min" && this.mode !== "max") throw new ValueError(`mode ${String(this.mode)} is unknown!`);
    if (this.thresholdMode !== "rel" && this.thresholdMode !== "abs") {
      throw new ValueError(`threshold mode ${String(this.thresholdMode)} is unknown!`);
    }
    this.threshold = opts.threshold ?? 1e-4;
    this.best = this.mode === "min" ? Infinity : -Infinity;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  private isBetter(a: number, best: number): boolean {
    if (this.mode === "min") return this.thresholdMode === "rel" ? a < best * (1.0 - this.threshold) : a < best - this.threshold;
    return this.thresholdMode === "rel" ? a > best * (this.threshold + 1.0) : a > best + this.threshold;
  }

  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /**
   * Records this epoch's metric (e.g. the validation loss) and reduces the rates if it stalled.
   * A one-element tensor is read as PyTorch's `float(metrics)` reads it (`scheduler.step(valLoss)`).
   */
  step(metric: number | Tensor): void {
    if (typeof metric !== "number" && !(metric instanceof Tensor)) {
      throw new TypeError(`ReduceLROnPlateau.step: expected a number or a one-element tensor, got ${typeof metric}`);
    }
    const current = typeof metric === "number" ? metric : metric.item();
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const newLr = Math.max(g.lr * this.factor, this.minLrs[i]);
        if (g.lr - newLr > this.eps) g.lr = newLr;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }
}
