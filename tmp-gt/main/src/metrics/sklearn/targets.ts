/**
 * scikit-learn's reading of label arrays (`type_of_target`, `unique_labels`,
 * `_check_targets`) with its messages, and the label index they are counted by.
 */
import { ValueError } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";

// scikit-learn's reading of label arrays (`type_of_target`, `unique_labels`, `_check_targets`):
// 1-D labels (numbers or strings) are "binary" or "multiclass", 2-D 0/1 matrices
// "multilabel-indicator", fractional numbers "continuous" (refused), with its messages.

export type Label = number | string;

/** Labels as scikit-learn takes them: an array of numbers or strings, a 2-D 0/1 matrix, or a tensor. */
export type LabelInput = readonly (number | string | boolean)[] | readonly (readonly number[])[] | Tensor;

export type TargetType =
  | "binary" | "multiclass" | "multilabel-indicator" | "continuous" | "multiclass-multioutput" | "continuous-multioutput";

/** 1-D labels, or a [rows, cols] indicator matrix (numbers stay in typed arrays when they come from tensors). */
export type Target =
  | { ndim: 1; values: ArrayLike<Label> }
  | { ndim: 2; rows: number; cols: number; values: ArrayLike<number> };

export function readTarget(y: LabelInput): Target {
  if (y instanceof Tensor) {
    const values = y.data instanceof Float64Array ? y.data : Float64Array.from(y.data);
    if (y.ndim === 2 && y.shape[1] !== 1) return { ndim: 2, rows: y.shape[0], cols: y.shape[1], values };
    return { ndim: 1, values };
  }
  const arr = y as readonly unknown[];
  if (arr.length > 0 && Array.isArray(arr[0])) {
    const rows = arr as readonly (readonly number[])[];
    const cols = rows[0].length;
    if (cols === 1) return { ndim: 1, values: rows.map((r) => r[0]) };
    return { ndim: 2, rows: rows.length, cols, values: rows.flat() };
  }
  const flat = arr as readonly (number | string | boolean)[];
  // numpy turns a list holding any string into an array of strings
  let anyString = false;
  for (let i = 0; i < flat.length && !anyString; i++) anyString = typeof flat[i] === "string";
  const values = new Array<Label>(flat.length);
  for (let i = 0; i < flat.length; i++) values[i] = anyString ? pyLabelString(flat[i]) : Number(flat[i]);
  return { ndim: 1, values };
}

function pyLabelString(v: number | string | boolean): string {
  if (typeof v === "boolean") return v ? "True" : "False";
  return String(v);
}

export function length(t: Target): number {
  return t.ndim === 1 ? t.values.length : t.rows;
}

export function typeOfTarget(t: Target): TargetType {
  const distinct = distinctLabels(t.values);
  let fractional = false;
  for (const v of distinct) if (typeof v === "number" && !Number.isInteger(v)) fractional = true;
  if (t.ndim === 2) {
    if (distinct.length < 3 && !fractional) return "multilabel-indicator";
    return fractional ? "continuous-multioutput" : "multiclass-multioutput";
  }
  if (fractional) return "continuous";
  return distinct.length <= 2 ? "binary" : "multiclass";
}

/** Numbers ascending, strings by code point (numpy's sort). */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a), y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A numpy array as numpy prints it in messages: `[0 1]`, `['a' 'b']`. */
export function npArray(values: readonly Label[]): string {
  return `[${values.map((v) => (typeof v === "string" ? `'${v}'` : String(v))).join(" ")}]`;
}

function sortedUnique(values: ArrayLike<Label>): Label[] {
  return distinctLabels(values).sort(compareLabels);
}

export interface CheckedTargets {
  type: "binary" | "multiclass" | "multilabel-indicator";
  yTrue: Target;
  yPred: Target;
  /** The sorted labels present in either array (column indices for indicator matrices). */
  present: Label[];
}

