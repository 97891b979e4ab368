/**
 * StandardScaler: (x - mean) / std per feature, with the population std (ddof 0) and
 * scikit-learn's arithmetic (sklearn/preprocessing/_data.py, utils/extmath.py
 * `_incremental_mean_and_var`), so fitted statistics and outputs match it.
 */
import { checkKeys, keysOf } from "../../util/options.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkIsFitted } from "./not-fitted.js";
import { mapEntries, viewMatrix, type MatrixLike, type MatrixView } from "./matrix.js";

export interface StandardScalerOptions {
  /** Centre the data (default true). */
  withMean?: boolean;
  /** Scale to unit variance (default true). */
  withStd?: boolean;
}

interface Fitted {
  mean: number[] | null;
  var: number[] | null;
  scale: number[] | null;
  nSamplesSeen: number;
  nFeaturesIn: number;
}

const EPS = 2 ** -52;

/**
 * Column sums in float64, accumulated down the rows in order (numpy's axis-0 reduction over
 * float32 input upcast as scikit-learn's _safe_accumulator_op does): one pass, no copy.
 */
function columnSums(m: MatrixView): Float64Array {
  const { data, rows, cols } = m;
  const out = new Float64Array(cols);
  for (let i = 0, at = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j] += data[at++];
  return out;
}

/**
 * The sums of (x - mean) and of (x - mean)² per column (the correction and the unnormalised
 * variance of _incremental_mean_and_var), each in the same row order, in one pass.
 */
function centredSums(m: MatrixView, mean: readonly number[]): { correction: Float64Array; squares: Float64Array } {
  const { data, rows, cols } = m;
  const correction = new Float64Array(cols);
  const squares = new Float64Array(cols);
  for (let i = 0, at = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const t = data[at++] - mean[j];
      correction[j] += t;
      squares[j] += t * t;
    }
  }
  return { correction, squares };
}

export class StandardScaler {
  readonly withMean: boolean;
  readonly withStd: boolean;
  private fitted: Fitted | null = null;

  constructor(options: StandardScalerOptions = {}) {
    checkKeys("StandardScaler", options, keysOf<StandardScalerOptions>({ withMean: true, withStd: true }));
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  private state(): Fitted {
    return checkIsFitted("StandardScaler", this.fitted);
  }
  /** Per-feature mean (`mean_`); null when neither centring nor scaling. */
  get mean(): number[] | null { return this.state().mean; }
  /** Per-feature population variance (`var_`); null without scaling. */
  get var(): number[] | null { return this.state().var; }
  /** Per-feature std used to scale (`scale_`), 1 for constant features; null without scaling. */
  get scale(): number[] | null { return this.state().scale; }
  get nSamplesSeen(): number { return this.state().nSamplesSeen; }
  get nFeaturesIn(): number { return this.state().nFeaturesIn; }

  fit(X: MatrixLike): this {
    const m = viewMatrix(X);
    const n = m.rows;
    let mean: number[] | null = null;
    let variance: number[] | null = null;
    let scale: number[] | null = null;
    if (this.withMean || this.withStd) {
      const mu = Array.from(columnSums(m), (s) => s / n);
      mean = mu;
      if (this.withStd) {
        // Two-pass variance with the rounding-error correction of _incremental_mean_and_var.
        const { correction, squares } = centredSums(m, mu);
        variance = Array.from(squares, (s, j) => (s - (correction[j] * correction[j]) / n) / n);
        scale = variance.map((v, j) => {
          // _is_constant_feature: a variance below its own rounding error counts as zero.
          const e = n * mu[j] * EPS;
          const bound = n * EPS * v + e * e;
          return v <= bound ? 1 : Math.sqrt(v);
        });
      }
    }
    this.fitted = {
      mean,
      var: variance,
      scale,
      nSamplesSeen: n,
      nFeaturesIn: m.cols,
    };
    return this;
  }

  transform(X: Tensor): Tensor;
  transform(X: readonly (readonly number[])[]): number[][];
  transform(X: MatrixLike): Tensor | number[][] {
    const s = this.state();
    return mapEntries(X, s.nFeaturesIn, "StandardScaler", (r) => {
      const mean = s.mean?.map(r);
      const scale = s.scale?.map(r);
      return (v, j) => {
        if (this.withMean && mean) v = r(v - mean[j]);
        if (this.withStd && scale) v = r(v / scale[j]);
        return v;
      };
    });
  }

  fitTransform(X: Tensor): Tensor;
  fitTransform(X: readonly (readonly number[])[]): number[][];
  fitTransform(X: MatrixLike): Tensor | number[][] {
    this.fit(X);
    return this.transform(X as Tensor);
  }

  /** x · scale + mean: back to the original units. */
  inverseTransform(X: Tensor): Tensor;
  inverseTransform(X: readonly (readonly number[])[]): number[][];
  inverseTransform(X: MatrixLike): Tensor | number[][] {
    const s = this.state();
    return mapEntries(X, s.nFeaturesIn, "StandardScaler", (r) => {
      const mean = s.mean?.map(r);
      const scale = s.scale?.map(r);
      return (v, j) => {
        if (this.withStd && scale) v = r(v * scale[j]);
        if (this.withMean && mean) v = r(v + mean[j]);
        return v;
      };
    });
  }
}
