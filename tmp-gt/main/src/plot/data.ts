/** Turning tensors and arrays into the flat rows Vega-Lite draws, with checks that say what was wrong. */
import { ShapeError, ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";

/** Points: a [N, 2] tensor or an array of [x1, x2] pairs. */
export type Points2D = Tensor | readonly (readonly number[])[];
/** Values per sample: a [N] (or [N, 1]) tensor or an array of numbers. */
export type Values1D = Tensor | readonly number[];

/** How many points `X` holds (checking its shape). */
export function pointCount(X: Points2D, what: string): number {
  if (X instanceof Tensor) {
    if (X.ndim !== 2 || X.shape[1] !== 2) {
      throw new ShapeError(`${what}: expected points of shape [N, 2] (two features to plot), got [${X.shape.join(", ")}]`);
    }
    return X.shape[0];
  }
  X.forEach((row, i) => {
    if (row.length !== 2) throw new ShapeError(`${what}: point ${i} has ${row.length} coordinates, expected 2`);
  });
  return X.length;
}

/** The points of `X` as pairs; only those at `keep` when given (a figure's sample of many points). */
export function pointsOf(X: Points2D, what: string, keep?: readonly number[] | null): [number, number][] {
  const n = pointCount(X, what);
  const at = (i: number): [number, number] => {
    if (X instanceof Tensor) return [X.data[2 * i], X.data[2 * i + 1]];
    const row = X[i];
    return [row[0], row[1]];
  };
  return keep ? keep.map(at) : Array.from({ length: n }, (_, i) => at(i));
}

/** The range of each coordinate over every point of `X` (not only the drawn sample). */
export function extents2D(X: Points2D): [[number, number], [number, number]] {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  const n = X instanceof Tensor ? X.shape[0] : X.length;
  for (let i = 0; i < n; i++) {
    const a = X instanceof Tensor ? X.data[2 * i] : X[i][0];
    const b = X instanceof Tensor ? X.data[2 * i + 1] : X[i][1];
    if (a < x0) x0 = a;
    if (a > x1) x1 = a;
    if (b < y0) y0 = b;
    if (b > y1) y1 = b;
  }
  return [[x0, x1], [y0, y1]];
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
