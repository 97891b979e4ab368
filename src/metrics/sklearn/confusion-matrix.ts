/**
 * scikit-learn's `confusion_matrix`: rows are true labels, columns predictions, in the order of
 * `labels` (default: every label present, sorted); samples with a label outside it are left out.
 */
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { multiclassConfmat } from "../core/multiclass-labels.js";
import { floatTensor, i64 } from "../internal/tensors.js";
import { indexLabels } from "./label-index.js";
import { checkTargets, type Label, type LabelInput } from "./targets.js";

export interface SklearnConfusionMatrixOptions {
  labels?: readonly Label[] | null;
  /** Divide by the true totals ("true"), predicted totals ("pred") or everything ("all"); 0/0 gives 0. */
  normalize?: "true" | "pred" | "all" | null;
}

export function confusionMatrix(yTrue: LabelInput, yPred: LabelInput, options: SklearnConfusionMatrixOptions = {}): Tensor {
  const t = checkTargets(yTrue, yPred);
  if (t.type === "multilabel-indicator") throw new ValueError(`${t.type} is not supported`);
  const yt = t.yTrue.values, yp = t.yPred.values;
  const labels = options.labels ?? t.present;
  if (options.labels) {
    if (labels.length === 0) throw new ValueError("'labels' should contain at least one label.");
    if (!Array.from(indexLabels(yt, labels)).some((i) => i >= 0)) {
      throw new ValueError("At least one label specified must be in y_true");
    }
  }
  const target = indexLabels(yt, labels), pred = indexLabels(yp, labels);
  for (let i = 0; i < yt.length; i++) {
    // a sample leaves the matrix when either of its labels is not listed
    if (pred[i] < 0) target[i] = -1;
  }
  const k = labels.length;
  const cm = multiclassConfmat({ pred, target, rows: yt.length, perRow: 1 }, k);
  const normalize = options.normalize ?? null;
  if (normalize === null) return i64(cm, [k, k]);
  const out = new Float64Array(k * k);
  let all = 0;
  for (const v of cm) all += v;
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      let den = all;
      if (normalize === "true") den = cm.subarray(r * k, r * k + k).reduce((a, b) => a + b, 0);
      else if (normalize === "pred") den = Array.from({ length: k }, (_, i) => cm[i * k + c]).reduce((a, b) => a + b, 0);
      const v = cm[r * k + c] / den;
      out[r * k + c] = Number.isNaN(v) ? 0 : v;
    }
  }
  return floatTensor(out, [k, k], "float64");
}
