/**
 * Reductions of confusion matrices, with torchmetrics' formulas: normalisation, Jaccard index,
 * Matthews correlation coefficient and Cohen's kappa. Counts are float64; results float32.
 */
import type { Tensor } from "../../tensor/tensor.js";
import type { Average, Normalize } from "../core/common.js";
import type { ConfmatKind } from "../core/confmat-state.js";
import { f32, i64 } from "../core/tensors.js";
import { safeDivide } from "./stat.js";

/** The matrix as counts (int64), or normalised over its rows, columns or all cells (NaN → 0). */
export function normalizeConfmat(matrix: Float64Array, shape: readonly number[], normalize: Normalize): Tensor {
  if (normalize === null || normalize === "none") return i64(matrix, shape);
  const cols = shape[shape.length - 1];
  const rows = shape[shape.length - 2];
  const out = new Float64Array(matrix.length);
  for (let b = 0; b < matrix.length; b += rows * cols) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let den = 0;
        if (normalize === "true") for (let j = 0; j < cols; j++) den += matrix[b + r * cols + j];
        else if (normalize === "pred") for (let i = 0; i < rows; i++) den += matrix[b + i * cols + c];
        else for (let k = 0; k < rows * cols; k++) den += matrix[b + k];
        const v = matrix[b + r * cols + c] / den;
        out[b + r * cols + c] = Number.isNaN(v) ? 0 : v;
      }
    }
  }
  return f32(out, shape);
}

export interface JaccardOptions {
  average: Average | "binary";
  ignoreIndex: number | null;
  zeroDivision: number;
}

/**
 * Jaccard index (intersection over union) tp / (tp + fp + fn) per class, averaged as
 * torchmetrics averages it: the ignored class and (single-label) classes absent from both
 * target and prediction leave the macro average; "weighted" weighs by support.
 */
export function jaccardReduce(m: Float64Array, kind: ConfmatKind, size: number, o: JaccardOptions): Tensor {
  const zd = o.zeroDivision;
  if (o.average === "binary") return f32([safeDivide(m[3], m[1] + m[2] + m[3], zd)], []);
  const multilabel = kind === "multilabel";
  const num = new Float64Array(size), den = new Float64Array(size), support = new Float64Array(size);
  const seen = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    if (multilabel) {
      const [, fp, fn, tp] = m.subarray(4 * k, 4 * k + 4);
      num[k] = tp;
      den[k] = tp + fp + fn;
      support[k] = tp + fn;
    } else {
      let row = 0, col = 0;
      for (let j = 0; j < size; j++) {
        row += m[k * size + j];
        col += m[j * size + k];
      }
      num[k] = m[k * size + k];
      den[k] = row + col - num[k];
      support[k] = row;
      seen[k] = row + col;
    }
  }
  // torchmetrics checks the ignore index against the matrix's first dimension, for both kinds
  const ignored = o.ignoreIndex !== null && o.ignoreIndex >= 0 && o.ignoreIndex < size ? o.ignoreIndex : -1;
  if (o.average === "micro") {
    let n = 0, d = 0;
    for (let k = 0; k < size; k++) {
      n += num[k];
      d += den[k];
    }
    if (ignored >= 0) d -= den[ignored];
    return f32([safeDivide(n, d, zd)], []);
  }
  const scores = num.map((v, k) => safeDivide(v, den[k], zd));
  if (o.average === "none" || o.average === null) return f32(scores);
  const weights = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    if (o.average === "weighted") weights[k] = support[k];
    else weights[k] = k === ignored || (!multilabel && seen[k] === 0) ? 0 : 1;
  }
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let k = 0; k < size; k++) acc += (weights[k] * scores[k]) / total;
  return f32([acc], []);
}

const EPS32 = 2 ** -23;
const SQRT_EPS32 = Math.fround(Math.sqrt(EPS32));

/**
 * Matthews correlation coefficient from the (summed) confusion matrix, with torchmetrics'
 * handling of degenerate 2 x 2 matrices: ±1 returned as integers when every answer is right or
 * every answer wrong, and a float32-epsilon regularised value when a row or column is empty.
 */
export function matthewsReduce(m: Float64Array, kind: ConfmatKind, size: number): Tensor {
  let c = m;
  let n = kind === "multiclass" ? size : 2;
  if (kind === "multilabel") {
    c = new Float64Array(4);
    for (let k = 0; k < size; k++) for (let j = 0; j < 4; j++) c[j] += m[4 * k + j];
    n = 2;
  }
  const binary = n === 2;
  const [tn, fp, fn, tp] = c;
  if (binary && tp + tn !== 0 && fp + fn === 0) return i64([1], []);
  if (binary && tp + tn === 0 && fp + fn !== 0) return i64([-1], []);
  const tk = new Float64Array(n), pk = new Float64Array(n);
  let trace = 0, s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      tk[i] += c[i * n + j];
      pk[j] += c[i * n + j];
      s += c[i * n + j];
    }
    trace += c[i * n + i];
  }
  let tkpk = 0, pk2 = 0, tk2 = 0;
  for (let i = 0; i < n; i++) {
    tkpk += tk[i] * pk[i];
    pk2 += pk[i] * pk[i];
    tk2 += tk[i] * tk[i];
  }
  let numerator = trace * s - tkpk;
  let denom = (s * s - pk2) * (s * s - tk2);
  if (denom === 0 && binary) {
    if (fn === 0 && tn === 0) numerator = SQRT_EPS32 * (tp - fp);
    else if (fp === 0 && tn === 0) numerator = SQRT_EPS32 * (tp - fn);
    else if (tp === 0 && fn === 0) numerator = SQRT_EPS32 * (tn - fp);
    else if (tp === 0 && fp === 0) numerator = SQRT_EPS32 * (tn - fn);
    else if (tp === 0) numerator = tn - fp * fn;
    else if (tn === 0) numerator = tp - fp * fn;
    else if (fp === 0 || fn === 0) numerator = tp * tn;
    else return f32([0], []);
    const e = (x: number): number => Math.fround(x + EPS32);
    denom = e(tp + fp) * e(tp + fn) * e(tn + fp) * e(tn + fn);
  } else if (denom === 0) {
    return f32([0], []);
  }
  return f32([numerator / Math.sqrt(denom)], []);
}

export type KappaWeights = "linear" | "quadratic" | "none" | null;

/** Cohen's kappa: 1 - sum(w * observed) / sum(w * expected), w the disagreement weights. */
export function cohenKappaReduce(m: Float64Array, size: number, weights: KappaWeights): Tensor {
  const rows = new Float64Array(size), cols = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      rows[i] += m[i * size + j];
      cols[j] += m[i * size + j];
      total += m[i * size + j];
    }
  }
  let observed = 0, expected = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const w = weights === "linear" ? Math.abs(i - j) : weights === "quadratic" ? (i - j) * (i - j) : i === j ? 0 : 1;
      observed += w * m[i * size + j];
      expected += (w * rows[i] * cols[j]) / total;
    }
  }
  return f32([1 - observed / expected], []);
}
