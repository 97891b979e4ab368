/** Turning tensors and arrays into the flat rows Vega-Lite draws, with checks that say what was wrong. */
import { ShapeError, ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";

/** Points: a [N, 2] tensor or an array of [x1, x2] pairs. */
export type Points2D = Tensor | readonly (readonly number[])[];
/** Values per sample: a [N] (or [N, 1]) tensor or an array of numbers. */
export type Values1D = Tensor | readonly number[];

export function pointsOf(X: Points2D, what: string): [number, number][] {
  if (X instanceof Tensor) {
    if (X.ndim !== 2 || X.shape[1] !== 2) {
      throw new ShapeError(`${what}: expected points of shape [N, 2] (two features to plot), got [${X.shape.join(", ")}]`);
    }
    const d = X.data;
    return Array.from({ length: X.shape[0] }, (_, i) => [d[2 * i], d[2 * i + 1]]);
  }
  return X.map((row, i) => {
    if (row.length !== 2) throw new ShapeError(`${what}: point ${i} has ${row.length} coordinates, expected 2`);
    return [row[0], row[1]];
  });
}

export function valuesOf(v: Values1D, what: string): number[] {
  if (v instanceof Tensor) {
    if (v.ndim > 2 || (v.ndim === 2 && v.shape[1] !== 1)) {
      throw new ShapeError(`${what}: expected a [N] or [N, 1] tensor, got [${v.shape.join(", ")}]`);
    }
    return Array.from(v.data);
  }
  return [...v];
}

/** Class indices (whole numbers ≥ 0) from labels such as a float 0/1 tensor or an int64 one. */
export function labelsOf(y: Values1D, n: number, what: string): number[] {
  const labels = valuesOf(y, what);
  if (labels.length !== n) throw new ShapeError(`${what}: got ${labels.length} labels for ${n} points`);
  labels.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0) {
      throw new ValueError(`${what}: label ${i} is ${v}; expected a class index (0, 1, 2, ...)`);
    }
  });
  return labels;
}

/** The display name of class `i`: `classNames[i]` when given, else its index. */
export function className(i: number, classNames: readonly string[] | undefined): string {
  return classNames?.[i] ?? String(i);
}

/** Names for classes 0..n-1, checked against the labels seen. */
export function classDomain(numClasses: number, classNames: readonly string[] | undefined, what: string): string[] {
  if (classNames && classNames.length < numClasses) {
    throw new ValueError(`${what}: ${classNames.length} classNames given but labels go up to class ${numClasses - 1}`);
  }
  const n = Math.max(numClasses, classNames?.length ?? 0);
  return Array.from({ length: n }, (_, i) => className(i, classNames));
}

export function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
