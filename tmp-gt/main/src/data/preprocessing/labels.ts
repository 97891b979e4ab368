/**
 * Labels the encoders accept: all numbers or all strings, sorted the way `np.unique` sorts
 * them (numbers numerically, strings by code point), and printed the way Python prints them.
 */
import { ValueError } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { pyRepr } from "../datasets/python-text.js";

export type Label = number | string;
export type LabelsLike = Tensor | readonly Label[];

/** Code-point order (numpy's string sort), not JS's UTF-16 order. */
function compareStrings(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

export function compareLabels(a: Label, b: Label): number {
  return typeof a === "number" && typeof b === "number" ? a - b : compareStrings(String(a), String(b));
}

/** `_unique`: the distinct labels, sorted; refuses a mix of numbers and strings as scikit-learn does. */
export function sortedUnique(values: readonly Label[]): Label[] {
  const types = [...new Set(values.map((v) => (typeof v === "number" ? "float" : "str")))].sort();
  if (types.length > 1) {
    throw new ValueError(`Encoders require their input argument must be uniformly strings or numbers. Got ${pyRepr(types)}`);
  }
  return [...new Set(values)].sort(compareLabels);
}

/** `column_or_1d`: a 1-D tensor or array of labels. */
export function labelsOf(y: LabelsLike): Label[] {
  if (y instanceof Tensor) {
    if (y.ndim !== 1 && !(y.ndim === 2 && y.shape[1] === 1)) {
      throw new ValueError(`y should be a 1d array, got an array of shape (${y.shape.join(", ")}) instead.`);
    }
    return Array.from(y.data);
  }
  return [...y];
}

/** How Python shows a label inside a message: floats as floats when the classes are not all whole. */
export function labelText(values: readonly Label[], asFloat: boolean): string {
  return pyRepr([...values], asFloat);
}
