/** Stat counts of multi-class labels: from the confusion matrix, or per sample for "samplewise". */
import { ValueError } from "../../errors.js";
import type { MulticlassLabels } from "./multiclass-labels.js";
import { multiclassConfmat } from "./multiclass-labels.js";
import { countsFromConfmat, type StatCounts } from "./stat-counts.js";

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
