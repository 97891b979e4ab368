/**
 * `kd.metrics`: classification metrics in torchmetrics' shape (functions and stateful classes
 * for the binary, multiclass and multilabel tasks, `MetricCollection`), scikit-learn's
 * `classificationReport` and a `sklearn` namespace, and the tutorial's `accuracyFn`.
 */
export type { Task, Average, MultidimAverage, Thresholds, ZeroDivision, CommonOptions } from "./internal/types.js";
export type { BinaryStatOptions, MulticlassStatOptions, MultilabelStatOptions } from "./core/stat-config.js";
export type { StatTaskOptions } from "./functional/stat-task.js";

export { Metric, type MetricLike } from "./classes/metric.js";

// the stat-score family: one count of tp / fp / tn / fn under all of them
export * from "./functional/stat-scores.js";
export * from "./functional/accuracy.js";
export * from "./functional/precision.js";
export * from "./functional/recall.js";
export * from "./functional/f1-score.js";
export * from "./functional/fbeta-score.js";
export * from "./functional/specificity.js";
export * from "./functional/hamming-distance.js";

export * from "./classes/stat-scores.js";
export * from "./classes/accuracy.js";
export * from "./classes/precision-recall.js";
export * from "./classes/f-beta.js";
export * from "./classes/specificity.js";
export * from "./classes/hamming.js";

// the confusion-matrix family
export type {
  BinaryConfmatOptions, MulticlassConfmatOptions, MultilabelConfmatOptions, NormalizeOption, Normalize,
} from "./core/confmat-config.js";
export type { ConfmatTaskOptions } from "./functional/confmat-task.js";
export * from "./functional/confusion-matrix.js";
export * from "./functional/jaccard-index.js";
export * from "./functional/matthews-corrcoef.js";
export * from "./functional/cohen-kappa.js";
export * from "./classes/confusion-matrix.js";
export * from "./classes/jaccard.js";
export * from "./classes/matthews.js";
export * from "./classes/cohen-kappa.js";

// curves and the areas under them
export type {
  BinaryCurveOptions, MulticlassCurveOptions, MultilabelCurveOptions, CurveAverage,
} from "./core/curve-config.js";
export type { CurveTaskOptions } from "./functional/curve-task.js";
export type { CurveTriple, CurveLists, CurveResult } from "./reduce/curve-outputs.js";
export type { CurveScoreAverage } from "./classes/curve-average.js";
export * from "./functional/precision-recall-curve.js";
export * from "./functional/roc.js";
export * from "./functional/auroc.js";
export * from "./functional/average-precision.js";
export * from "./classes/precision-recall-curve.js";
export * from "./classes/roc.js";
export * from "./classes/auroc.js";
export * from "./classes/average-precision.js";

// calibration
export type { CalibrationOptions, MulticlassCalibrationOptions, CalibrationTaskOptions } from "./classes/calibration-error.js";
export * from "./functional/calibration-error.js";
export * from "./classes/calibration-error.js";

export { MetricCollection } from "./collection.js";
export type { MetricOutput, CollectionInput, CollectionMember, MetricCollectionOptions } from "./collection.js";

// scikit-learn's face, and the tutorial's helper
export * as sklearn from "./sklearn/index.js";
export {
  classificationReport, type ClassificationReportOptions, type ClassificationReportDict, type ReportRow,
} from "./sklearn/classification-report.js";

export { accuracyFn } from "./accuracy-fn.js";
