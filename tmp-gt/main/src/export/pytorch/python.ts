/** Python literals for generated source: numbers as Python's repr, strings quoted, lists. */
import { repr } from "../../text/py-format.js";

/** A Python float literal (1e-07, 0.1, 1.0); NaN and infinities are refused, as no option needs them. */
export function pyFloatLit(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write ${x} as a Python literal`);
  return repr(x);
}

/** A Python int literal. */
export function pyIntLit(x: number): string {
  if (!Number.isSafeInteger(x)) throw new RangeError(`${x} is not a whole number`);
  return String(x);
}

export function pyStrLit(s: string): string {
  return repr(s);
}

export function pyStrList(xs: readonly string[]): string {
  return `[${xs.map(pyStrLit).join(", ")}]`;
}

export function pyBoolLit(b: boolean): string {
  return b ? "True" : "False";
}
