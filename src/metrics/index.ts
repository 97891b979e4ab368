/**
 * `kd.metrics`: classification metrics in torchmetrics' shape (functions and stateful classes
 * for the binary, multiclass and multilabel tasks, `MetricCollection`), scikit-learn's
 * `classificationReport` and a `sklearn` namespace, the tutorial's `accuracyFn`, and the regression
 * metrics R2Score and MeanSquaredError.
 */
export type { Task, Average, MultidimAverage, Thresholds, ZeroDivision, CommonOptions } from "./core/common.js";
export type { BinaryStatOptions, MulticlassStatOptions, MultilabelStatOptions } from "./core/stat-state.js";
export type { StatTaskOptions } from "./core/stat-state.js";

export { Metric, type MetricLike } from "./metric.js";

// the stat-score family: one count of tp / fp / tn / fn under all of them
export * from "./stat-scores.js";
export * from "./precision-recall.js";


// the confusion-matrix family
export type {
  BinaryConfmatOptions, MulticlassConfmatOptions, MultilabelConfmatOptions, NormalizeOption, Normalize,
} from "./core/confmat-state.js";
export type { ConfmatTaskOptions } from "./core/confmat-state.js";
export * from "./confusion-matrix.js";

// curves and the areas under them
export type {
  BinaryCurveOptions, MulticlassCurveOptions, MultilabelCurveOptions, CurveAverage,
} from "./core/curve-state.js";
export type { CurveTaskOptions } from "./core/curve-state.js";
export type { CurveTriple, CurveLists, CurveResult } from "./reduce/curves.js";
// (named one by one: these files also export the base classes their metrics extend)
export {
  BinaryPrecisionRecallCurve, MulticlassPrecisionRecallCurve, MultilabelPrecisionRecallCurve, PrecisionRecallCurve,
  BinaryROC, MulticlassROC, MultilabelROC, ROC,
  binaryPrecisionRecallCurve, multiclassPrecisionRecallCurve, multilabelPrecisionRecallCurve, precisionRecallCurve,
  binaryRoc, multiclassRoc, multilabelRoc, roc,
  type CurveAverageOption, type CurveWrapperOptions,
} from "./curves.js";
export {
  BinaryAUROC, MulticlassAUROC, MultilabelAUROC, AUROC,
  BinaryAveragePrecision, MulticlassAveragePrecision, MultilabelAveragePrecision, AveragePrecision,
  binaryAuroc, multiclassAuroc, multilabelAuroc, auroc,
  binaryAveragePrecision, multiclassAveragePrecision, multilabelAveragePrecision, averagePrecision,
  type AurocTaskOptions, type AveragePrecisionTaskOptions, type CurveScoreAverage, type MaxFprOption, type ScoreAverageOption,
} from "./curve-scores.js";

// calibration
export {
  BinaryCalibrationError, MulticlassCalibrationError, CalibrationError,
  binaryCalibrationError, multiclassCalibrationError, calibrationError,
  type CalibrationNorm, type CalibrationOptions, type MulticlassCalibrationOptions, type CalibrationTaskOptions,
} from "./calibration.js";

export { MetricCollection } from "./collection.js";
export type { MetricOutput, CollectionInput, CollectionMember, MetricCollectionOptions } from "./collection.js";

// scikit-learn's face, and the tutorial's helper
export * as sklearn from "./sklearn/index.js";
export {
  classificationReport, type ClassificationReportOptions, type ClassificationReportDict, type ReportRow,
} from "./sklearn/classification-report.js";

export { accuracyFn, accuracyFnAsync } from "./accuracy-fn.js";

// regression
export { r2Score, meanSquaredError, R2Score, MeanSquaredError, type MeanSquaredErrorOptions } from "./regression.js";
