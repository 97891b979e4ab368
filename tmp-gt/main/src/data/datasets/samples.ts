/** What every generator shares: the random_state option, shuffling rows, building the tensors. */
import type { RandomState } from "../../random/random-state.js";
import { Tensor } from "../../tensor/tensor.js";

/** scikit-learn's `random_state`: a seed, a RandomState to draw from, or nothing (the global one). */
export type RandomStateLike = number | RandomState | null;

/**
 * `sklearn.utils.shuffle(X, y, random_state=rng)`: shuffle arange(n) with the legacy shuffle,
 * then take those rows of X (n × nFeatures, row-major) and those entries of y.
 */
export function shuffleSamples(
  X: Float64Array, nFeatures: number, y: Float64Array, rs: RandomState,
): { X: Float64Array; y: Float64Array } {
  const n = y.length;
  const idx = rs.permutation(n);
  return { X: takeRows(X, nFeatures, idx), y: Float64Array.from(idx, (i) => y[i]) };
}

/** Rows `idx` of a row-major matrix with `cols` columns. */
export function takeRows(X: Float64Array, cols: number, idx: readonly number[]): Float64Array {
  const out = new Float64Array(idx.length * cols);
  idx.forEach((r, i) => out.set(X.subarray(r * cols, (r + 1) * cols), i * cols));
  return out;
}

/** `[X, y]` as scikit-learn returns them: X float64 (n × nFeatures), y int64 (n). */
export function toXy(X: Float64Array, nFeatures: number, y: Float64Array): [Tensor, Tensor] {
  const n = y.length;
  return [new Tensor(X, [n, nFeatures], "float64"), new Tensor(y, [n], "int64")];
}
