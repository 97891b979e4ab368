/**
 * `kd.metrics.sklearn`: scikit-learn's classification metrics with its semantics, for labels
 * given as arrays (numbers or strings), 2-D 0/1 indicator matrices, or tensors.
 */
export {
  accuracyScore, confusionMatrix, precisionRecallFscoreSupport, fbetaScore, f1Score,
  type AccuracyScoreOptions, type SklearnConfusionMatrixOptions,
  type PrfsOptions, type PrfsResult, type FbetaOptions, type SklearnAverage, type SklearnZeroDivision,
} from "./scores.js";
export {
  classificationReport, type ClassificationReportOptions, type ClassificationReportDict, type ReportRow,
} from "./classification-report.js";
export type { Label, LabelInput } from "./targets.js";
