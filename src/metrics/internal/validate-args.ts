/**
 * Checks of metric arguments, with torchmetrics' messages (they name the Python arguments,
 * e.g. `num_classes` for Kindling's `numClasses`, so that a message can be searched for).
 */
import { ValueError } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { pyFloat, pyStr, pyTuple } from "./py.js";
import type { Average, MultidimAverage, Task } from "./types.js";

const TASK_NAMES: Record<Task, string> = { binary: "BINARY", multiclass: "MULTICLASS", multilabel: "MULTILABEL" };

/** torchmetrics' `ClassificationTask.from_str`: case-insensitive, one of the allowed tasks. */
export function parseTask<T extends Task>(task: unknown, allowed: readonly T[]): T {
  const lower = typeof task === "string" ? task.toLowerCase() : undefined;
  const found = allowed.find((t) => t === lower);
  if (found === undefined) {
    const names = allowed.map((t) => `'${TASK_NAMES[t]}'`).join(", ");
    throw new ValueError(`Invalid Classification: expected one of [${names}], but got ${pyStr(task)}.`);
  }
  return found;
}

export const ALL_TASKS: readonly Task[] = ["binary", "multiclass", "multilabel"];
export const NO_MULTILABEL: readonly ("binary" | "multiclass")[] = ["binary", "multiclass"];

const isInt = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x);

export function checkThreshold(threshold: number, inRangeWording: boolean): void {
  if (!(typeof threshold === "number" && threshold >= 0 && threshold <= 1)) {
    throw new ValueError(
      inRangeWording
        ? `Expected argument \`threshold\` to be a float in the [0,1] range, but got ${pyFloat(threshold)}.`
        : `Expected argument \`threshold\` to be a float, but got ${pyFloat(threshold)}.`,
    );
  }
}

export function checkMultidimAverage(m: MultidimAverage): void {
  const allowed = ["global", "samplewise"];
  if (!allowed.includes(m)) {
    throw new ValueError(`Expected argument \`multidim_average\` to be one of ${pyTuple(allowed)}, but got ${pyStr(m)}`);
  }
}

export function checkIgnoreIndex(ignoreIndex: number | null): void {
  if (ignoreIndex !== null && !isInt(ignoreIndex)) {
    throw new ValueError(
      `Expected argument \`ignore_index\` to either be \`None\` or an integer, but got ${pyStr(ignoreIndex)}`,
    );
  }
}

export function checkZeroDivision(zd: number): void {
  if (zd !== 0 && zd !== 1) throw new ValueError(`Expected argument \`zero_division\` to be 0 or 1, but got ${pyStr(zd)}.`);
}

const STAT_AVERAGES: readonly Average[] = ["micro", "macro", "weighted", "none", null];

export function checkStatAverage(average: Average): void {
  if (!STAT_AVERAGES.includes(average)) {
    throw new ValueError(`Expected argument \`average\` to be one of ${pyTuple(STAT_AVERAGES)}, but got ${pyStr(average)}`);
  }
}

/** The number of classes of a multiclass metric: an integer of at least 2. */
export function checkNumClasses(numClasses: unknown): asserts numClasses is number {
  if (!isInt(numClasses) || numClasses < 2) {
    throw new ValueError(`Expected argument \`num_classes\` to be an integer larger than 1, but got ${pyStr(numClasses)}`);
  }
}

export function checkNumLabels(numLabels: unknown): asserts numLabels is number {
  if (!isInt(numLabels) || numLabels < 2) {
    throw new ValueError(`Expected argument \`num_labels\` to be an integer larger than 1, but got ${pyStr(numLabels)}`);
  }
}

/** `num_classes`, `top_k` and `average` of the multiclass stat-score metrics. */
export function checkMulticlassStatArgs(numClasses: number | undefined, topK: number, average: Average): void {
  if (numClasses === undefined && average !== "micro") {
    throw new ValueError(
      `Argument \`num_classes\` can only be \`None\` for \`average='micro'\`, but got \`average=${pyStr(average)}\`.`,
    );
  }
  if (numClasses !== undefined) checkNumClasses(numClasses);
  if (!isInt(topK) || topK < 1) {
    throw new ValueError(`Expected argument \`top_k\` to be an integer larger than or equal to 1, but got ${pyStr(topK)}`);
  }
  if (topK > (numClasses ?? 1)) {
    throw new ValueError(
      `Expected argument \`top_k\` to be smaller or equal to \`num_classes\` but got ${topK} and ${pyStr(numClasses)}`,
    );
  }
  checkStatAverage(average);
}

export function checkBeta(beta: number): void {
  if (!(typeof beta === "number" && beta > 0)) {
    throw new ValueError(`Expected argument \`beta\` to be a float larger than 0, but got ${pyFloat(beta)}.`);
  }
}

export type Normalize = "true" | "pred" | "all" | "none" | null;
const NORMALIZE: readonly Normalize[] = ["true", "pred", "all", "none", null];

export function checkNormalize(normalize: Normalize): void {
  if (!NORMALIZE.includes(normalize)) {
    throw new ValueError(`Expected argument \`normalize\` to be one of ${pyTuple(NORMALIZE)}, but got ${pyStr(normalize)}.`);
  }
}

/** The `thresholds` argument of the curve metrics. */
export function checkThresholdsArg(thresholds: unknown): void {
  if (thresholds === null || thresholds === undefined) return;
  if (typeof thresholds === "number") {
    if (!isInt(thresholds)) {
      throw new ValueError(
        `Expected argument \`thresholds\` to either be an integer, list of floats or tensor of floats, but got ${thresholds}`,
      );
    }
    if (thresholds < 2) {
      throw new ValueError(`If argument \`thresholds\` is an integer, expected it to be larger than 1, but got ${thresholds}`);
    }
    return;
  }
  if (Array.isArray(thresholds)) {
    if (!thresholds.every((t) => typeof t === "number" && t >= 0 && t <= 1)) {
      throw new ValueError(
        `If argument \`thresholds\` is a list, expected all elements to be floats in the [0,1] range, but got ${pyStr(thresholds)}`,
      );
    }
    return;
  }
  if (thresholds instanceof Tensor) {
    if (thresholds.ndim !== 1) throw new ValueError("If argument `thresholds` is an tensor, expected the tensor to be 1d");
    return;
  }
  throw new ValueError(
    `Expected argument \`thresholds\` to either be an integer, list of floats or tensor of floats, but got ${pyStr(thresholds)}`,
  );
}
