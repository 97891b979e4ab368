/** The `average` of AUROC and average precision: macro, weighted, per class, and micro for multi-label. */
import { ValueError } from "../../errors.js";
import { pyStr, pyTuple } from "../internal/py.js";

export type CurveScoreAverage = "micro" | "macro" | "weighted" | "none" | null;

const MULTICLASS: readonly CurveScoreAverage[] = ["macro", "weighted", "none", null];
const MULTILABEL: readonly CurveScoreAverage[] = ["micro", "macro", "weighted", "none", null];

export function scoreAverage(
  o: { average?: CurveScoreAverage; validateArgs?: boolean }, task: "multiclass" | "multilabel",
): CurveScoreAverage {
  const average = o.average === undefined ? "macro" : o.average;
  const allowed = task === "multiclass" ? MULTICLASS : MULTILABEL;
  if ((o.validateArgs ?? true) && !allowed.includes(average)) {
    throw new ValueError(`Expected argument \`average\` to be one of ${pyTuple(allowed)} but got ${pyStr(average)}`);
  }
  return average;
}

export interface ScoreAverageOption {
  /** Default "macro". */
  average?: CurveScoreAverage;
}
