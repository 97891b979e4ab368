import { describe, expect, it } from "vitest";
import * as kd from "./kd.js";
import { fixture } from "./fixture-helpers.js";

interface Fx {
  shape: [number, number];
  feature_names: string[];
  target_names: (string | number)[];
  first_rows: number[];
  last_row: number[];
  column_sums: number[];
  target_counts: number[];
  target_head: number[];
}
const fx = fixture<Record<string, Fx>>("datasets.json");

const loaders: [string, () => kd.datasets.Bunch<string | number>][] = [
  ["iris", kd.datasets.loadIris],
  ["wine", kd.datasets.loadWine],
  ["breast_cancer", kd.datasets.loadBreastCancer],
  ["digits", kd.datasets.loadDigits],
];

describe("bundled toy data sets equal scikit-learn's", () => {
  for (const [name, load] of loaders) {
    it(name, () => {
      const f = fx[name];
      const b = load();
      expect(b.data.dtype).toBe("float64");
      expect(b.target.dtype).toBe("int64");
      expect([...b.data.shape]).toEqual(f.shape);
      expect([...b.target.shape]).toEqual([f.shape[0]]);
      expect(b.featureNames).toEqual(f.feature_names);
      expect(b.targetNames).toEqual(f.target_names);
      const d = b.data.data;
      const cols = f.shape[1];
      expect(Array.from(d.subarray(0, 3 * cols))).toEqual(f.first_rows);
      expect(Array.from(d.subarray(d.length - cols))).toEqual(f.last_row);
      // numpy sums axis 0 down the rows in order; every value read back exactly gives the same sums.
      const sums = new Array<number>(cols).fill(0);
      for (let i = 0; i < f.shape[0]; i++) for (let j = 0; j < cols; j++) sums[j] += d[i * cols + j];
      expect(sums).toEqual(f.column_sums);
      const counts = new Array<number>(f.target_counts.length).fill(0);
      b.target.data.forEach((t) => counts[t]++);
      expect(counts).toEqual(f.target_counts);
      expect(Array.from(b.target.data.subarray(0, 20))).toEqual(f.target_head);
    });
  }

  it("digits also gives the 8×8 images", () => {
    const b = kd.datasets.loadDigits();
    expect([...b.images.shape]).toEqual([1797, 8, 8]);
    expect(b.images.reshape([1797, 64]).equal(b.data)).toBe(true);
  });

  it("each call returns fresh tensors", () => {
    const a = kd.datasets.loadIris();
    a.data.data[0] = -1;
    expect(kd.datasets.loadIris().data.data[0]).toBe(5.1);
  });
});
