/**
 * When a run stops by itself: at a maximum epoch, at a target test accuracy, or early, once
 * the test loss has not improved for `patience` epochs. "Show code" pastes `stopReason`
 * (its text, cut from this file) into the program it prints, so the page and the program
 * stop at the same epoch for the same reason.
 */
import type { Config } from "../state/config.js";

/**
 * Why training stops after `epoch`, or null to go on. `testAcc` is in %; `sinceBest` counts
 * the epochs since the test loss was last at its lowest (epoch 0, before training, counts).
 * A limit of 0 is "never".
 */
export function stopReason(epoch: number, testAcc: number, sinceBest: number, maxEpochs: number, targetAcc: number, patience: number): string | null {
  if (maxEpochs > 0 && epoch >= maxEpochs) return `reached the maximum of ${maxEpochs} epochs`;
  if (targetAcc > 0 && testAcc >= targetAcc) return `test accuracy ${testAcc.toFixed(2)} % reached the target of ${targetAcc} %`;
  if (patience > 0 && sinceBest >= patience) return `the test loss has not improved for ${patience} epochs (early stopping)`;
  return null;
}

type Stops = Pick<Config, "maxEpochs" | "targetAcc" | "patience">;

export const hasStops = (c: Stops): boolean => c.maxEpochs > 0 || c.targetAcc > 0 || c.patience > 0;

/**
 * Follows a run epoch by epoch: keeps each epoch's test accuracy and the best test loss so
 * far, so the stop conditions can be checked now and, when they change, replayed over the
 * epochs already trained.
 */
export class StopWatch {
  private bestLoss = Infinity;
  private bestEpoch = 0;
  /** Test loss, test accuracy and epochs since the best test loss, per epoch trained (index = epoch). */
  private readonly loss: number[] = [];
  private readonly acc: number[] = [];
  private readonly since: number[] = [];

  /**
   * Takes an epoch's scores (epoch 0 is the untrained model). The latest epoch again (a
   * weight set by hand after it) replaces its scores, as a replay with the edit would see them.
   */
  add(epoch: number, testLoss: number, testAcc: number): void {
    const replace = epoch === this.acc.length - 1;
    if (!replace && epoch !== this.acc.length) return;
    this.loss[epoch] = testLoss;
    this.acc[epoch] = testAcc;
    // A strictly lower test loss is an improvement (PyTorch Lightning's EarlyStopping with min_delta 0).
    if (replace) {
      this.bestLoss = Infinity;
      for (let e = 0; e <= epoch; e++) if (this.loss[e] < this.bestLoss) [this.bestLoss, this.bestEpoch] = [this.loss[e], e];
    } else if (testLoss < this.bestLoss) {
      [this.bestLoss, this.bestEpoch] = [testLoss, epoch];
    }
    this.since[epoch] = epoch - this.bestEpoch;
  }

  get epoch(): number {
    return this.acc.length - 1;
  }

  /** Why the run stops at its latest epoch, or null. */
  now(c: Stops): string | null {
    const e = this.epoch;
    return e < 1 ? null : stopReason(e, this.acc[e], this.since[e], c.maxEpochs, c.targetAcc, c.patience);
  }

  /** The first epoch before the latest at which these conditions would have stopped the run, or null. */
  earlier(c: Stops): number | null {
    for (let e = 1; e < this.epoch; e++) if (stopReason(e, this.acc[e], this.since[e], c.maxEpochs, c.targetAcc, c.patience)) return e;
    return null;
  }
}
