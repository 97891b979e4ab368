/** Options of the stat-score family (accuracy, precision, recall, F-scores, specificity, hamming). */
import type { Average, CommonOptions, MultidimAverage, ZeroDivision } from "../internal/types.js";
import {
  checkIgnoreIndex, checkMulticlassStatArgs, checkMultidimAverage, checkNumLabels, checkStatAverage, checkThreshold,
  checkZeroDivision,
} from "../internal/validate-args.js";

export interface BinaryStatOptions extends CommonOptions {
  /** Scores above it are positive (default 0.5). */
  threshold?: number;
  multidimAverage?: MultidimAverage;
  zeroDivision?: ZeroDivision;
}

export interface MulticlassStatOptions extends CommonOptions {
  numClasses?: number;
  /** Default "macro" (the task-agnostic functions and classes default to "micro"). */
  average?: Average;
  /** A position is right when its target is among the k highest scores (default 1). */
  topK?: number;
  multidimAverage?: MultidimAverage;
  zeroDivision?: ZeroDivision;
}

export interface MultilabelStatOptions extends CommonOptions {
  numLabels: number;
  threshold?: number;
  average?: Average;
  multidimAverage?: MultidimAverage;
  zeroDivision?: ZeroDivision;
}

export interface BinaryStatConfig {
  readonly threshold: number;
  readonly samplewise: boolean;
  readonly ignoreIndex: number | null;
  readonly validateArgs: boolean;
  readonly zeroDivision: ZeroDivision;
}

export interface MulticlassStatConfig {
  readonly numClasses: number | undefined;
  readonly average: Average;
  readonly topK: number;
  readonly samplewise: boolean;
  readonly ignoreIndex: number | null;
  readonly validateArgs: boolean;
  readonly zeroDivision: ZeroDivision;
}

export interface MultilabelStatConfig extends BinaryStatConfig {
  readonly numLabels: number;
  readonly average: Average;
}

function common(o: CommonOptions & { multidimAverage?: MultidimAverage; zeroDivision?: ZeroDivision }) {
  const multidim = o.multidimAverage ?? "global";
  const ignoreIndex = o.ignoreIndex ?? null;
  const zeroDivision = o.zeroDivision ?? 0;
  const validateArgs = o.validateArgs ?? true;
  if (validateArgs) {
    checkMultidimAverage(multidim);
    checkIgnoreIndex(ignoreIndex);
    checkZeroDivision(zeroDivision);
  }
  return { samplewise: multidim === "samplewise", ignoreIndex, zeroDivision, validateArgs };
}

export function binaryStatConfig(o: BinaryStatOptions = {}): BinaryStatConfig {
  const threshold = o.threshold ?? 0.5;
  const c = common(o);
  if (c.validateArgs) checkThreshold(threshold, true);
  return { threshold, ...c };
}

export function multiclassStatConfig(o: MulticlassStatOptions): MulticlassStatConfig {
  const average = o.average === undefined ? "macro" : o.average;
  const topK = o.topK ?? 1;
  const c = common(o);
  if (c.validateArgs) checkMulticlassStatArgs(o.numClasses ?? undefined, topK, average);
  return { numClasses: o.numClasses ?? undefined, average, topK, ...c };
}

export function multilabelStatConfig(o: MultilabelStatOptions): MultilabelStatConfig {
  const threshold = o.threshold ?? 0.5;
  const average = o.average === undefined ? "macro" : o.average;
  const c = common(o);
  if (c.validateArgs) {
    checkNumLabels(o.numLabels);
    checkThreshold(threshold, false);
    checkStatAverage(average);
  }
  return { numLabels: o.numLabels, threshold, average, ...c };
}
