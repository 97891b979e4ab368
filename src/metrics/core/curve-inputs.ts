/**
 * Curve inputs as torchmetrics formats them: scores in rows of `cols` values (probabilities,
 * squashed when the batch holds logits) and their targets, ignored positions handled as each
 * task handles them.
 */
import { DTypeError, ShapeError, ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { sigmoidIfNeeded, softmaxRowsIfNeeded } from "../internal/normalize.js";
import { torchDtype, torchSize } from "../internal/py.js";
import { floatValues, isFloat, type FloatArray } from "../internal/tensors.js";
import {
  checkBinaryTargetValues, checkFloatPreds, checkIntegerTarget, checkMultilabelShapes, checkSameShape,
  uniqueValuesText,
} from "../internal/validate-tensors.js";
import type { CurveConfig } from "./curve-config.js";

/**
 * Scores [rows, cols] and targets: one label per row for binary and multi-class inputs, one
 * 0/1 per score for multi-label inputs, where -1 marks an ignored score.
 */
export interface CurveBatch {
  readonly scores: FloatArray;
  readonly target: Int32Array;
  readonly rows: number;
  readonly cols: number;
}

function checkBinaryCurveInputs(preds: Tensor, target: Tensor, ignoreIndex: number | null): void {
  checkSameShape(preds, target);
  checkIntegerTarget(target, "Expected argument `target` to be an int or long tensor with ground truth labels but got tensor with dtype {dtype}");
  checkFloatPreds(preds, "Expected argument `preds` to be an floating tensor with probability/logit scores, but got tensor with dtype {dtype}");
  checkBinaryTargetValues(target, ignoreIndex);
}

/** Binary: flattened, ignored positions dropped, then squashed when they are logits. */
export function binaryCurveBatch(preds: Tensor, target: Tensor, cfg: CurveConfig): CurveBatch {
  if (cfg.validateArgs) checkBinaryCurveInputs(preds, target, cfg.ignoreIndex);
  const { scores, labels } = keep(floatValues(preds), target.data, 1, cfg.ignoreIndex);
  return { scores: sigmoidIfNeeded(scores), target: labels, rows: labels.length, cols: 1 };
}

/** Multi-class: (N, C, ...) scores to rows of C, ignored rows dropped, softmax when they are logits. */
export function multiclassCurveBatch(preds: Tensor, target: Tensor, cfg: CurveConfig): CurveBatch {
  const c = cfg.cols;
  if (cfg.validateArgs) checkMulticlassCurveInputs(preds, target, c, cfg.ignoreIndex);
  const rowsFirst = classesLast(floatValues(preds), preds.shape[0] ?? 0, c);
  const { scores, labels } = keep(rowsFirst, target.data, c, cfg.ignoreIndex);
  for (const t of labels) {
    if (t < 0 || t >= c) {
      throw new ValueError(
        `Detected the following values in \`target\`: ${uniqueValuesText(target)} but expected only class labels in [0, ${c - 1}] (num_classes=${c})${cfg.ignoreIndex === null ? "" : ` or the ignore_index ${cfg.ignoreIndex}`}.`,
      );
    }
  }
  return { scores: softmaxRowsIfNeeded(scores, c), target: labels, rows: labels.length, cols: c };
}

/** Multi-class scores pooled one-vs-rest: every score a binary score, its target 1 for the true class. */
export function microBatch(b: CurveBatch): CurveBatch {
  const target = new Int32Array(b.rows * b.cols);
  for (let r = 0; r < b.rows; r++) target[r * b.cols + b.target[r]] = 1;
  return { scores: b.scores, target, rows: b.rows * b.cols, cols: 1 };
}

/** Multi-label: (N, L, ...) to rows of L, squashed when logits; ignored scores are marked, not dropped. */
export function multilabelCurveBatch(preds: Tensor, target: Tensor, cfg: CurveConfig): CurveBatch {
  const l = cfg.cols;
  if (cfg.validateArgs) {
    checkBinaryCurveInputs(preds, target, cfg.ignoreIndex);
    checkMultilabelShapes(preds, target, l);
  }
  const n = preds.shape[0];
  const scores = sigmoidIfNeeded(classesLast(floatValues(preds), n, l));
  const t = classesLast(Float64Array.from(target.data), n, l);
  const labels = new Int32Array(t.length);
  for (let i = 0; i < t.length; i++) labels[i] = cfg.ignoreIndex !== null && t[i] === cfg.ignoreIndex ? -1 : t[i];
  return { scores, target: labels, rows: labels.length / l, cols: l };
}

function checkMulticlassCurveInputs(preds: Tensor, target: Tensor, c: number, ignoreIndex: number | null): void {
  if (preds.ndim !== target.ndim + 1) {
    throw new ShapeError(`Expected \`preds\` to have one more dimension than \`target\` but got ${preds.ndim} and ${target.ndim}`);
  }
  checkIntegerTarget(target, "Expected argument `target` to be an int or long tensor, but got tensor with dtype {dtype}");
  if (!isFloat(preds)) throw new DTypeError(`Expected \`preds\` to be a float tensor, but got ${torchDtype(preds)}`);
  if (preds.shape[1] !== c) {
    throw new ShapeError(`Expected \`preds.shape[1]\` to be equal to the number of classes but got ${preds.shape[1]} and ${c}.`);
  }
  const rest = preds.shape.slice(2);
  if (preds.shape[0] !== target.shape[0] || rest.length !== target.ndim - 1 || rest.some((s, i) => s !== target.shape[i + 1])) {
    throw new ShapeError(
      `Expected the shape of \`preds\` should be (N, C, ...) and the shape of \`target\` should be (N, ...) but got ${torchSize(preds)} and ${torchSize(target)}`,
    );
  }
  const distinct = new Set(target.data).size;
  const allowed = ignoreIndex === null ? c : c + 1;
  if (distinct > allowed) {
    throw new ValueError(
      `Detected more unique values in \`target\` than \`num_classes\`. Expected only ${allowed} but found ${distinct} in \`target\`.`,
    );
  }
}

/** (N, C, X) row-major to (N * X, C): one row of C values per position, positions in (n, x) order. */
function classesLast(v: FloatArray, n: number, c: number): FloatArray {
  const inner = n * c === 0 ? 0 : v.length / (n * c);
  if (inner === 1) return v;
  const out = v instanceof Float32Array ? new Float32Array(v.length) : new Float64Array(v.length);
  let o = 0;
  for (let a = 0; a < n; a++) for (let x = 0; x < inner; x++) for (let k = 0; k < c; k++) out[o++] = v[(a * c + k) * inner + x];
  return out;
}

/** Drops the rows whose target is the ignore index. */
function keep(
  scores: FloatArray, target: ArrayLike<number>, cols: number, ignoreIndex: number | null,
): { scores: FloatArray; labels: Int32Array } {
  let kept = 0;
  for (let i = 0; i < target.length; i++) if (ignoreIndex === null || target[i] !== ignoreIndex) kept++;
  const labels = new Int32Array(kept);
  const out = scores instanceof Float32Array ? new Float32Array(kept * cols) : new Float64Array(kept * cols);
  for (let i = 0, k = 0; i < target.length; i++) {
    if (ignoreIndex !== null && target[i] === ignoreIndex) continue;
    labels[k] = target[i];
    for (let c = 0; c < cols; c++) out[k * cols + c] = scores[i * cols + c];
    k++;
  }
  return { scores: out, labels };
}
