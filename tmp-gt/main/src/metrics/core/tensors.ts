/**
 * Tensor plumbing for the metrics: reading inputs as flat arrays, squashing logits to
 * probabilities, and the checks of input tensors (shapes, dtypes, values) with torchmetrics'
 * messages.
 */
import { DTypeError, ShapeError, ValueError } from "../../errors.js";
import { toStorage } from "../../tensor/convert.js";
import type { DType } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { pyStr, torchDtype, torchSize } from "./common.js";
import { libm } from "../../backend/libm.js";

// Reading inputs and building results. Metrics work on the typed arrays directly and
// return new tensors: float32 for scores (as torchmetrics returns them), int64 for counts.

export type FloatArray = Float32Array | Float64Array;

export function isFloat(t: Tensor): boolean {
  return t.dtype === "float32" || t.dtype === "float64";
}

export function numel(t: Tensor): number {
  return t.data.length;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Product of the dimensions from `start` on (1 for none). */
export function sizeFrom(shape: readonly number[], start: number): number {
  let n = 1;
  for (let i = start; i < shape.length; i++) n *= shape[i];
  return n;
}

/** A float32 tensor holding `values` (rounded to float32 as torch stores them). */
export function f32(values: ArrayLike<number>, shape: readonly number[] = [values.length]): Tensor {
  return new Tensor(Float32Array.from(values), [...shape], "float32");
}

/** An int64 tensor holding whole-number `values`. */
export function i64(values: ArrayLike<number>, shape: readonly number[] = [values.length]): Tensor {
  return new Tensor(Float64Array.from(values), [...shape], "int64");
}

/** A tensor of the given floating dtype. */
export function floatTensor(values: ArrayLike<number>, shape: readonly number[], dtype: DType): Tensor {
  return dtype === "float64" ? new Tensor(Float64Array.from(values), [...shape], "float64") : f32(values, shape);
}

export function scalarF32(x: number): Tensor {
  return f32([x], []);
}

/** The values of a tensor as floats of its own precision (float64 for anything but float32). */
export function floatValues(t: Tensor): FloatArray {
  if (t.data instanceof Float32Array) return t.data;
  if (t.data instanceof Float64Array) return t.data;
  return Float64Array.from(t.data);
}

/** The precision results derived from `t`'s values are kept in: float64 stays float64, else float32. */
export function floatDtypeOf(t: Tensor): "float32" | "float64" {
  return t.dtype === "float64" ? "float64" : "float32";
}

export function requireTensor(x: unknown, name: string): Tensor {
  if (!(x instanceof Tensor)) {
    throw new DTypeError(`Expected \`${name}\` to be a Tensor, but got ${x === null ? "null" : typeof x}`);
  }
  return x;
}

// torchmetrics' `normalize_logits_if_needed`: a batch of scores with any value outside [0, 1]
// is taken as logits and squashed (sigmoid element-wise, or softmax over the class axis); a
// batch wholly inside [0, 1] is taken as probabilities and left alone. The decision is made
// for the whole batch at once, as torchmetrics makes it.

/** True when some value is outside [0, 1] (NaN counts as outside, as `x >= 0` is false for it). */
export function needsNormalizing(values: ArrayLike<number>, from = 0, to = values.length): boolean {
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (!(v >= 0 && v <= 1)) return true;
  }
  return false;
}

/** A copy in the same precision with the sigmoid applied when the batch holds logits. */
export function sigmoidIfNeeded(values: FloatArray): FloatArray {
  if (!needsNormalizing(values)) return values;
  const out = values instanceof Float32Array ? new Float32Array(values.length) : new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = 1 / (1 + libm.exp(-values[i]));
  return out;
}

/**
 * Softmax over each row of a row-major [rows, cols] block when the block holds logits.
 * Computed in float64 and stored in the input's precision.
 */
export function softmaxRowsIfNeeded(values: FloatArray, cols: number): FloatArray {
  if (!needsNormalizing(values)) return values;
  const out = values instanceof Float32Array ? new Float32Array(values.length) : new Float64Array(values.length);
  for (let r = 0; r < values.length; r += cols) {
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, values[r + c]);
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += libm.exp(values[r + c] - max);
    for (let c = 0; c < cols; c++) out[r + c] = libm.exp(values[r + c] - max) / sum;
  }
  return out;
}

/**
 * `torch.linspace(0, 1, n)` in float32, value for value: the step is rounded to float32 and
 * each point is formed with one rounding (PyTorch's kernel counts the first half up from 0
 * and the second half down from 1, and the compiler fuses the multiply-add).
 */
export function linspaceF32(n: number): Float32Array {
  const out = new Float32Array(n);
  if (n === 1) {
    out[0] = 0;
    return out;
  }
  const step = Math.fround(1 / (n - 1));
  const half = Math.floor(n / 2);
  for (let i = 0; i < n; i++) out[i] = i < half ? step * i : 1 - step * (n - 1 - i);
  return out;
}

/**
 * `torch.linspace(0, 1, n, dtype=float64)`: the same two halves, each point rounded once from
 * its exact value (the fused multiply-add), which the error-free product and sum recover here.
 */
export function linspaceF64(n: number): Float64Array {
  const out = new Float64Array(n);
  if (n === 1) return out;
  const step = 1 / (n - 1);
  const half = Math.floor(n / 2);
  for (let i = 0; i < n; i++) {
    if (i < half) out[i] = step * i;
    else {
      const k = n - 1 - i;
      const [p, e] = twoProduct(step, k);
      const s = 1 - p;
      const sErr = 1 - s - p; // exact: what the subtraction lost
      out[i] = s + (sErr - e);
    }
  }
  return out;
}

