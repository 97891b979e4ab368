/**
 * The vocabulary every metric shares, in torchmetrics' terms: the option types, the
 * state a metric accumulates, Python's spelling of values in messages, and the checks of
 * options (with torchmetrics' messages). Depends on nothing else in metrics/.
 */
import { ValueError } from "../../errors.js";
import type { Device } from "../../tensor/device.js";
import { Tensor } from "../../tensor/tensor.js";

// The option vocabulary shared by the metrics, in torchmetrics' terms.

export type Task = "binary" | "multiclass" | "multilabel";

/**
 * How per-class scores become one number. `"none"` and `null` (Python's `None`) both keep
 * one score per class.
 */
export type Average = "micro" | "macro" | "weighted" | "none" | null;

/** "global" pools every element; "samplewise" gives one value per sample (first dimension). */
export type MultidimAverage = "global" | "samplewise";

/**
 * Thresholds of the curve metrics: `null` keeps every distinct score (exact curve), a number n
 * uses n evenly spaced thresholds in [0, 1], a list or 1-D tensor uses those values.
 */
export type Thresholds = number | readonly number[] | Tensor | null;

/** `torchmetrics`' `zero_division`: the value given to 0/0. */
export type ZeroDivision = 0 | 1;

/** Options every metric takes. */
export interface CommonOptions {
  /** Target value whose positions are left out of the metric. */
  ignoreIndex?: number | null;
  /** Check arguments and inputs (default true); false skips the checks that cost a pass over the data. */
  validateArgs?: boolean;
}

// Python's rendering of values inside error messages, so that Kindling's messages read like
// torchmetrics' and scikit-learn's (`None`, `('micro', 'macro')`, `[0, 1]`).

/** `str(x)` / f-string rendering of a JS value as Python would print it. */
export function pyStr(x: unknown): string {
  if (x === null || x === undefined) return "None";
  if (x === true) return "True";
  if (x === false) return "False";
  if (Array.isArray(x)) return `[${x.map(pyRepr).join(", ")}]`;
  return String(x);
}

/** A Python float as `str()` prints it: whole numbers keep a `.0` (`-1.0`, `2.0`). */
export function pyFloat(x: unknown): string {
  return typeof x === "number" && Number.isInteger(x) ? x.toFixed(1) : pyStr(x);
}

/** `repr(x)`: strings quoted, as inside a Python tuple or list. */
export function pyRepr(x: unknown): string {
  return typeof x === "string" ? `'${x}'` : pyStr(x);
}

/** A Python tuple of allowed values, e.g. `('micro', 'macro', None)`. */
export function pyTuple(values: readonly unknown[]): string {
  return `(${values.map(pyRepr).join(", ")})`;
}

/** A tensor's shape as `torch.Size([2, 3])`. */
export function torchSize(t: Tensor): string {
  return `torch.Size([${t.shape.join(", ")}])`;
}

/** A dtype as torch names it, `torch.float32`. */
export function torchDtype(t: Tensor): string {
  return `torch.${t.dtype}`;
}

// What a metric accumulates between `reset`s: updated by batches, merged, reduced by `compute`.

export interface MetricState<Self> {
  /** Adds one batch. */
  update(preds: Tensor, target: Tensor): void;
  /** A new state with the same settings and no data (on the same device). */
  empty(): Self;
  /** Adds the data of another state with the same settings. */
  merge(other: Self): void;
}

/**
 * A state that can count on a device (core/device-counts.ts): its updates stay there and
 * its counts come back in one read. States without it count on the CPU only.
 */
export interface DeviceState<Self> {
  /** Where the next updates count. */
  readonly device: Device;
  /** Counts the next updates on `device`; what was counted so far stays where it is. */
  moveTo(device: Device): void;
  /** Whether counts wait on a device (so a synchronous compute cannot see them). */
  readonly pendingOnDevice: boolean;
  /** A CPU state holding every count, the device's read back in one transfer. */
  hostAsync(): Promise<Self>;
}

export function isDeviceState<S>(s: MetricState<S>): s is MetricState<S> & DeviceState<S> {
  return typeof (s as Partial<DeviceState<S>>).hostAsync === "function";
}

// Checks of metric arguments, with torchmetrics' messages (they name the Python arguments,
// e.g. `num_classes` for Kindling's `numClasses`, so that a message can be searched for).

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

// The task-agnostic entry points (`accuracy(preds, target, {task, ...})`): check the task and
// its required arguments with torchmetrics' messages, and hand the matching options on.

/** Python's `type(x)` as printed in torchmetrics' messages. */
function pyType(x: unknown): string {
  if (x === null || x === undefined) return "<class 'NoneType'>";
  if (typeof x === "number") return Number.isInteger(x) ? "<class 'int'>" : "<class 'float'>";
  if (typeof x === "string") return "<class 'str'>";
  if (typeof x === "boolean") return "<class 'bool'>";
  return `<class '${typeof x}'>`;
}

/**
 * torchmetrics words the check two ways: the accuracy family says "Optional arg ... must be
 * type `int` when task is ...", the others "... is expected to be `int` but ... was passed.".
 */
export type IntArgWording = "optional-arg" | "expected";

export function requireInt(value: unknown, arg: string, task: Task, wording: IntArgWording): number {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  throw new ValueError(
    wording === "optional-arg"
      ? `Optional arg \`${arg}\` must be type \`int\` when task is ClassificationTask.${task.toUpperCase()}. Got ${pyType(value)}`
      : `\`${arg}\` is expected to be \`int\` but \`${pyType(value)} was passed.\``,
  );
}
