/**
 * The 2-D input the scalers take — a tensor or nested JS arrays — as one flat matrix, and
 * back into the caller's kind. float32 tensors stay float32 (scikit-learn keeps float32
 * input float32); everything else is float64.
 */
import { ValueError } from "../../errors.js";
import { floatRounding } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";

export type MatrixLike = Tensor | readonly (readonly number[])[];

export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
  float32: boolean;
  fromTensor: boolean;
}

/** `check_array`'s 2-D requirement, with its message. */
function expected2d(got: number): ValueError {
  return new ValueError(
    `Expected 2D array, got ${got === 0 ? "scalar array" : "1D array"} instead. Reshape your data either using array.reshape(-1, 1) if your data has a single feature or array.reshape(1, -1) if it contains a single sample.`,
  );
}

export function toMatrix(X: MatrixLike): Matrix {
  if (X instanceof Tensor) {
    if (X.ndim !== 2) throw expected2d(X.ndim);
    return { data: Float64Array.from(X.data), rows: X.shape[0], cols: X.shape[1], float32: X.dtype === "float32", fromTensor: true };
  }
  const nested: readonly (readonly number[])[] = X;
  const isNested = Array.isArray(X) && X.every((r: unknown) => Array.isArray(r));
  if (!isNested) throw expected2d(1);
  const rows = nested.length;
  const cols = rows === 0 ? 0 : nested[0].length;
  const data = new Float64Array(rows * cols);
  nested.forEach((row, i) => {
    if (row.length !== cols) throw new ValueError(`setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions. The detected shape was (${rows},) + inhomogeneous part.`);
    row.forEach((v, j) => (data[i * cols + j] = v));
  });
  return { data, rows, cols, float32: false, fromTensor: false };
}

/** The entries of a 2-D input in row-major order, for reading only. */
export interface MatrixView {
  data: ArrayLike<number>;
  rows: number;
  cols: number;
}

/**
 * The input's entries without copying a tensor's storage (a fit reads them once or twice;
 * a copy to float64 first would double the memory of a million-row training set).
 */
export function viewMatrix(X: MatrixLike): MatrixView {
  if (X instanceof Tensor) {
    if (X.ndim !== 2) throw expected2d(X.ndim);
    return { data: X.data, rows: X.shape[0], cols: X.shape[1] };
  }
  return toMatrix(X);
}

/** The result in the caller's kind: a tensor (float32 or float64) or nested arrays. */
export function fromMatrix(m: Matrix): Tensor | number[][] {
  if (m.fromTensor) {
    return new Tensor(m.float32 ? Float32Array.from(m.data) : m.data, [m.rows, m.cols], m.float32 ? "float32" : "float64");
  }
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

/** validate_data(reset=False): the feature count must be the one seen in fit. */
export function checkFeatures(m: Matrix, expected: number, estimator: string): void {
  if (m.cols !== expected) {
    throw new ValueError(`X has ${m.cols} features, but ${estimator} is expecting ${expected} features as input.`);
  }
}

/** Rounds to float32 after each step when the input is float32, as numpy's float32 arrays do. */
export function rounder(m: Matrix): (v: number) => number {
  return floatRounding(m.float32 ? "float32" : "float64");
}

/**
 * The per-entry pass of transform / inverseTransform: checks the feature count against
 * fit, maps every entry through the function `entry(round)` returns (`round` is the
 * matrix's rounder, so float32 input is rounded after each step) and gives the result
 * back in the caller's kind.
 */
export function mapEntries(
  X: MatrixLike,
  nFeaturesIn: number,
  estimator: string,
  entry: (round: (v: number) => number) => (v: number, column: number) => number,
): Tensor | number[][] {
  const m = toMatrix(X);
  checkFeatures(m, nFeaturesIn, estimator);
  const f = entry(rounder(m));
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) m.data[i * m.cols + j] = f(m.data[i * m.cols + j], j);
  }
  return fromMatrix(m);
}