/** a * b as an unevaluated sum p + e with p = fl(a * b) (Dekker / Veltkamp split). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  return [p, e];
}

function split(a: number): [number, number] {
  const c = 134217729 * a; // 2^27 + 1
  const hi = c - (c - a);
  return [hi, a - hi];
}

// Checks of metric inputs, with torchmetrics' messages.

/** The sorted distinct values of `t`, printed as torch prints `torch.unique(t)`. */
export function uniqueValuesText(t: Tensor): string {
  const seen = new Set<number>();
  for (let i = 0; i < t.data.length; i++) seen.add(t.data[i]);
  const sorted = [...seen].sort((a, b) => a - b);
  const dtype = t.dtype === "bool" ? "int64" : t.dtype;
  return String(new Tensor(toStorage(sorted, dtype), [sorted.length], dtype));
}

export function checkSameShape(preds: Tensor, target: Tensor): void {
  if (!sameShape(preds.shape, target.shape)) {
    throw new ShapeError(
      `Predictions and targets are expected to have the same shape, but got ${torchSize(preds)} and ${torchSize(target)}.`,
    );
  }
}

/** Binary (and multi-label) targets hold 0, 1 and the ignore index only. */
export function checkBinaryTargetValues(target: Tensor, ignoreIndex: number | null): void {
  const d = target.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v !== 0 && v !== 1 && v !== ignoreIndex) {
      const expected = ignoreIndex === null ? "[0, 1]" : `[${ignoreIndex}]`;
      throw new ValueError(
        `Detected the following values in \`target\`: ${uniqueValuesText(target)} but expected only the following values ${expected}.`,
      );
    }
  }
}

/** Integer predictions of a binary or multi-label metric are labels, 0 or 1. */
export function checkBinaryLabelPreds(preds: Tensor, quotedName: boolean): void {
  if (isFloat(preds)) return;
  const d = preds.data;
  for (let i = 0; i < d.length; i++) {
    if (d[i] !== 0 && d[i] !== 1) {
      const what = quotedName ? "`preds`" : "preds";
      throw new ValueError(
        `Detected the following values in \`preds\`: ${uniqueValuesText(preds)} but expected only the following values [0,1] since ${what} is a label tensor.`,
      );
    }
  }
}

/** The shapes multi-class inputs may have: (N, ...) labels for both, or (N, C, ...) scores and (N, ...) labels. */
export function checkMulticlassShapes(
  preds: Tensor, target: Tensor, numClasses: number | undefined, samplewise: boolean, confmatWording = false,
): void {
  if (preds.ndim === target.ndim + 1) {
    if (!isFloat(preds)) {
      throw new DTypeError("If `preds` have one dimension more than `target`, `preds` should be a float tensor.");
    }
    if (numClasses !== undefined && preds.shape[1] !== numClasses) {
      throw new ShapeError(
        "If `preds` have one dimension more than `target`, `preds.shape[1]` should be equal to number of classes.",
      );
    }
    if (!sameShape(preds.shape.slice(2), target.shape.slice(1)) || preds.shape[0] !== target.shape[0]) {
      throw new ShapeError(
        "If `preds` have one dimension more than `target`, the shape of `preds` should be (N, C, ...), and the shape of `target` should be (N, ...).",
      );
    }
    if (samplewise && preds.ndim < 3) {
      throw new ShapeError(
        "If `preds` have one dimension more than `target`, the shape of `preds` should be at least 3D when multidim_average is set to `samplewise`",
      );
    }
  } else if (preds.ndim === target.ndim) {
    if (!sameShape(preds.shape, target.shape)) {
      const detail = `got \`preds\` with shape=${torchSize(preds)} and \`target\` with shape=${torchSize(target)}.`;
      // torchmetrics' confusion-matrix check passes its message in two parts, printed as a tuple
      throw new ShapeError(
        confmatWording
          ? `('The \`preds\` and \`target\` should have the same shape,', ' ${detail}')`
          : `The \`preds\` and \`target\` should have the same shape, ${detail}`,
      );
    }
    if (samplewise && preds.ndim < 2) {
      throw new ShapeError(
        "When `preds` and `target` have the same shape, the shape of `preds` should be at least 2D when multidim_average is set to `samplewise`",
      );
    }
  } else {
    throw new ShapeError(
      "Either `preds` and `target` both should have the (same) shape (N, ...), or `target` should be (N, ...) and `preds` should be (N, C, ...).",
    );
  }
}

/** Multi-label inputs: the same shape (N, L, ...) with L labels. */
export function checkMultilabelShapes(preds: Tensor, target: Tensor, numLabels: number): void {
  checkSameShape(preds, target);
  if (preds.ndim < 2 || preds.shape[1] !== numLabels) {
    throw new ShapeError(
      `Expected both \`target.shape[1]\` and \`preds.shape[1]\` to be equal to the number of labels but got ${pyStr(preds.shape[1])} and expected ${numLabels}`,
    );
  }
}

export function checkFloatPreds(preds: Tensor, message: string): void {
  if (!isFloat(preds)) throw new DTypeError(message.replace("{dtype}", torchDtype(preds)));
}

/**
 * Targets of the curve metrics are labels. torchmetrics wants an integer tensor; Kindling's
 * `tensor([0, 1])` is float32 (JS has one number type), so a floating target of whole numbers
 * is accepted and only a fractional value is refused.
 */
export function checkIntegerTarget(target: Tensor, message: string): void {
  if (!isFloat(target)) return;
  const d = target.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isInteger(d[i])) throw new DTypeError(message.replace("{dtype}", torchDtype(target)));
  }
}
