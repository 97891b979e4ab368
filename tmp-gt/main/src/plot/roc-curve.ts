/**
 * The ROC curve of scores against binary targets, from kd.metrics.binaryRoc (torchmetrics'
 * binary_roc: one point per distinct score, from (0, 0) to (1, 1); logits are passed
 * through a sigmoid, which keeps their order), and the area under it by the trapezoid rule.
 */
import { ValueError } from "../errors.js";
import { binaryRoc } from "../metrics/curves.js";
import { fromArray } from "../tensor/creation.js";

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /** The probability at or above which a sample counts as positive, per point (1 first). */
  thresholds: number[];
  auc: number;
}

/** `positive[i]` says whether sample i belongs to the positive class. */
export function rocCurve(scores: readonly number[], positive: readonly boolean[]): RocCurve {
  if (scores.length !== positive.length) throw new ValueError(`rocCurve: ${scores.length} scores for ${positive.length} targets`);
  if (scores.some((s) => Number.isNaN(s))) throw new ValueError("rocCurve: the scores contain NaN");
  const totalPos = positive.filter(Boolean).length;
  const totalNeg = positive.length - totalPos;
  if (totalPos === 0 || totalNeg === 0) {
    // torchmetrics would return a flat curve with a warning; a figure of it would mislead.
    throw new ValueError(`rocCurve: needs both positive and negative samples, got ${totalPos} positive and ${totalNeg} negative`);
  }
  const [fprT, tprT, thresholdsT] = binaryRoc(
    fromArray(Float64Array.from(scores), [scores.length], { dtype: "float64" }),
    fromArray(positive.map(Number), [positive.length], { dtype: "int64" }),
  );
  const fpr = Array.from(fprT.data);
  const tpr = Array.from(tprT.data);
  let auc = 0;
  for (let k = 1; k < fpr.length; k++) auc += ((fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1])) / 2;
  return { fpr, tpr, thresholds: Array.from(thresholdsT.data), auc };
}
