/**
 * Python's rendering of values inside error messages, so that Kindling's messages read like
 * torchmetrics' and scikit-learn's (`None`, `('micro', 'macro')`, `[0, 1]`).
 */
import type { Tensor } from "../../tensor/tensor.js";

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
