import { describe, expect, it } from "vitest";
import * as kd from "./kd.js";
import { conv2d } from "../../src/ops/conv.js";
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

  it("digits gives data as [n, 1, 8, 8] images with asImages, which a Conv2d takes", () => {
    const rows = kd.datasets.loadDigits();
    const b = kd.datasets.loadDigits({ asImages: true });
    expect([...b.data.shape]).toEqual([1797, 1, 8, 8]);
    expect(b.data.reshape([1797, 64]).equal(rows.data)).toBe(true);
    expect(b.target.equal(rows.target)).toBe(true);
    expect(b.featureNames).toEqual(rows.featureNames);
    // Pixel (row 2, column 3) of image 5 is feature 2·8 + 3 of row 5.
    expect(b.data.data[5 * 64 + 19]).toBe(rows.data.data[5 * 64 + 19]);
    const out = conv2d(b.data.slice([0, 4]).float().div(16), kd.fromArray(new Float32Array(18).fill(1), [2, 1, 3, 3]), null, { padding: 1 });
    expect([...out.shape]).toEqual([4, 2, 8, 8]);
  });

  it("each call returns fresh tensors", () => {
    const a = kd.datasets.loadIris();
    a.data.data[0] = -1;
    expect(kd.datasets.loadIris().data.data[0]).toBe(5.1);
  });
});
