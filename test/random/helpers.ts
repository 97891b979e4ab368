/** Reading the fixtures of scripts/fixtures/random_torch.py and replaying their operations. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { readFixture } from "../nn/fixture-utils.js";

export function fixture<T>(name: string): T {
  return readFixture<T>(`random/${name}`);
}

export interface TensorFixture {
  dtype: kd.DType;
  shape: number[];
  data: number[];
}

/** One operation as the fixture script writes it (keyword names in camelCase). */
export interface OpSpec {
  op: string;
  shape?: number[];
  dtype?: kd.DType;
  from?: number;
  to?: number;
  mean?: number;
  std?: number;
  low?: number;
  high?: number;
  n?: number;
  probs?: number[];
  p?: number | number[];
  pDtype?: kd.DType;
}

export interface DrawCase extends OpSpec {
  seed: string;
  out: TensorFixture;
}

export function bytesFromBase64(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, "base64"));
}

/** Runs one fixture operation with Kindling on generator `g` (the global one when it is). */
export function runOp(op: OpSpec, g: kd.Generator): kd.Tensor {
  const generator = g;
  const dtype = op.dtype;
  switch (op.op) {
    case "rand":
      return kd.rand(op.shape!, { generator, dtype });
    case "randn":
      return kd.randn(op.shape!, { generator, dtype });
    case "uniform_":
      return kd.uniform_(kd.empty(op.shape!, { dtype: dtype ?? "float32" }), op.from, op.to, { generator });
    case "normal_":
      return kd.normal_(kd.empty(op.shape!, { dtype: dtype ?? "float32" }), op.mean, op.std, { generator });
    case "normal":
      return kd.normal(op.mean!, op.std!, op.shape!, { generator, dtype });
    case "randint":
      return kd.randint(op.low!, op.high!, op.shape!, { generator, dtype });
    case "randperm":
      return kd.randperm(op.n!, { generator, dtype });
    case "bernoulli":
      return kd.bernoulli(kd.tensor(op.probs!, { dtype: dtype ?? "float32" }), { generator });
    case "bernoulli_": {
      const out = kd.empty(op.shape!, { dtype: dtype ?? "float32" });
      const p = Array.isArray(op.p) ? kd.tensor(op.p, { dtype: op.pDtype ?? "float32" }) : op.p;
      return kd.bernoulli_(out, p, { generator });
    }
    default:
      throw new Error(`unknown op ${op.op}`);
  }
}

/** Exact equality of dtype, shape and every value (float32 fixtures hold the exact float32 values). */
export function expectExact(actual: kd.Tensor, expected: TensorFixture, label = ""): void {
  expect(actual.dtype, label).toBe(expected.dtype);
  expect([...actual.shape], label).toEqual(expected.shape);
  const a = Array.from(actual.data);
  const firstDiff = a.findIndex((v, i) => !Object.is(v, expected.data[i]));
  expect(firstDiff, `${label}: first differing index ${firstDiff} (${a[firstDiff]} vs ${expected.data[firstDiff]})`).toBe(-1);
  expect(a.length, label).toBe(expected.data.length);
}

/** The largest |a − e| / max(|e|, 1) over the values (the float64 contract). */
export function maxRelError(actual: ArrayLike<number>, expected: readonly number[]): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1);
    if (err > worst) worst = err;
  }
  return worst;
}

/** A generator seeded from a fixture's seed string (seeds may exceed 2^53). */
export function seeded(seed: string): kd.Generator {
  return new kd.Generator().manualSeed(BigInt(seed));
}

/**
 * Compares a state with torch's bytes. Everything must be identical except the cached
 * double normal (bytes 5024–5031): it comes from Math.sin, which may differ from
 * glibc's sin in the last bit, so it is held to 5e-16 relative.
 */
export function expectState(actual: Uint8Array, expectedB64: string, label = ""): void {
  const expected = bytesFromBase64(expectedB64);
  expect(actual.length, label).toBe(expected.length);
  const masked = (b: Uint8Array): string => {
    const c = b.slice();
    c.fill(0, 5024, 5032);
    return Buffer.from(c).toString("base64");
  };
  expect(masked(actual), label).toBe(masked(expected));
  const a = new DataView(actual.buffer, actual.byteOffset).getFloat64(5024, true);
  const e = new DataView(expected.buffer, expected.byteOffset).getFloat64(5024, true);
  expect(maxRelError([a], [e]), label).toBeLessThanOrEqual(5e-16);
}

/**
 * A describe block with one test per fixture case: the operation replayed on a generator
 * seeded as torch's was, its output compared exactly. `nameLength` cuts long test names.
 */
export function describeExactDraws(title: string, cases: readonly DrawCase[], nameLength?: number): void {
  describe(title, () => {
    for (const c of cases) {
      const { seed, out, ...op } = c;
      it(`${JSON.stringify(op).slice(0, nameLength)} seed ${seed}`, () => {
        expectExact(runOp(op, seeded(seed)), out);
      });
    }
  });
}
