/**
 * The loss curves' history in fixed memory: at most `capacity` buckets, each the mean
 * train and test loss over `stride` consecutive epochs. When the buckets fill up,
 * neighbours merge in pairs and the stride doubles, so a run of a million epochs costs
 * the chart as much to keep and to draw as one of a thousand. Accuracies and R² are kept
 * the same way. Non-finite values (a diverged run) are left out of the means.
 */
import type { EpochRecord } from "../engine/session.js";

/** The series the charts draw: losses, accuracies (in %) and R² (regression), train and test. */
export const SERIES = ["trainLoss", "testLoss", "trainAcc", "testAcc", "trainR2", "testR2"] as const;
export type SeriesName = (typeof SERIES)[number];

export type LossPoint = {
  /** The bucket's last epoch. */
  epoch: number;
} & {
  /** Mean of the series over the bucket (NaN when none was finite). */
  [K in SeriesName]: number;
};

interface Bucket {
  epoch: number;
  /** Per series: the sum of its finite values and how many there were. */
  sum: number[];
  count: number[];
  /** Epochs in the bucket. */
  n: number;
}

const empty = (): Bucket => ({ epoch: 0, sum: SERIES.map(() => 0), count: SERIES.map(() => 0), n: 0 });

function absorb(into: Bucket, b: Bucket): void {
  into.epoch = b.epoch;
  for (let i = 0; i < SERIES.length; i++) {
    into.sum[i] += b.sum[i];
    into.count[i] += b.count[i];
  }
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
    SERIES.forEach((key, i) => {
      if (Number.isFinite(r[key])) {
        b.sum[i] += r[key];
        b.count[i]++;
      }
    });
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
    return all.map((b) => {
      const mean = (i: number): number => (b.count[i] > 0 ? b.sum[i] / b.count[i] : NaN);
      return { epoch: b.epoch, trainLoss: mean(0), testLoss: mean(1), trainAcc: mean(2), testAcc: mean(3), trainR2: mean(4), testR2: mean(5) };
    });
  }
}
