/**
 * What make_circles and make_moons share: the (outer, inner) sample counts, and the
 * shuffle-then-noise finish (sklearn/datasets/_samples_generator.py).
 */
import { checkKeys, keysOf } from "../../util/options.js";
import { ValueError } from "../../errors.js";
import type { RandomState } from "../../random/random-state.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkParam, floatIn, intIn } from "./param-checks.js";
import { shuffleSamples, toXy, type RandomStateLike } from "./samples.js";

export interface TwoShapeOptions {
  /** Total points (outer gets n // 2, inner the rest) or [outer, inner]. Default 100. */
  nSamples?: number | readonly [number, number];
  /** Shuffle the rows (default true). */
  shuffle?: boolean;
  /** Standard deviation of Gaussian noise added to every coordinate; none by default. */
  noise?: number | null;
  randomState?: RandomStateLike;
}

/** The arguments as `f(nSamples, opts)` or `f(opts)`. */
export function twoShapeArgs<O extends TwoShapeOptions>(
  first: number | readonly [number, number] | O | undefined, opts: O | undefined,
): O {
  if (first === undefined) return (opts ?? {}) as O;
  if (typeof first === "number" || Array.isArray(first)) return { ...(opts ?? ({} as O)), nSamples: first as number | readonly [number, number] };
  return first as O;
}

/** n // 2 outer and the rest inner, or the two given counts. */
export function splitCounts(fn: string, nSamples: number | readonly [number, number], tupleMessage: string): [number, number] {
  if (typeof nSamples === "number") {
    checkParam(fn, "n_samples", nSamples, [intIn(fn === "make_circles" ? 0 : 1, null), "tuple"]);
    const out = Math.floor(nSamples / 2);
    return [out, nSamples - out];
  }
  if (nSamples.length !== 2) throw new ValueError(tupleMessage);
  const [a, b] = nSamples;
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0) throw new ValueError(tupleMessage);
  return [a, b];
}

export function checkCommon(fn: string, opts: TwoShapeOptions, extra: readonly string[] = []): void {
  checkKeys(fn, opts, [...keysOf<TwoShapeOptions>({ nSamples: true, shuffle: true, noise: true, randomState: true }), ...extra]);
  if (opts.shuffle !== undefined) checkParam(fn, "shuffle", opts.shuffle, ["boolean"]);
  checkParam(fn, "noise", opts.noise ?? null, [floatIn(0, null), "None"]);
}

/**
 * The two shapes stacked: the outer one's points (label 0) from the angles `tOut`, then
 * the inner one's (label 1) from `tIn`, as rows of an n × 2 matrix.
 */
export function placeTwoShapes(
  tOut: ArrayLike<number>,
  tIn: ArrayLike<number>,
  outer: (t: number) => readonly [number, number],
  inner: (t: number) => readonly [number, number],
): [Float64Array, Float64Array] {
  const n = tOut.length + tIn.length;
  const X = new Float64Array(n * 2);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const isOuter = i < tOut.length;
    [X[2 * i], X[2 * i + 1]] = isOuter ? outer(tOut[i]) : inner(tIn[i - tOut.length]);
    y[i] = isOuter ? 0 : 1;
  }
  return [X, y];
}

/** Shuffle (when asked), then add normal(0, noise) to every coordinate, as scikit-learn does. */
export function finishTwoShapes(
  X: Float64Array, y: Float64Array, opts: TwoShapeOptions, rs: RandomState,
): [Tensor, Tensor] {
  let data = { X, y };
  if (opts.shuffle ?? true) data = shuffleSamples(X, 2, y, rs);
  const noise = opts.noise;
  if (noise !== undefined && noise !== null) {
    const eps = rs.normal(0, noise, [y.length, 2]);
    for (let i = 0; i < eps.length; i++) data.X[i] += eps[i];
  }
  return toXy(data.X, 2, data.y);
}

