/**
 * `kd.metrics.sklearn`: scikit-learn's classification metrics with its semantics, for labels
 * given as arrays (numbers or strings), 2-D 0/1 indicator matrices, or tensors.
 */
export { accuracyScore, type AccuracyScoreOptions } from "./accuracy-score.js";
export {
  precisionRecallFscoreSupport, fbetaScore, f1Score,
  type PrfsOptions, type PrfsResult, type FbetaOptions, type SklearnAverage, type SklearnZeroDivision,
} from "./prfs.js";
export { confusionMatrix, type SklearnConfusionMatrixOptions } from "./confusion-matrix.js";
export {
  classificationReport, type ClassificationReportOptions, type ClassificationReportDict, type ReportRow,
} from "./classification-report.js";
export type { Label, LabelInput } from "./targets.js";
