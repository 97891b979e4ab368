/**
 * Reading the PyTorch reference files (test/fixtures/engine/*.json, written by
 * scripts/fixtures/engine.py) and comparing Kindling tensors with them.
 */
import { expect } from "vitest";
import * as kd from "../../src/index.js";
import { readFixture } from "../nn/fixture-utils.js";

/** A tensor as the fixture script writes it; non-finite values are strings. */
export interface Encoded {
  shape: number[];
  dtype: kd.DType;
  data: (number | string)[];
}

export function loadFixture<T>(name: string): T {
  return readFixture<T>(`engine/${name}.json`);
}

export function decodeValue(v: number | string): number {
  if (typeof v === "number") return v;
  return v === "nan" ? NaN : v === "inf" ? Infinity : -Infinity;
}

/** The fixture's tensor as a Kindling tensor of the same dtype and shape. */
export function decode(e: Encoded): kd.Tensor {
  return kd.fromArray(Float64Array.from(e.data, decodeValue), e.shape, { dtype: e.dtype });
}

export interface Tolerance {
  atol?: number;
  rtol?: number;
}

/** float32 tolerance by default, tighter for float64, exact for integers and bools. */
function tolFor(dtype: kd.DType, tol: Tolerance): { atol: number; rtol: number } {
  if (dtype === "int32" || dtype === "int64" || dtype === "bool") return { atol: 0, rtol: 0 };
  if (dtype === "float64") return { atol: tol.atol ?? 1e-10, rtol: tol.rtol ?? 1e-10 };
  return { atol: tol.atol ?? 1e-5, rtol: tol.rtol ?? 1e-5 };
}

/** Same shape, same dtype, and every value within tolerance (nan matches nan, inf matches inf). */
export function expectTensor(actual: kd.Tensor | null, expected: Encoded, what: string, tol: Tolerance = {}): void {
  expect(actual, `${what}: missing`).not.toBeNull();
  const a = actual as kd.Tensor;
  expect([...a.shape], `${what}: shape`).toEqual(expected.shape);
  expect(a.dtype, `${what}: dtype`).toBe(expected.dtype);
  const { atol, rtol } = tolFor(expected.dtype, tol);
  const bad: string[] = [];
  // float32 values are written in their shortest form: read them back as float32.
  const read = expected.dtype === "float32" ? (raw: number | string) => Math.fround(decodeValue(raw)) : decodeValue;
  expected.data.forEach((raw, i) => {
    const e = read(raw), v = a.data[i];
    const ok = Number.isNaN(e) ? Number.isNaN(v) : !Number.isFinite(e) ? v === e : Math.abs(v - e) <= atol + rtol * Math.abs(e);
    if (!ok) bad.push(`[${i}] got ${v}, expected ${e}`);
  });
  expect(bad, `${what}: values differ (atol ${atol}, rtol ${rtol})`).toEqual([]);
}

/** The same values as float64 tensors that require grad where the originals do (for gradcheck). */
export function toFloat64(inputs: readonly kd.Tensor[]): kd.Tensor[] {
  return inputs.map((t) => {
    if (!t.isFloatingPoint() || !t.requiresGrad) return t;
    return kd.fromArray(Float64Array.from(t.data), t.shape, { dtype: "float64", requiresGrad: true });
  });
}
