/**
 * scikit-learn's parameter validation (`validate_params`) for the options our functions
 * take, with its message text: "The 'factor' parameter of make_circles must be a float in
 * the range [0.0, 1.0). Got 1.0 instead."
 */
import { ValueError } from "../../errors.js";
import { pyRepr } from "./python-text.js";

export interface Interval {
  type: "int" | "float";
  lo: number | null;
  hi: number | null;
  closed: "left" | "right" | "both" | "neither";
}
export type Constraint = Interval | "None" | "array-like" | "boolean" | "tuple";

/** `Interval(Integral, lo, hi, closed)` / `Interval(Real, ...)` in one call. */
export const intIn = (lo: number | null, hi: number | null, closed: Interval["closed"] = "left"): Interval =>
  ({ type: "int", lo, hi, closed });
export const floatIn = (lo: number | null, hi: number | null, closed: Interval["closed"] = "left"): Interval =>
  ({ type: "float", lo, hi, closed });

function bound(v: number | null, type: Interval["type"], low: boolean): string {
  if (v === null) return low ? "-inf" : "inf";
  return type === "float" ? pyRepr(v, true) : String(v);
}

function describe(c: Constraint): string {
  if (c === "None") return "None";
  if (c === "array-like") return "an array-like";
  if (c === "boolean") return "an instance of 'bool'";
  if (c === "tuple") return "an instance of 'tuple'";
  const left = c.closed === "left" || c.closed === "both" ? "[" : "(";
  const right = c.closed === "right" || c.closed === "both" ? "]" : ")";
  const kind = c.type === "int" ? "an int" : "a float";
  return `${kind} in the range ${left}${bound(c.lo, c.type, true)}, ${bound(c.hi, c.type, false)}${right}`;
}

function satisfies(c: Constraint, v: unknown): boolean {
  if (c === "None") return v === null || v === undefined;
  if (c === "array-like") return Array.isArray(v) || ArrayBuffer.isView(v) || (typeof v === "object" && v !== null && "shape" in v);
  if (c === "boolean") return typeof v === "boolean";
  if (c === "tuple") return Array.isArray(v);
  if (typeof v !== "number" || Number.isNaN(v)) return false;
  if (c.type === "int" && !Number.isInteger(v)) return false;
  const loOk = c.lo === null || (c.closed === "left" || c.closed === "both" ? v >= c.lo : v > c.lo);
  const hiOk = c.hi === null || (c.closed === "right" || c.closed === "both" ? v <= c.hi : v < c.hi);
  return loOk && hiOk;
}

function joinConstraints(cs: readonly Constraint[]): string {
  const texts = cs.map(describe);
  return texts.length === 1 ? texts[0] : `${texts.slice(0, -1).join(", ")} or ${texts[texts.length - 1]}`;
}

/** Throws scikit-learn's InvalidParameterError text unless `value` meets one of the constraints. */
export function checkParam(func: string, name: string, value: unknown, constraints: readonly Constraint[]): void {
  if (constraints.some((c) => satisfies(c, value))) return;
  const asFloat = constraints.every((c) => typeof c === "string" || c.type === "float");
  throw new ValueError(
    `The '${name}' parameter of ${func} must be ${joinConstraints(constraints)}. Got ${pyRepr(value, asFloat)} instead.`,
  );
}
