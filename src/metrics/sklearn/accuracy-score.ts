/** scikit-learn's `accuracy_score`: the share (or number) of samples predicted exactly right. */
import { checkTargets, type LabelInput } from "./targets.js";

export interface AccuracyScoreOptions {
  /** false: the number of right samples instead of their share. */
  normalize?: boolean;
}

export function accuracyScore(yTrue: LabelInput, yPred: LabelInput, options: AccuracyScoreOptions = {}): number {
  const t = checkTargets(yTrue, yPred);
  let right = 0, n = 0;
  if (t.yTrue.ndim === 2 && t.yPred.ndim === 2) {
    // indicator matrices: a sample is right when every label is
    const { rows, cols } = t.yTrue;
    for (let r = 0; r < rows; r++) {
      let same = true;
      for (let c = 0; c < cols; c++) if ((t.yTrue.values[r * cols + c] !== 0) !== (t.yPred.values[r * cols + c] !== 0)) same = false;
      if (same) right++;
    }
    n = rows;
  } else {
    const a = t.yTrue.values, b = t.yPred.values;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) right++;
    n = a.length;
  }
  return options.normalize ?? true ? right / n : right;
}
