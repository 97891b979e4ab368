/** Splits the options of a task-agnostic stat-score metric into the task-specific options. */
import type { Average, CommonOptions, MultidimAverage, Task, ZeroDivision } from "../internal/types.js";
import { ALL_TASKS, parseTask } from "../internal/validate-args.js";
import type { BinaryStatOptions, MulticlassStatOptions, MultilabelStatOptions } from "../core/stat-config.js";
import { requireInt, type IntArgWording } from "./task-options.js";

export interface StatTaskOptions extends CommonOptions {
  task: Task;
  threshold?: number;
  numClasses?: number;
  numLabels?: number;
  /** Default "micro" here (the task-specific metrics default to "macro"). */
  average?: Average;
  multidimAverage?: MultidimAverage;
  topK?: number;
  zeroDivision?: ZeroDivision;
}

export type SplitStatOptions =
  | { task: "binary"; options: BinaryStatOptions }
  | { task: "multiclass"; options: MulticlassStatOptions & { numClasses: number } }
  | { task: "multilabel"; options: MultilabelStatOptions };

export function splitStatTask(o: StatTaskOptions, wording: IntArgWording): SplitStatOptions {
  const task = parseTask(o.task, ALL_TASKS);
  const shared = {
    multidimAverage: o.multidimAverage, ignoreIndex: o.ignoreIndex, validateArgs: o.validateArgs,
    zeroDivision: o.zeroDivision,
  };
  const average = o.average === undefined ? "micro" : o.average;
  if (task === "binary") return { task, options: { threshold: o.threshold, ...shared } };
  if (task === "multiclass") {
    const numClasses = requireInt(o.numClasses, "num_classes", task, wording);
    const topK = requireInt(o.topK ?? 1, "top_k", task, wording);
    return { task, options: { numClasses, topK, average, ...shared } };
  }
  const numLabels = requireInt(o.numLabels, "num_labels", task, wording);
  return { task, options: { numLabels, threshold: o.threshold, average, ...shared } };
}
