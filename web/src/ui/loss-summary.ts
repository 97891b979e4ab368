/**
 * The loss curves' history in fixed memory: at most `capacity` buckets, each the mean
 * train and test loss over `stride` consecutive epochs. When the buckets fill up,
 * neighbours merge in pairs and the stride doubles, so a run of a million epochs costs
 * the chart as much to keep and to draw as one of a thousand. Non-finite losses (a
 * diverged run) are left out of the means.
 */
import type { EpochRecord } from "../engine/session.js";

export interface LossPoint {
  /** The bucket's last epoch. */
  epoch: number;
  /** Mean losses over the bucket (NaN when none was finite). */
  trainLoss: number;
  testLoss: number;
}

interface Bucket {
  epoch: number;
  train: number;
  trainN: number;
  test: number;
  testN: number;
  /** Epochs in the bucket. */
  n: number;
}

const empty = (): Bucket => ({ epoch: 0, train: 0, trainN: 0, test: 0, testN: 0, n: 0 });

function absorb(into: Bucket, b: Bucket): void {
  into.epoch = b.epoch;
  into.train += b.train;
  into.trainN += b.trainN;
  into.test += b.test;
  into.testN += b.testN;
  into.n += b.n;
}

export class LossSummary {
  private full: Bucket[] = [];
  private open = empty();
  private stride = 1;
  /** Epochs recorded in all. */
  count = 0;

  constructor(readonly capacity = 1024) {
    if (capacity < 2 || capacity % 2 !== 0) throw new Error(`capacity must be an even number ≥ 2, got ${capacity}`);
  }

  add(r: EpochRecord): void {
    const b = this.open;
    b.epoch = r.epoch;
    b.n++;
    if (Number.isFinite(r.trainLoss)) [b.train, b.trainN] = [b.train + r.trainLoss, b.trainN + 1];
    if (Number.isFinite(r.testLoss)) [b.test, b.testN] = [b.test + r.testLoss, b.testN + 1];
    this.count++;
    if (b.n < this.stride) return;
    this.full.push(b);
    this.open = empty();
    if (this.full.length === this.capacity) this.halve();
  }

  private halve(): void {
    const merged: Bucket[] = [];
    for (let i = 0; i < this.full.length; i += 2) {
      const m = empty();
      absorb(m, this.full[i]);
      absorb(m, this.full[i + 1]);
      merged.push(m);
    }
    this.full = merged;
    this.stride *= 2;
  }

  /** The curve's points, oldest first: the full buckets, then the one still filling. */
  points(): LossPoint[] {
    const all = this.open.n > 0 ? [...this.full, this.open] : this.full;
    return all.map((b) => ({
      epoch: b.epoch,
      trainLoss: b.trainN > 0 ? b.train / b.trainN : NaN,
      testLoss: b.testN > 0 ? b.test / b.testN : NaN,
    }));
  }
}
