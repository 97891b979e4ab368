import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as kd from "./kd.js";
import { fixture, type ArrayFixture } from "./fixture-helpers.js";

interface ErrorFixture { type: string; message: string }
interface ScalerCase {
  kwargs: { with_mean?: boolean; with_std?: boolean };
  mean: number[] | null;
  var: number[] | null;
  scale: number[] | null;
  n_samples_seen: number;
  transform: number[];
  transform_new: number[];
  inverse_new: number[];
}
interface MinMaxCase {
  kwargs: { feature_range?: [number, number] };
  data_min: number[]; data_max: number[]; data_range: number[]; scale: number[]; min: number[];
  transform: number[]; transform_new: number[]; inverse_new: number[];
}
interface Fx {
  X: ArrayFixture;
  X_new: ArrayFixture;
  standard: ScalerCase[];
  standard32: { mean: number[]; var: number[]; scale: number[]; transform: number[]; inverse: number[] };
  minmax: MinMaxCase[];
  label: {
    numbers: { fit: number[]; classes: number[]; transform: number[]; inverse: number[] };
    strings: { fit: string[]; classes: string[]; transform: number[]; inverse: string[] };
    unseen_str: ErrorFixture; unseen_num: ErrorFixture; inverse_bad: ErrorFixture; not_fitted: ErrorFixture;
  };
  onehot: {
    fit: (string | number)[][]; categories: (string | number)[][]; feature_names_out: string[];
    transform: number[]; transform_new: number[]; new_known: (string | number)[][]; inverse: (string | number)[][];
    ignore_new: (string | number)[][]; ignore_transform: number[]; ignore_inverse: (string | number | null)[][];
    unknown_error: ErrorFixture; not_fitted: ErrorFixture;
    numeric_fit: number[][]; numeric_categories: number[][]; numeric_transform: number[];
  };
  errors: Record<string, ErrorFixture>;
}
const fx = fixture<Fx>("preprocessing.json");
const X = kd.fromArray(fx.X.data, fx.X.shape, { dtype: "float64" });
const Xnew = kd.fromArray(fx.X_new.data, fx.X_new.shape, { dtype: "float64" });
/** numpy 2 prints scalars inside lists as np.float64(4.0); the text around them is what matters. */
const plainNumpy = (msg: string): string => msg.replace(/np\.\w+\((.*?)\)/g, "$1");

describe("StandardScaler against scikit-learn", () => {
  for (const c of fx.standard) {
    it(`fits and transforms with ${JSON.stringify(c.kwargs)}`, () => {
      const s = new kd.data.StandardScaler({ withMean: c.kwargs.with_mean, withStd: c.kwargs.with_std });
      s.fit(X);
      // Column sums in numpy's order and the same two-pass formula: the statistics are exact.
      expect(s.mean).toEqual(c.mean);
      expect(s.var).toEqual(c.var);
      expect(s.scale).toEqual(c.scale);
      expect(s.nSamplesSeen).toBe(c.n_samples_seen);
      expect(Array.from(s.transform(X).data)).toEqual(c.transform);
      expect(Array.from(s.transform(Xnew).data)).toEqual(c.transform_new);
      expect(Array.from(s.inverseTransform(Xnew).data)).toEqual(c.inverse_new);
    });
  }

  it("gives a constant feature scale 1 (population std, zero variance)", () => {
    expect(fx.standard[0].scale![3]).toBe(1);
    const s = new kd.data.StandardScaler().fit([[1, 5], [1, 7], [1, 9]]);
    expect(s.scale).toEqual([1, Math.sqrt(8 / 3)]);
    expect(s.transform([[1, 7]])).toEqual([[0, 0]]);
  });

  it("keeps float32 input float32, rounding as numpy does", () => {
    const X32 = X.float();
    const s = new kd.data.StandardScaler().fit(X32);
    // float64 accumulators over the float32 values, as scikit-learn's _safe_accumulator_op.
    expect(s.mean).toEqual(fx.standard32.mean);
    expect(s.var).toEqual(fx.standard32.var);
    expect(s.scale).toEqual(fx.standard32.scale);
    const t = s.transform(X32);
    expect(t.dtype).toBe("float32");
    expect(Array.from(t.data)).toEqual(fx.standard32.transform);
    expect(Array.from(s.inverseTransform(X32).data)).toEqual(fx.standard32.inverse);
  });

  it("round-trips through inverseTransform", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 30 }),
        (rows) => {
          const s = new kd.data.StandardScaler();
          const back = s.inverseTransform(s.fitTransform(rows));
          back.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(rows[i][j], 6)));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("MinMaxScaler against scikit-learn", () => {
  for (const c of fx.minmax) {
    it(`fits and transforms with ${JSON.stringify(c.kwargs)}`, () => {
      const s = new kd.data.MinMaxScaler({ featureRange: c.kwargs.feature_range });
      s.fit(X);
      expect(s.dataMin).toEqual(c.data_min);
      expect(s.dataMax).toEqual(c.data_max);
      expect(s.dataRange).toEqual(c.data_range);
      expect(s.scale).toEqual(c.scale);
      expect(s.min).toEqual(c.min);
      expect(Array.from(s.transform(X).data)).toEqual(c.transform);
      expect(Array.from(s.transform(Xnew).data)).toEqual(c.transform_new);
      expect(Array.from(s.inverseTransform(Xnew).data)).toEqual(c.inverse_new);
    });
  }

  it("clips into the range when asked", () => {
    const s = new kd.data.MinMaxScaler({ clip: true }).fit([[0], [10]]);
    expect(s.transform([[-5], [5], [20]])).toEqual([[0], [0.5], [1]]);
  });

  it("maps the training data into the range and back", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 2 }), { minLength: 2, maxLength: 20 }),
        (rows) => {
          const s = new kd.data.MinMaxScaler({ featureRange: [-1, 1] });
          const t = s.fitTransform(rows);
          t.flat().forEach((v) => {
            expect(v).toBeGreaterThanOrEqual(-1 - 1e-12);
            expect(v).toBeLessThanOrEqual(1 + 1e-12);
          });
          s.inverseTransform(t).forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(rows[i][j], 9)));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("LabelEncoder against scikit-learn", () => {
  it("encodes numbers", () => {
    const c = fx.label.numbers;
    const le = new kd.data.LabelEncoder().fit(c.fit);
    expect(le.classes).toEqual(c.classes);
    const t = le.transform([10, 1, 3.5]);
    expect(t.dtype).toBe("int64");
    expect(Array.from(t.data)).toEqual(c.transform);
    expect(le.inverseTransform([0, 3, 2])).toEqual(c.inverse);
  });

  it("encodes strings in code-point order", () => {
    const c = fx.label.strings;
    const le = new kd.data.LabelEncoder();
    const encoded = Array.from(le.fitTransform(c.fit).data);
    expect(le.classes).toEqual(c.classes);
    expect(encoded).toEqual(c.fit.map((v) => c.classes.indexOf(v)));
    expect(Array.from(le.transform(["tokyo", "Paris", "ant"]).data)).toEqual(c.transform);
    expect(le.inverseTransform(kd.tensor([4, 0, 1], { dtype: "int64" }))).toEqual(c.inverse);
  });

  it("reports unseen labels as scikit-learn does", () => {
    const num = new kd.data.LabelEncoder().fit(fx.label.numbers.fit);
    const str = new kd.data.LabelEncoder().fit(fx.label.strings.fit);
    expect(() => str.transform(["berlin", "tokyo", "aachen"])).toThrow(plainNumpy(fx.label.unseen_str.message));
    expect(() => num.transform([4])).toThrow(plainNumpy(fx.label.unseen_num.message));
    expect(() => num.inverseTransform([5])).toThrow(fx.label.inverse_bad.message);
    expect(() => new kd.data.LabelEncoder().fit([1, "a"])).toThrow("Encoders require their input argument must be uniformly strings or numbers");
  });
});

