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
  const scaler = name === "standard" ? new kd.data.StandardScaler() : new kd.data.MinMaxScaler();
  scaler.fit(Xtrain.double());
  const f = Xtrain.shape[1];
  // The map is affine: its value at 0 is the offset, at 1 the offset plus the scale.
  const offset = Array.from(scaler.transform(kd.zeros([1, f], { dtype: "float64" })).data);
  const one = Array.from(scaler.transform(kd.ones([1, f], { dtype: "float64" })).data);
  return { offset, scale: one.map((v, i) => v - offset[i]) };
}

export function applyScaling(a: Affine | null, X: kd.Tensor): kd.Tensor {
  if (!a) return X;
  const scale = kd.tensor(a.scale, { dtype: X.dtype });
  const offset = kd.tensor(a.offset, { dtype: X.dtype });
  return X.mul(scale).add(offset);
}
