/**
 * Reading the reference outputs written by scripts/fixtures/metrics.py (real torchmetrics and
 * scikit-learn) and comparing Kindling's results with them.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import * as kd from "../../src/index.js";

export type JsonNumber = number | "nan" | "inf" | "-inf";

export interface JsonTensor {
  dtype: "float32" | "float64" | "int64" | "bool";
  shape: number[];
  data: JsonNumber[];
}

export type JsonResult =
  | { t: JsonTensor }
  | { list: JsonResult[] }
  | { dict: Record<string, JsonResult> }
  | { num: JsonNumber }
  | { str: string }
  | { none: true }
  | { error: string; message: string };

export interface FunctionCase {
  fn: string;
  input: string;
  args: Record<string, unknown>;
  out: JsonResult;
}

export interface FunctionFixture {
  inputs: Record<string, { preds: JsonTensor; target: JsonTensor }>;
  cases: FunctionCase[];
}

const FIXTURES = fileURLToPath(new URL("../fixtures/metrics/", import.meta.url));

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(FIXTURES + name, "utf8")) as T;
}

export function num(x: JsonNumber): number {
  if (x === "nan") return NaN;
  if (x === "inf") return Infinity;
  if (x === "-inf") return -Infinity;
  return x;
}

export function toTensor(t: JsonTensor): kd.Tensor {
  const values = t.data.map(num);
  return kd.fromArray(values, t.shape, { dtype: t.dtype });
}

/** `num_classes` → `numClasses`, `multiclass_f1_score` → `multiclassF1Score`. */
export function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Python keyword arguments as a Kindling options object (None → null, names in camelCase). */
export function toOptions(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) out[camel(k)] = v === "nan" ? NaN : v;
  return out;
}

type MetricFn = (preds: kd.Tensor, target: kd.Tensor, options: Record<string, unknown>) => unknown;

/** The function of `kd.metrics` named after a torchmetrics function. */
export function metricFunction(pythonName: string): MetricFn {
  const fn = (kd.metrics as unknown as Record<string, unknown>)[camel(pythonName)];
  if (typeof fn !== "function") throw new Error(`kd.metrics.${camel(pythonName)} is missing`);
  return fn as MetricFn;
}

/** |actual - expected| within 1e-6, relative to the magnitude for values above 1. */
export function close(actual: number, expected: number, tol = 1e-6): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
}

/** Asserts that `actual` (a tensor, tuple, list, dict, number or string) matches the reference. */
export function expectMatches(actual: unknown, expected: JsonResult, where: string, tol = 1e-6): void {
  if ("t" in expected) {
    expect(actual, `${where}: expected a tensor`).toBeInstanceOf(kd.Tensor);
    const t = actual as kd.Tensor;
    expect([...t.shape], `${where}: shape`).toEqual(expected.t.shape);
    expect(t.dtype, `${where}: dtype`).toBe(expected.t.dtype);
    const want = expected.t.data.map(num);
    const got = Array.from(t.data);
    const bad = want.findIndex((w, i) => !close(got[i], w, tol));
    if (bad >= 0) {
      expect.fail(`${where}: element ${bad} is ${got[bad]}, expected ${want[bad]}\n got  ${got}\n want ${want}`);
    }
    return;
  }
  if ("list" in expected) {
    expect(Array.isArray(actual), `${where}: expected a list`).toBe(true);
    const arr = actual as unknown[];
    expect(arr.length, `${where}: length`).toBe(expected.list.length);
    expected.list.forEach((e, i) => expectMatches(arr[i], e, `${where}[${i}]`, tol));
    return;
  }
  if ("dict" in expected) {
    const obj = actual as Record<string, unknown>;
    // JS objects list integer-like keys ("0", "7") first and ascending, whatever the insertion order
    expect(Object.keys(obj).sort(), `${where}: keys`).toEqual(Object.keys(expected.dict).sort());
    for (const [k, e] of Object.entries(expected.dict)) expectMatches(obj[k], e, `${where}.${k}`, tol);
    return;
  }
  if ("num" in expected) {
    expect(typeof actual, `${where}: expected a number`).toBe("number");
    if (!close(actual as number, num(expected.num), tol)) expect.fail(`${where}: ${String(actual)} != ${expected.num}`);
    return;
  }
  if ("str" in expected) {
    expect(actual, where).toBe(expected.str);
    return;
  }
  if ("none" in expected) {
    expect(actual, where).toBeNull();
    return;
  }
  expect.fail(`${where}: expected torchmetrics' error ${expected.error}: ${expected.message}`);
}

/** Runs `call`, and checks its result or its error against the reference. */
export function checkCase(call: () => unknown, expected: JsonResult, where: string, tol = 1e-6): void {
  if ("error" in expected) {
    let thrown: unknown = undefined;
    try {
      call();
    } catch (err) {
      thrown = err;
    }
    expect(thrown, `${where}: should throw ${expected.message}`).toBeInstanceOf(kd.KindlingError);
    expect((thrown as Error).message, where).toBe(expected.message);
    return;
  }
  expectMatches(call(), expected, where, tol);
}

export function describeCase(c: FunctionCase): string {
  return `${c.fn}(${c.input}, ${JSON.stringify(c.args)})`;
}
