/** ROC curves: false- and true-positive rates at every threshold. */
import type { CurveKind } from "../reduce/curve-columns.js";
import {
  BinaryThresholdCurve, MulticlassThresholdCurve, MultilabelThresholdCurve, thresholdCurveWrapper,
} from "./threshold-curves.js";

export class BinaryROC extends BinaryThresholdCurve {
  protected get kind(): CurveKind { return "roc"; }
}

export class MulticlassROC extends MulticlassThresholdCurve {
  protected get kind(): CurveKind { return "roc"; }
}

export class MultilabelROC extends MultilabelThresholdCurve {
  protected get kind(): CurveKind { return "roc"; }
}

export type ROC = BinaryROC | MulticlassROC | MultilabelROC;
export const ROC = thresholdCurveWrapper("ROC", BinaryROC, MulticlassROC, MultilabelROC);