describe("OneHotEncoder against scikit-learn", () => {
  const o = fx.onehot;
  it("finds the sorted categories and encodes", () => {
    const enc = new kd.data.OneHotEncoder().fit(o.fit);
    expect(enc.categories).toEqual(o.categories);
    expect(enc.getFeatureNamesOut()).toEqual(o.feature_names_out);
    const t = enc.transform(o.fit);
    expect(t.dtype).toBe("float64");
    expect(Array.from(t.data)).toEqual(o.transform);
    expect(Array.from(enc.transform(o.new_known).data)).toEqual(o.transform_new);
    expect(enc.inverseTransform(enc.transform(o.new_known))).toEqual(o.inverse);
  });

  it("ignores unknown categories when asked, and inverts them to null", () => {
    const enc = new kd.data.OneHotEncoder({ handleUnknown: "ignore" }).fit(o.fit);
    const t = enc.transform(o.ignore_new);
    expect(Array.from(t.data)).toEqual(o.ignore_transform);
    expect(enc.inverseTransform(t)).toEqual(o.ignore_inverse);
  });

  it("refuses unknown categories by default", () => {
    const enc = new kd.data.OneHotEncoder().fit(o.fit);
    expect(() => enc.transform(o.ignore_new)).toThrow(o.unknown_error.message);
  });

  it("encodes numeric columns, from a tensor too", () => {
    const enc = new kd.data.OneHotEncoder().fit(kd.tensor(o.numeric_fit, { dtype: "float64" }));
    expect(enc.categories).toEqual(o.numeric_categories);
    expect(Array.from(enc.transform([[1, 5], [2, 10]]).data)).toEqual(o.numeric_transform);
  });
});

describe("preprocessing errors use scikit-learn's messages", () => {
  const e = fx.errors;
  it("NotFittedError before fit", () => {
    for (const [f, msg] of [
      [() => new kd.data.StandardScaler().transform(X), e.standard_not_fitted.message],
      [() => new kd.data.MinMaxScaler().transform(X), e.minmax_not_fitted.message],
      [() => new kd.data.LabelEncoder().transform([1]), fx.label.not_fitted.message],
      [() => new kd.data.OneHotEncoder().transform(fx.onehot.fit), fx.onehot.not_fitted.message],
    ] as [() => unknown, string][]) {
      expect(f).toThrow(kd.data.NotFittedError);
      expect(f).toThrow(kd.ValueError);
      expect(f).toThrow(msg);
    }
  });
  it("a feature range the wrong way round", () => {
    expect(() => new kd.data.MinMaxScaler({ featureRange: [1, 0] }).fit(X)).toThrow(e.minmax_bad_range.message);
  });
  it("the wrong number of features", () => {
    const s = new kd.data.StandardScaler().fit(X);
    expect(() => s.transform(X.slice(null, [0, 3]))).toThrow(e.standard_wrong_features.message);
  });
  it("a 1-D input", () => {
    expect(() => new kd.data.StandardScaler().fit(kd.tensor([1, 2, 3]))).toThrow("Expected 2D array, got 1D array instead");
  });
});
