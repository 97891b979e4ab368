/** Curve points as tensors: one curve as three tensors, several as lists or stacked [C, n] tensors. */
import type { Tensor } from "../../tensor/tensor.js";
import { f32, floatTensor, type FloatArray } from "../internal/tensors.js";
import type { CurvePoints } from "./curve-points.js";

/** (precision, recall, thresholds) or (fpr, tpr, thresholds). */
export type CurveTriple = [Tensor, Tensor, Tensor];
/** One tensor per class for each of the three. */
export type CurveLists = [Tensor[], Tensor[], Tensor[]];
export type CurveResult = CurveTriple | CurveLists;

function thresholdTensor(t: FloatArray): Tensor {
  return floatTensor(t, [t.length], t instanceof Float64Array ? "float64" : "float32");
}

export function curveTriple(p: CurvePoints): CurveTriple {
  return [f32(p.x), f32(p.y), thresholdTensor(p.thresholds)];
}

/** Exact curves differ in length per class: lists. Binned ones share the thresholds: [C, n] tensors. */
export function curvesOut(curves: CurvePoints[], binned: boolean): CurveResult {
  if (!binned) {
    return [curves.map((c) => f32(c.x)), curves.map((c) => f32(c.y)), curves.map((c) => thresholdTensor(c.thresholds))];
  }
  const n = curves[0]?.x.length ?? 0;
  const stack = (pick: (c: CurvePoints) => Float32Array): Tensor => {
    const out = new Float32Array(curves.length * n);
    curves.forEach((c, i) => out.set(pick(c), i * n));
    return f32(out, [curves.length, n]);
  };
  return [stack((c) => c.x), stack((c) => c.y), thresholdTensor(curves[0]?.thresholds ?? new Float32Array(0))];
}
