/**
 * From inputs to counts: binary and multi-label scores become 0/1 decisions, multi-class
 * scores become labels, and both become the tp / fp / tn / fn counts that the stat-score and
 * confusion-matrix families reduce.
 */
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { isFloat, needsNormalizing, uniqueValuesText } from "./tensors.js";
import { libm } from "../../backend/libm.js";

// Binary and multi-label inputs turned into 0/1 decisions: scores are squashed when they are
// logits and compared with the threshold, labels are kept; targets equal to the ignore index
// are marked -1 so that every count skips them.

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
    if (logits) v = f32 ? Math.fround(1 / (1 + libm.exp(-v))) : 1 / (1 + libm.exp(-v));
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

// The stat-score core: true/false positives/negatives per class, pooled over everything
// ("global", one row) or kept per sample ("samplewise", one row per sample). Every metric of
// the accuracy family is a reduction of these counts; they are exact whole numbers in float64.

export interface StatCounts {
  readonly tp: Float64Array;
  readonly fp: Float64Array;
  readonly tn: Float64Array;
  readonly fn: Float64Array;
  /** 1 for global counts, the number of samples for samplewise ones. */
  readonly rows: number;
  /** Number of classes or labels (1 for binary). */
  readonly cols: number;
  readonly samplewise: boolean;
}

export function emptyCounts(cols: number, samplewise: boolean): StatCounts {
  const rows = samplewise ? 0 : 1;
  const z = (): Float64Array => new Float64Array(rows * cols);
  return { tp: z(), fp: z(), tn: z(), fn: z(), rows, cols, samplewise };
}

/** Accumulation across updates: global counts add up, samplewise rows are appended. */
export function mergeCounts(a: StatCounts, b: StatCounts): StatCounts {
  if (!a.samplewise) {
    const add = (x: Float64Array, y: Float64Array): Float64Array => x.map((v, i) => v + y[i]);
    return { ...a, tp: add(a.tp, b.tp), fp: add(a.fp, b.fp), tn: add(a.tn, b.tn), fn: add(a.fn, b.fn) };
  }
  const cat = (x: Float64Array, y: Float64Array): Float64Array => {
    const out = new Float64Array(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  return { ...a, tp: cat(a.tp, b.tp), fp: cat(a.fp, b.fp), tn: cat(a.tn, b.tn), fn: cat(a.fn, b.fn), rows: a.rows + b.rows };
}

/** Counts of 0/1 decisions; targets other than 0 and 1 (the ignored ones) count nowhere. */
export function countDecisions(d: BinaryDecisions, samplewise: boolean): StatCounts {
  const rows = samplewise ? d.rows : 1;
  const size = rows * d.cols;
  const tp = new Float64Array(size), fp = new Float64Array(size), tn = new Float64Array(size), fn = new Float64Array(size);
  let i = 0;
  for (let r = 0; r < d.rows; r++) {
    const base = samplewise ? r * d.cols : 0;
    for (let col = 0; col < d.cols; col++) {
      const o = base + col;
      for (let x = 0; x < d.inner; x++, i++) {
        const t = d.target[i];
        const p = d.pred[i];
        if (t === 1) {
          if (p === 1) tp[o]++;
          else fn[o]++;
        } else if (t === 0) {
          if (p === 0) tn[o]++;
          else fp[o]++;
        }
      }
    }
  }
  return { tp, fp, tn, fn, rows, cols: d.cols, samplewise };
}

/** Per-class counts of a multi-class confusion matrix (rows: target, columns: prediction). */
export function countsFromConfmat(confmat: Float64Array, numClasses: number): StatCounts {
  const c = numClasses;
  const tp = new Float64Array(c), fp = new Float64Array(c), tn = new Float64Array(c), fn = new Float64Array(c);
  let total = 0;
  for (let i = 0; i < c * c; i++) total += confmat[i];
  for (let k = 0; k < c; k++) {
    let row = 0, col = 0;
    for (let j = 0; j < c; j++) {
      row += confmat[k * c + j];
      col += confmat[j * c + k];
    }
    tp[k] = confmat[k * c + k];
    fp[k] = col - tp[k];
    fn[k] = row - tp[k];
    tn[k] = total - tp[k] - fp[k] - fn[k];
  }
  return { tp, fp, tn, fn, rows: 1, cols: c, samplewise: false };
}

// Multi-class inputs turned into one predicted label and one target label per position.
// Scores (N, C, ...) give the arg-max class; with top-k, a position counts as right when its
// target is among the k best scores (torchmetrics then predicts the target, else the best
// class). Targets equal to the ignore index become -1 and count nowhere.

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

// Stat counts of multi-class labels: from the confusion matrix, or per sample for "samplewise".

export function countMulticlass(lab: MulticlassLabels, numClasses: number | undefined, samplewise: boolean): StatCounts {
  if (numClasses === undefined) {
    if (samplewise) throw new ValueError("`num_classes` is needed when multidim_average is set to `samplewise`");
    return collapsedMicro(lab);
  }
  if (!samplewise) return countsFromConfmat(multiclassConfmat(lab, numClasses), numClasses);
  const c = numClasses;
  const size = lab.rows * c;
  const tp = new Float64Array(size), fp = new Float64Array(size), tn = new Float64Array(size), fn = new Float64Array(size);
  for (let r = 0; r < lab.rows; r++) {
    let kept = 0;
    for (let i = r * lab.perRow; i < (r + 1) * lab.perRow; i++) {
      const t = lab.target[i];
      if (t < 0) continue;
      kept++;
      const p = lab.pred[i];
      if (p === t) tp[r * c + t]++;
      else {
        fp[r * c + p]++;
        fn[r * c + t]++;
      }
    }
    for (let k = r * c; k < (r + 1) * c; k++) tn[k] = kept - tp[k] - fp[k] - fn[k];
  }
  return { tp, fp, tn, fn, rows: lab.rows, cols: c, samplewise: true };
}

/**
 * Without a number of classes only the micro average is defined (torchmetrics counts as if
 * there were one class): right answers are true positives, wrong ones both false positives
 * and false negatives.
 */
function collapsedMicro(lab: MulticlassLabels): StatCounts {
  let right = 0, wrong = 0;
  for (let i = 0; i < lab.target.length; i++) {
    if (lab.target[i] < 0) continue;
    if (lab.pred[i] === lab.target[i]) right++;
    else wrong++;
  }
  const tn = right + wrong - (right + 2 * wrong);
  const one = (x: number): Float64Array => Float64Array.of(x);
  return { tp: one(right), fp: one(wrong), tn: one(tn), fn: one(wrong), rows: 1, cols: 1, samplewise: false };
}
