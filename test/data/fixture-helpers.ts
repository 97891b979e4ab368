/** Reading the JSON fixtures written by scripts/fixtures/sklearn_data.py, and comparing to them. */
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { readFixture } from "../nn/fixture-utils.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/data/", import.meta.url));

export function fixture<T>(name: string): T {
  return readFixture<T>(`data/${name}`);
}

export function fixturePath(name: string): string {
  return FIXTURES + name;
}

export interface ArrayFixture {
  shape: number[];
  dtype: string;
  data: number[];
}

/**
 * The float64 contract: within 5e-16 of the reference, relative to the magnitude of the
 * row's values (a coordinate near zero next to one near 1 carries that one's rounding).
 * V8's Math.log / sin / cos are not glibc's or numpy's SVML, so the last bit may differ.
 */
export function expectClose64(actual: ArrayLike<number>, expected: readonly number[], rowLength = 1, rel = 5e-16): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let worstAt = -1;
  for (let r = 0; r < expected.length; r += rowLength) {
    let scale = 0;
    for (let j = r; j < r + rowLength; j++) scale = Math.max(scale, Math.abs(expected[j]));
    for (let j = r; j < r + rowLength; j++) {
      const err = Math.abs(actual[j] - expected[j]) / (scale || 1);
      if (!(err <= worst)) {
        worst = err;
        worstAt = j;
      }
    }
  }
  if (worst > rel) {
    expect.fail(`entry ${worstAt}: ${actual[worstAt]} vs ${expected[worstAt]} (relative error ${worst} > ${rel})`);
  }
}

/** float32 casts must agree exactly: Math.fround is numpy's astype(float32) (round to nearest even). */
export function expectSameFloat32(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  const bad: number[] = [];
  for (let i = 0; i < expected.length; i++) if (Math.fround(actual[i]) !== Math.fround(expected[i])) bad.push(i);
  expect(bad).toEqual([]);
}

/** How many entries are bit-identical (reported, and bounded below by the tests that know why). */
export function countExact(actual: ArrayLike<number>, expected: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < expected.length; i++) if (Object.is(actual[i], expected[i])) n++;
  return n;
}
