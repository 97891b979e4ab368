/**
 * Multi-class inputs turned into one predicted label and one target label per position.
 * Scores (N, C, ...) give the arg-max class; with top-k, a position counts as right when its
 * target is among the k best scores (torchmetrics then predicts the target, else the best
 * class). Targets equal to the ignore index become -1 and count nowhere.
 */
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { isFloat } from "../internal/tensors.js";
import { uniqueValuesText } from "../internal/validate-tensors.js";

export interface MulticlassLabels {
  readonly pred: Int32Array;
  /** Target class per position, -1 where ignored. */
  readonly target: Int32Array;
  /** Samples (first dimension) and positions per sample. */
  readonly rows: number;
  readonly perRow: number;
}

export interface LabelOptions {
  numClasses: number | undefined;
  topK: number;
  ignoreIndex: number | null;
  /** Run torchmetrics' count of distinct labels before Kindling's range check (validateArgs). */
  checkUniqueCounts: boolean;
  /** The confusion-matrix family words that count's message differently. */
  confmatWording?: boolean;
}

export function decodeMulticlass(preds: Tensor, target: Tensor, o: LabelOptions): MulticlassLabels {
  const n = target.data.length;
  const rows = target.ndim === 0 ? 1 : target.shape[0];
  const perRow = rows === 0 ? 0 : n / rows;
  const tgt = new Int32Array(n);
  const t = target.data;
  for (let i = 0; i < n; i++) tgt[i] = o.ignoreIndex !== null && t[i] === o.ignoreIndex ? -1 : Math.trunc(t[i]);
  const pred = preds.ndim === target.ndim + 1 ? fromScores(preds, tgt, o.topK) : truncLabels(preds);
  if (o.numClasses !== undefined) checkRange(preds, target, pred, tgt, o);
  return { pred, target: tgt, rows, perRow };
}

function truncLabels(preds: Tensor): Int32Array {
  const out = new Int32Array(preds.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.trunc(preds.data[i]);
  return out;
}

/** Arg-max (first of equal maxima, as torch.argmax) or the top-k rule over axis 1 of (N, C, X). */
function fromScores(preds: Tensor, target: Int32Array, topK: number): Int32Array {
  const s = preds.data;
  const c = preds.shape[1];
  const inner = preds.data.length / Math.max(1, preds.shape[0] * c);
  const out = new Int32Array(target.length);
  for (let r = 0, pos = 0; r < preds.shape[0]; r++) {
    const base = r * c * inner;
    for (let x = 0; x < inner; x++, pos++) {
      let best = 0;
      let bestVal = s[base + x];
      for (let k = 1; k < c; k++) {
        const v = s[base + k * inner + x];
        if (v > bestVal) {
          best = k;
          bestVal = v;
        }
      }
      out[pos] = best;
      const t = target[pos];
      if (topK > 1 && t >= 0 && t < c) {
        // the target is among the k best when fewer than k classes outrank it
        const tv = s[base + t * inner + x];
        let ahead = 0;
        for (let k = 0; k < c; k++) {
          const v = s[base + k * inner + x];
          if (v > tv || (v === tv && k < t)) ahead++;
        }
        if (ahead < topK) out[pos] = t;
      }
    }
  }
  return out;
}

function checkRange(preds: Tensor, target: Tensor, pred: Int32Array, tgt: Int32Array, o: LabelOptions): void {
  const c = o.numClasses ?? 0;
  let badTarget = false;
  let badPred = false;
  for (let i = 0; i < tgt.length; i++) {
    const t = tgt[i];
    if (t === -1 && o.ignoreIndex !== null && target.data[i] === o.ignoreIndex) continue;
    if (t < 0 || t >= c) badTarget = true;
    else if (pred[i] < 0 || pred[i] >= c) badPred = true;
  }
  if (!badTarget && !badPred) return;
  if (o.checkUniqueCounts && !isFloat(preds)) {
    // torchmetrics' own check: no more distinct labels than classes (plus the ignore index)
    const allowed = o.ignoreIndex === null ? c : c + 1;
    for (const [t, name] of [[target, "target"], [preds, "preds"]] as const) {
      const distinct = new Set(t.data).size;
      if (distinct > allowed) {
        throw new ValueError(
          o.confmatWording
            ? `Detected more unique values in \`${name}\` than expected. Expected only ${allowed} but found ${distinct} in \`target\`.`
            : `Detected more unique values in \`${name}\` than expected. Expected only ${allowed} but found ${distinct} in \`${name}\`. Found values: ${uniqueValuesText(t)}.`,
        );
      }
    }
  }
  const [t, name] = badTarget ? [target, "target"] : [preds, "preds"];
  const also = o.ignoreIndex === null ? "" : ` or the ignore_index ${o.ignoreIndex}`;
  throw new ValueError(
    `Detected the following values in \`${name}\`: ${uniqueValuesText(t)} but expected only class labels in [0, ${c - 1}] (num_classes=${c})${also}.`,
  );
}

/** The C x C confusion matrix (rows: target, columns: prediction) of the kept positions. */
export function multiclassConfmat(lab: MulticlassLabels, numClasses: number): Float64Array {
  const m = new Float64Array(numClasses * numClasses);
  for (let i = 0; i < lab.target.length; i++) {
    const t = lab.target[i];
    if (t >= 0) m[t * numClasses + lab.pred[i]]++;
  }
  return m;
}
