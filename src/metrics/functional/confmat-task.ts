/** Splits the options of a task-agnostic confusion-matrix metric into the task-specific options. */
import type { CommonOptions, Task } from "../internal/types.js";
import { ALL_TASKS, NO_MULTILABEL, parseTask } from "../internal/validate-args.js";
import type { BinaryConfmatOptions, MulticlassConfmatOptions, MultilabelConfmatOptions } from "../core/confmat-config.js";
import { requireInt } from "./task-options.js";

export interface ConfmatTaskOptions extends CommonOptions {
  task: Task;
  threshold?: number;
  numClasses?: number;
  numLabels?: number;
}

export type SplitConfmatOptions =
  | { task: "binary"; options: BinaryConfmatOptions }
  | { task: "multiclass"; options: MulticlassConfmatOptions }
  | { task: "multilabel"; options: MultilabelConfmatOptions };

export function splitConfmatTask(o: ConfmatTaskOptions, tasks: readonly Task[] = ALL_TASKS): SplitConfmatOptions {
  const task = parseTask(o.task, tasks);
  const shared = { ignoreIndex: o.ignoreIndex, validateArgs: o.validateArgs };
  if (task === "binary") return { task, options: { threshold: o.threshold, ...shared } };
  if (task === "multiclass") {
    return { task, options: { numClasses: requireInt(o.numClasses, "num_classes", task, "expected"), ...shared } };
  }
  const numLabels = requireInt(o.numLabels, "num_labels", task, "expected");
  return { task, options: { numLabels, threshold: o.threshold, ...shared } };
}

/** For Cohen's kappa and the calibration error, which have no multi-label form. */
export function splitBinaryMulticlassTask(o: ConfmatTaskOptions): Exclude<SplitConfmatOptions, { task: "multilabel" }> {
  // parseTask throws on "multilabel", which NO_MULTILABEL leaves out
  return splitConfmatTask(o, NO_MULTILABEL) as Exclude<SplitConfmatOptions, { task: "multilabel" }>;
}
