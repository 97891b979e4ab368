/**
 * gatherRows (the split's and TensorDataset's batch copy) against the engine's `index`:
 * the same values, shape and dtype for every storage type and any row order; a tensor
 * that needs a gradient still records IndexBackward0; bad indices give index's errors.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gatherRows } from "../../src/data/gather.js";
import { TensorDataset } from "../../src/data/loader/dataset.js";
import { StandardScaler } from "../../src/data/preprocessing/standard-scaler.js";
import { Tensor } from "../../src/tensor/tensor.js";

function sameTensor(a: Tensor, b: Tensor): void {
  expect(a.dtype).toBe(b.dtype);
  expect(a.shape).toEqual(b.shape);
  expect(Array.from(a.data)).toEqual(Array.from(b.data));
  expect(a.data.constructor).toBe(b.data.constructor);
}

const dtypes = ["float32", "float64", "int64", "bool"] as const;

/** A tensor of `rows` rows of shape `inner`, with values of its dtype. */
function arb(): fc.Arbitrary<{ t: Tensor; rows: number[] }> {
  return fc
    .record({
      dtype: fc.constantFrom(...dtypes),
      n: fc.integer({ min: 1, max: 30 }),
      inner: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 2 }),
    })
    .chain(({ dtype, n, inner }) => {
      const width = inner.reduce((a, b) => a * b, 1);
      const value = dtype === "bool" ? fc.integer({ min: 0, max: 1 }) : dtype === "int64" ? fc.integer({ min: -1000, max: 1000 }) : fc.double({ noNaN: true });
      return fc.record({
        values: fc.array(value, { minLength: n * width, maxLength: n * width }),
        rows: fc.array(fc.integer({ min: -n, max: n - 1 }), { maxLength: 40 }),
      }).map(({ values, rows }) => {
        const Ctor = dtype === "float32" ? Float32Array : dtype === "bool" ? Uint8Array : Float64Array;
        return { t: new Tensor(Ctor.from(values), [n, ...inner], dtype), rows };
      });
    });
}

describe("gatherRows", () => {
  it("gives what index gives, for every dtype, shape and row order (negative rows too)", () => {
    fc.assert(fc.property(arb(), ({ t, rows }) => sameTensor(gatherRows(t, rows), t.index(rows))), { numRuns: 300 });
  });

  it("is a copy: writing to the batch leaves the data alone", () => {
    const t = new Tensor(Float32Array.from([1, 2, 3, 4]), [2, 2], "float32");
    const b = gatherRows(t, [1]);
    b.data[0] = 99;
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4]);
  });

  it("takes Int32Array and Float64Array row lists as well as arrays", () => {
    const t = new Tensor(Float32Array.from([1, 2, 3, 4, 5, 6]), [3, 2], "float32");
    sameTensor(gatherRows(t, Int32Array.from([2, 0])), t.index([2, 0]));
    sameTensor(gatherRows(t, Float64Array.from([1, 1])), t.index([1, 1]));
  });

  it("keeps the gradient path of a tensor that requires one", () => {
    const t = new Tensor(Float32Array.from([1, 2, 3, 4]), [2, 2], "float32");
    t.requiresGrad = true;
    const b = gatherRows(t, [1, 1]);
    expect(b.gradFn?.name).toBe("IndexBackward0");
    b.sum().backward();
    expect(Array.from(t.grad!.data)).toEqual([0, 0, 2, 2]);
  });

  it("reports a row out of range, or a fractional one, as index does", () => {
    const t = new Tensor(Float32Array.from([1, 2, 3, 4]), [2, 2], "float32");
    expect(() => t.index([2])).toThrow("index 2 is out of bounds for dimension 0 with size 2");
    expect(() => gatherRows(t, [0, 2])).toThrow("index 2 is out of bounds for dimension 0 with size 2");
    expect(() => gatherRows(t, [-3])).toThrow("index -3 is out of bounds for dimension 0 with size 2");
    sameTensor(gatherRows(t, [1.5]), t.index([1.5]));
    expect(() => gatherRows(new Tensor(Float32Array.from([1]), [], "float32"), [0])).toThrow(/invalid index of a 0-dim tensor/);
  });

  it("is what TensorDataset's batches are made of", () => {
    const X = new Tensor(Float32Array.from({ length: 12 }, (_, i) => i), [6, 2], "float32");
    const y = new Tensor(Float64Array.from([0, 1, 2, 0, 1, 2]), [6], "int64");
    const [xb, yb] = new TensorDataset(X, y).getBatch([5, 0, 3]);
    sameTensor(xb, X.index([5, 0, 3]));
    sameTensor(yb, y.index([5, 0, 3]));
  });
});

describe("StandardScaler on float32 rows", () => {
  it("fits the same statistics as on their float64 copy (it reads the float32 storage without copying)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((cols) => fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: cols, maxLength: 60 * cols }).map((v) => ({ cols, v: v.slice(0, v.length - (v.length % cols)) }))),
        ({ cols, v }) => {
          fc.pre(v.length >= cols);
          const X32 = new Tensor(Float32Array.from(v), [v.length / cols, cols], "float32");
          const a = new StandardScaler().fit(X32);
          const b = new StandardScaler().fit(X32.double());
          expect(a.mean).toEqual(b.mean);
          expect(a.var).toEqual(b.var);
          expect(a.scale).toEqual(b.scale);
        },
      ),
      { numRuns: 200 },
    );
  });
});
