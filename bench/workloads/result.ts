/** What one run of a workload reports; both the Kindling and the PyTorch side print this shape. */
export interface WorkloadResult {
  workload: string;
  /** Wall time of the timed part (the training loop, or one product for W4), in ms. */
  ms: number;
  /** Final test accuracy in [0, 1], where the workload trains a model. */
  accuracy?: number;
  /** Floating-point work of the timed part, for GFLOP/s. */
  gflop?: number;
  /** Threads the timed part could use. */
  threads?: number;
  /** Anything else worth printing (loss, samples/s, breakdowns). */
  notes?: Record<string, number | string>;
}

/** Accuracy of class predictions against labels, both as flat arrays. */
export function accuracyOf(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  let hit = 0;
  for (let i = 0; i < truth.length; i++) if (pred[i] === truth[i]) hit++;
  return hit / truth.length;
}

/** Milliseconds since an arbitrary origin, high resolution. */
export function now(): number {
  return performance.now();
}
