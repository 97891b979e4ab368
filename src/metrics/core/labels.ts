/**
 * Binary and multi-label inputs turned into 0/1 decisions: scores are squashed when they are
 * logits and compared with the threshold, labels are kept; targets equal to the ignore index
 * are marked -1 so that every count skips them.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { needsNormalizing } from "../internal/normalize.js";
import { isFloat } from "../internal/tensors.js";

/** Decisions laid out as [rows, cols, inner]: samples, labels (1 for binary), the other dimensions. */
export interface BinaryDecisions {
  readonly pred: Int32Array;
  readonly target: Int32Array;
  readonly rows: number;
  readonly cols: number;
  readonly inner: number;
}

export interface DecideOptions {
  threshold: number;
  ignoreIndex: number | null;
  /** Number of labels: 1 for binary inputs, L for multi-label (N, L, ...) inputs. */
  cols: number;
  /**
   * Which scores decide between probabilities and logits: all of them (stat scores and the
   * multi-label confusion matrix) or only those whose target is kept (the binary confusion
   * matrix drops ignored positions first).
   */
  logitScope: "all" | "kept";
}

export function decideBinary(preds: Tensor, target: Tensor, o: DecideOptions): BinaryDecisions {
  const n = target.data.length;
  const rows = target.ndim === 0 ? 1 : target.shape[0];
  const inner = rows === 0 ? 0 : n / rows / o.cols;
  const t = target.data;
  const tOut = new Int32Array(n);
  for (let i = 0; i < n; i++) tOut[i] = o.ignoreIndex !== null && t[i] === o.ignoreIndex ? -1 : t[i];
  const p = preds.data;
  const pOut = new Int32Array(n);
  if (!isFloat(preds)) {
    for (let i = 0; i < n; i++) pOut[i] = p[i];
    return { pred: pOut, target: tOut, rows, cols: o.cols, inner };
  }
  const logits = o.logitScope === "all" ? needsNormalizing(p) : keptNeedNormalizing(p, tOut);
  // torch compares in the scores' precision: a float32 batch meets a float32 threshold
  const f32 = preds.dtype === "float32";
  const thr = f32 ? Math.fround(o.threshold) : o.threshold;
  for (let i = 0; i < n; i++) {
    let v = p[i];
    if (logits) v = f32 ? Math.fround(1 / (1 + Math.exp(-v))) : 1 / (1 + Math.exp(-v));
    pOut[i] = v > thr ? 1 : 0;
  }
  return { pred: pOut, target: tOut, rows, cols: o.cols, inner };
}

function keptNeedNormalizing(p: ArrayLike<number>, target: Int32Array): boolean {
  for (let i = 0; i < p.length; i++) {
    if (target[i] !== -1 && !(p[i] >= 0 && p[i] <= 1)) return true;
  }
  return false;
}