/** scikit-learn's `_check_targets`. */
export function checkTargets(yTrueIn: LabelInput, yPredIn: LabelInput): CheckedTargets {
  const yTrue = readTarget(yTrueIn), yPred = readTarget(yPredIn);
  if (length(yTrue) !== length(yPred)) {
    throw new ValueError(`Found input variables with inconsistent numbers of samples: [${length(yTrue)}, ${length(yPred)}]`);
  }
  if (length(yTrue) < 1) {
    throw new ValueError(
      "Found empty input array (e.g., `y_true` or `y_pred`) while a minimum of 1 sample is required.",
    );
  }
  const tt = typeOfTarget(yTrue), tp = typeOfTarget(yPred);
  let types = new Set<TargetType>([tt, tp]);
  if (types.size === 2 && types.has("binary") && types.has("multiclass")) types = new Set(["multiclass"]);
  if (types.size > 1) throw new ValueError(`Classification metrics can't handle a mix of ${tt} and ${tp} targets`);
  const type = [...types][0];
  if (type !== "binary" && type !== "multiclass" && type !== "multilabel-indicator") {
    throw new ValueError(`${type} is not supported`);
  }
  if (type === "multilabel-indicator") {
    if (yTrue.ndim !== 2 || yPred.ndim !== 2 || yTrue.cols !== yPred.cols) {
      throw new ValueError("Multi-label binary indicator input with different numbers of labels");
    }
    return { type, yTrue, yPred, present: Array.from({ length: yTrue.cols }, (_, i) => i) };
  }
  const labels = new Set<Label>([...distinctLabels(yTrue.values), ...distinctLabels(yPred.values)]);
  const kinds = new Set([...labels].map((v) => typeof v));
  if (kinds.size > 1) {
    throw new ValueError(
      `Mix of label input types (string and number); Got ${npArray(sortedUnique(yTrue.values))} and ${npArray(sortedUnique(yPred.values))}.`,
    );
  }
  const present = [...labels].sort(compareLabels);
  return { type: type === "binary" && present.length > 2 ? "multiclass" : type, yTrue, yPred, present };
}

// Distinct labels and label-to-index lookups without hashing every element: whole-number
// labels in a modest range go through a table indexed by value (a million labels in a few
// milliseconds); anything else (strings, fractions, wide ranges) through a Map.

const MAX_SPAN = 1 << 22;

/** [min, max] when every value is a whole number and the span fits the table, else null. */
function intSpan(values: ArrayLike<Label>): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isInteger(v)) return null;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return values.length > 0 && hi - lo < MAX_SPAN ? [lo, hi] : null;
}

/** The distinct values of `values`, in no particular order. */
export function distinctLabels(values: ArrayLike<Label>): Label[] {
  const span = intSpan(values);
  if (span === null) return [...new Set(Array.from(values))];
  const [lo, hi] = span;
  const seen = new Uint8Array(hi - lo + 1);
  for (let i = 0; i < values.length; i++) seen[(values[i] as number) - lo] = 1;
  const out: number[] = [];
  for (let k = 0; k < seen.length; k++) if (seen[k]) out.push(k + lo);
  return out;
}

/** For each value, its position in `labels`, or -1 when it is not there. */
export function indexLabels(values: ArrayLike<Label>, labels: readonly Label[]): Int32Array {
  const out = new Int32Array(values.length);
  const span = intSpan(values);
  if (span !== null) {
    const [lo, hi] = span;
    const table = new Int32Array(hi - lo + 1).fill(-1);
    labels.forEach((l, i) => {
      if (typeof l === "number" && l >= lo && l <= hi && Number.isInteger(l) && table[l - lo] === -1) table[l - lo] = i;
    });
    for (let i = 0; i < values.length; i++) out[i] = table[(values[i] as number) - lo];
    return out;
  }
  const index = new Map<Label, number>();
  labels.forEach((l, i) => {
    if (!index.has(l)) index.set(l, i);
  });
  for (let i = 0; i < values.length; i++) out[i] = index.get(values[i]) ?? -1;
  return out;
}
