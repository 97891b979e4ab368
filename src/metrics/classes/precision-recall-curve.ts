/** Precision-recall curves: precision and recall at every threshold. */
import type { CurveKind } from "../reduce/curve-columns.js";
import {
  BinaryThresholdCurve, MulticlassThresholdCurve, MultilabelThresholdCurve, thresholdCurveWrapper,
} from "./threshold-curves.js";

export type { CurveAverageOption, CurveWrapperOptions } from "./threshold-curves.js";

export class BinaryPrecisionRecallCurve extends BinaryThresholdCurve {
  protected get kind(): CurveKind { return "pr"; }
}

export class MulticlassPrecisionRecallCurve extends MulticlassThresholdCurve {
  protected get kind(): CurveKind { return "pr"; }
}

export class MultilabelPrecisionRecallCurve extends MultilabelThresholdCurve {
  protected get kind(): CurveKind { return "pr"; }
}

export type PrecisionRecallCurve = BinaryPrecisionRecallCurve | MulticlassPrecisionRecallCurve | MultilabelPrecisionRecallCurve;
export const PrecisionRecallCurve = thresholdCurveWrapper(
  "PrecisionRecallCurve", BinaryPrecisionRecallCurve, MulticlassPrecisionRecallCurve, MultilabelPrecisionRecallCurve,
);
