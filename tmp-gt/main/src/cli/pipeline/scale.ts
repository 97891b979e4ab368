/**
 * Feature scaling fitted on the training set only. A fitted scaler is kept as the
 * per-feature affine map x·scale + offset, which is what a model file stores so that
 * `predict` applies exactly the same transform.
 */
import * as kd from "../../index.js";
import { UsageError } from "../errors.js";

export type ScaleName = "standard" | "minmax" | "none";

export interface Affine {
  scale: number[];
  offset: number[];
}

export function fitScaling(name: ScaleName, Xtrain: kd.Tensor): Affine | null {
  if (name === "none") return null;
  if (name !== "standard" && name !== "minmax") throw new UsageError(`--scale must be standard, minmax or none, got '${name}'`);
  // StandardScaler accumulates in float64 whatever the input's dtype (as scikit-learn
  // does for float32), so it reads the float32 rows as they are: a float64 copy of a
  // million-row training set would cost 128 MB and a pass. MinMaxScaler rounds as its
  // input does, and the command has always fitted it on float64.
  const scaler = name === "standard" ? new kd.data.StandardScaler() : new kd.data.MinMaxScaler();
  scaler.fit(name === "standard" ? Xtrain : Xtrain.double());
  const f = Xtrain.shape[1];
  // The map is affine: its value at 0 is the offset, at 1 the offset plus the scale.
  const offset = Array.from(scaler.transform(kd.zeros([1, f], { dtype: "float64" })).data);
  const one = Array.from(scaler.transform(kd.ones([1, f], { dtype: "float64" })).data);
  return { offset, scale: one.map((v, i) => v - offset[i]) };
}

/**
 * X·scale + offset per feature, as the tensor ops `X.mul(scale).add(offset)` compute it in
 * X's dtype. A float32 matrix takes one fused pass with the same two roundings (a float32
 * product, then a float32 sum: the same bits, tested), instead of two passes and a
 * temporary as large as X; `train` and `predict` scale a million rows with it.
 * `inPlace`: X's own storage is overwritten (for rows the caller made and no longer needs
 * unscaled), sparing a second copy of the table.
 */
export function applyScaling(a: Affine | null, X: kd.Tensor, inPlace = false): kd.Tensor {
  if (!a) return X;
  if (X.dtype === "float32" && X.ndim === 2 && X.shape[1] === a.scale.length && !X.requiresGrad) {
    const src = X.data as Float32Array;
    return affine32(src, inPlace ? src : new Float32Array(src.length), X.shape, a);
  }
  const scale = kd.tensor(a.scale, { dtype: X.dtype });
  const offset = kd.tensor(a.offset, { dtype: X.dtype });
  return X.mul(scale).add(offset);
}

function affine32(src: Float32Array, out: Float32Array, shape: readonly number[], a: Affine): kd.Tensor {
  const f = shape[1];
  const scale = Float32Array.from(a.scale);
  const offset = Float32Array.from(a.offset);
  for (let at = 0; at < src.length; ) {
    // Math.fround: the product rounded to float32 before the sum; the store rounds the sum.
    for (let j = 0; j < f; j++, at++) out[at] = Math.fround(src[at] * scale[j]) + offset[j];
  }
  return new kd.Tensor(out, [...shape], "float32");
}
