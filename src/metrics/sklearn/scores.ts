/**
 * Per-label true positives, predicted and true totals (scikit-learn's
 * `multilabel_confusion_matrix`), from the same multi-class confusion-matrix core as the
 * torchmetrics face; per-sample for indicator matrices when asked ("samples" average).
 */
import { ValueError } from "../../errors.js";
import { multiclassConfmat } from "../core/multiclass-labels.js";
import { countsFromConfmat } from "../core/stat-counts.js";
import { indexLabels } from "./label-index.js";
import type { CheckedTargets, Label } from "./targets.js";
import { maxOf, minOf } from "../../util/extremes.js";

export interface LabelCounts {
  readonly tp: Float64Array;
  readonly predSum: Float64Array;
  readonly trueSum: Float64Array;
}

/**
 * Counts for `labels` (default: the present labels). Samples of other classes still count:
 * a sample of an unlisted class predicted as a listed one is that label's false positive.
 */
export function labelCounts(t: CheckedTargets, labels: readonly Label[] | null, samplewise = false): LabelCounts {
  if (t.type === "multilabel-indicator") return indicatorCounts(t, labels, samplewise);
  if (samplewise) throw new ValueError("Samplewise metrics are not available outside of multilabel classification.");
  const wanted = labels ?? t.present;
  const all = [...wanted, ...t.present.filter((l) => !wanted.includes(l))];
  const yt = t.yTrue.values, yp = t.yPred.values;
  const target = indexLabels(yt, all), pred = indexLabels(yp, all);
  const k = all.length;
  const c = countsFromConfmat(multiclassConfmat({ pred, target, rows: yt.length, perRow: 1 }, k), k);
  const n = wanted.length;
  return {
    tp: c.tp.slice(0, n),
    predSum: Float64Array.from({ length: n }, (_, i) => c.tp[i] + c.fp[i]),
    trueSum: Float64Array.from({ length: n }, (_, i) => c.tp[i] + c.fn[i]),
  };
}

function indicatorCounts(t: CheckedTargets, labels: readonly Label[] | null, samplewise: boolean): LabelCounts {
  if (t.yTrue.ndim !== 2 || t.yPred.ndim !== 2) throw new ValueError("multilabel-indicator targets must be 2-D");
  const { rows, cols } = t.yTrue;
  const cols2 = (labels ?? t.present) as number[];
  if (labels !== null) {
    const max = maxOf(cols2), min = minOf(cols2);
    if (max >= cols) throw new ValueError(`All labels must be in [0, n labels) for multilabel targets. Got ${max} > ${cols - 1}`);
    if (min < 0) throw new ValueError(`All labels must be in [0, n labels) for multilabel targets. Got ${min} < 0`);
  }
  const out = samplewise ? rows : cols2.length;
  const tp = new Float64Array(out), predSum = new Float64Array(out), trueSum = new Float64Array(out);
  const yt = t.yTrue.values, yp = t.yPred.values;
  for (let r = 0; r < rows; r++) {
    cols2.forEach((c, j) => {
      const a = yt[r * cols + c] !== 0 ? 1 : 0, b = yp[r * cols + c] !== 0 ? 1 : 0;
      const o = samplewise ? r : j;
      tp[o] += a & b;
      predSum[o] += b;
      trueSum[o] += a;
    });
  }
  return { tp, predSum, trueSum };
}
