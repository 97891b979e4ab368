/**
 * MinMaxScaler: each feature mapped linearly onto featureRange (default [0, 1]) by the
 * training minimum and maximum, as scikit-learn computes it (scale_ and min_ attributes).
 */
import { checkKeys, keysOf } from "../../util/options.js";
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { pyRepr } from "../datasets/python-text.js";
import { checkIsFitted } from "./not-fitted.js";
import { mapEntries, rounder, toMatrix, type MatrixLike } from "./matrix.js";

export interface MinMaxScalerOptions {
  /** The target interval [min, max]. Default [0, 1]. */
  featureRange?: readonly [number, number];
  /** Clip transformed values into featureRange (default false). */
  clip?: boolean;
}

interface Fitted {
  dataMin: number[];
  dataMax: number[];
  dataRange: number[];
  scale: number[];
  min: number[];
  nSamplesSeen: number;
  nFeaturesIn: number;
}

export class MinMaxScaler {
  readonly featureRange: readonly [number, number];
  readonly clip: boolean;
  private fitted: Fitted | null = null;

  constructor(options: MinMaxScalerOptions = {}) {
    checkKeys("MinMaxScaler", options, keysOf<MinMaxScalerOptions>({ featureRange: true, clip: true }));
    this.featureRange = options.featureRange ?? [0, 1];
    this.clip = options.clip ?? false;
  }

  private state(): Fitted {
    return checkIsFitted("MinMaxScaler", this.fitted);
  }
  get dataMin(): number[] { return this.state().dataMin; }
  get dataMax(): number[] { return this.state().dataMax; }
  get dataRange(): number[] { return this.state().dataRange; }
  /** Per-feature factor (`scale_`). */
  get scale(): number[] { return this.state().scale; }
  /** Per-feature offset (`min_`): transform is x · scale + min. */
  get min(): number[] { return this.state().min; }
  get nSamplesSeen(): number { return this.state().nSamplesSeen; }
  get nFeaturesIn(): number { return this.state().nFeaturesIn; }

  fit(X: MatrixLike): this {
    const [lo0, hi0] = this.featureRange;
    if (lo0 >= hi0) {
      throw new ValueError(`Minimum of desired feature range must be smaller than maximum. Got (${pyRepr(lo0)}, ${pyRepr(hi0)}).`);
    }
    const m = toMatrix(X);
    const r = rounder(m);
    const lo = r(lo0);
    const hi = r(hi0);
    const dataMin = new Array<number>(m.cols).fill(Infinity);
    const dataMax = new Array<number>(m.cols).fill(-Infinity);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < m.cols; j++) {
        const v = m.data[i * m.cols + j];
        if (v < dataMin[j]) dataMin[j] = v;
        if (v > dataMax[j]) dataMax[j] = v;
      }
    }
    const dataRange = dataMax.map((v, j) => r(v - dataMin[j]));
    // _handle_zeros_in_scale: a range below 10 eps of the dtype divides by 1 instead.
    const eps = m.float32 ? 2 ** -23 : 2 ** -52;
    const scale = dataRange.map((d) => r(r(hi - lo) / (d < 10 * eps ? 1 : d)));
    const min = scale.map((s, j) => r(lo - r(dataMin[j] * s)));
    this.fitted = { dataMin, dataMax, dataRange, scale, min, nSamplesSeen: m.rows, nFeaturesIn: m.cols };
    return this;
  }

  transform(X: Tensor): Tensor;
  transform(X: readonly (readonly number[])[]): number[][];
  transform(X: MatrixLike): Tensor | number[][] {
    const s = this.state();
    return mapEntries(X, s.nFeaturesIn, "MinMaxScaler", (r) => {
      const [lo, hi] = this.featureRange.map(r);
      return (v, j) => {
        const out = r(r(v * s.scale[j]) + s.min[j]);
        return this.clip ? Math.min(Math.max(out, lo), hi) : out;
      };
    });
  }

  fitTransform(X: Tensor): Tensor;
  fitTransform(X: readonly (readonly number[])[]): number[][];
  fitTransform(X: MatrixLike): Tensor | number[][] {
    this.fit(X);
    return this.transform(X as Tensor);
  }

  /** (x - min) / scale: back to the original units. */
  inverseTransform(X: Tensor): Tensor;
  inverseTransform(X: readonly (readonly number[])[]): number[][];
  inverseTransform(X: MatrixLike): Tensor | number[][] {
    const s = this.state();
    return mapEntries(X, s.nFeaturesIn, "MinMaxScaler", (r) => (v, j) => r(r(v - s.min[j]) / s.scale[j]));
  }
}
