/**
 * StandardScaler: (x - mean) / std per feature, with the population std (ddof 0) and
 * scikit-learn's arithmetic (sklearn/preprocessing/_data.py, utils/extmath.py
 * `_incremental_mean_and_var`), so fitted statistics and outputs match it.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { checkIsFitted } from "./not-fitted.js";
import { mapEntries, toMatrix, type Matrix, type MatrixLike } from "./matrix.js";

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

/** Column sums, accumulated down the rows in order (numpy's axis-0 reduction). */
function columnSums(m: Matrix, f: (v: number, j: number) => number = (v) => v): number[] {
  const out = new Array<number>(m.cols).fill(0);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[j] += f(m.data[i * m.cols + j], j);
  return out;
}

export class StandardScaler {
  readonly withMean: boolean;
  readonly withStd: boolean;
  private fitted: Fitted | null = null;

  constructor(options: StandardScalerOptions = {}) {
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
    const m = toMatrix(X);
    const n = m.rows;
    let mean: number[] | null = null;
    let variance: number[] | null = null;
    let scale: number[] | null = null;
    if (this.withMean || this.withStd) {
      const mu = columnSums(m).map((s) => s / n);
      mean = mu;
      if (this.withStd) {
        // Two-pass variance with the rounding-error correction of _incremental_mean_and_var.
        const correction = columnSums(m, (v, j) => v - mu[j]);
        const squares = columnSums(m, (v, j) => (v - mu[j]) * (v - mu[j]));
        variance = squares.map((s, j) => (s - (correction[j] * correction[j]) / n) / n);
        scale = variance.map((v, j) => {
          // _is_constant_feature: a variance below its own rounding error counts as zero.
          const bound = n * EPS * v + (n * mu[j] * EPS) ** 2;
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
