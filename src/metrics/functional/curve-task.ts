/** Splits the options of a task-agnostic curve metric into the task-specific options. */
import type { CommonOptions, Task, Thresholds } from "../internal/types.js";
import { ALL_TASKS, parseTask } from "../internal/validate-args.js";
import type { BinaryCurveOptions, MulticlassCurveOptions, MultilabelCurveOptions } from "../core/curve-config.js";
import { requireInt } from "./task-options.js";

export interface CurveTaskOptions extends CommonOptions {
  task: Task;
  thresholds?: Thresholds;
  numClasses?: number;
  numLabels?: number;
}

export type SplitCurveOptions =
  | { task: "binary"; options: BinaryCurveOptions }
  | { task: "multiclass"; options: MulticlassCurveOptions }
  | { task: "multilabel"; options: MultilabelCurveOptions };

export function splitCurveTask(o: CurveTaskOptions): SplitCurveOptions {
  const task = parseTask(o.task, ALL_TASKS);
  const shared = { thresholds: o.thresholds, ignoreIndex: o.ignoreIndex, validateArgs: o.validateArgs };
  if (task === "binary") return { task, options: shared };
  if (task === "multiclass") return { task, options: { numClasses: requireInt(o.numClasses, "num_classes", task, "expected"), ...shared } };
  return { task, options: { numLabels: requireInt(o.numLabels, "num_labels", task, "expected"), ...shared } };
}
