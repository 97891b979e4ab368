/** Reading PyTorch's reference outputs (JSON written by scripts/fixtures/nn_optim.py) and comparing with them. */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import * as kd from "../../src/index.js";

/** A tensor as the fixture script writes it. */
export interface JsonTensor {
  shape: number[];
  dtype: kd.DType;
  data: number[];
}

const NON_FINITE: Record<string, number> = { inf: Infinity, "-inf": -Infinity, nan: NaN };

/**
 * Parses a JSON file under test/fixtures/ (every suite's fixtures are read here); strings
 * stay strings unless a `reviver` turns them into something else.
 */
export function readFixture<T>(relativePath: string, reviver?: (key: string, value: unknown) => unknown): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${relativePath}`, import.meta.url), "utf8"), reviver) as T;
}

/** Parses a fixture file under test/fixtures/ ("inf", "-inf" and "nan" strings become numbers). */
export function loadFixture<T>(relativePath: string): T {
  return readFixture<T>(relativePath, (_key, value) => (typeof value === "string" && value in NON_FINITE ? NON_FINITE[value] : value));
}

/** The fixture tensor as a Kindling tensor (a copy). */
export function toTensor(t: JsonTensor, opts: { requiresGrad?: boolean } = {}): kd.Tensor {
  return kd.fromArray(t.data, t.shape, { dtype: t.dtype, requiresGrad: opts.requiresGrad });
}

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/**
 * Same shape and every value within atol + rtol·|expected| (float32 tolerance by
 * default); NaN matches NaN, infinities must be equal. Reports the first mismatch.
 */
export function expectClose(actual: kd.Tensor | null | undefined, expected: JsonTensor, tol: Tolerance = {}, label = ""): void {
  const { rtol = 1e-5, atol = 1e-6 } = tol;
  expect(actual, `${label}: missing tensor`).toBeTruthy();
  const a = actual as kd.Tensor;
  expect([...a.shape], `${label}: shape`).toEqual(expected.shape);
  for (let i = 0; i < expected.data.length; i++) {
    const x = a.data[i], y = expected.data[i];
    const ok = Number.isNaN(y) ? Number.isNaN(x) : x === y || Math.abs(x - y) <= atol + rtol * Math.abs(y);
    if (!ok) {
      expect.fail(`${label}: element ${i} is ${x}, PyTorch has ${y} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

/** Every value bit for bit (for float32 tensors: the float32 the fixture's double came from). */
export function expectExact(actual: kd.Tensor, expected: JsonTensor, label = ""): void {
  expect([...actual.shape], `${label}: shape`).toEqual(expected.shape);
  expect(actual.dtype, `${label}: dtype`).toBe(expected.dtype);
  for (let i = 0; i < expected.data.length; i++) {
    if (!Object.is(actual.data[i], expected.data[i])) {
      expect.fail(`${label}: element ${i} is ${actual.data[i]}, PyTorch has ${expected.data[i]}`);
    }
  }
}

/** A plain number within float32 tolerance (or a relative tolerance given). */
export function expectNear(actual: number, expected: number, rtol = 1e-5, atol = 1e-6, label = ""): void {
  if (!(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected))) {
    expect.fail(`${label}: ${actual}, PyTorch has ${expected}`);
  }
}
