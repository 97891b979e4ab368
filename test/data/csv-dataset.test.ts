/** CsvDataset: an iterable dataset over a CSV file, in order or shuffled, with a DataLoader. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as kd from "./kd.js";
import { fixturePath } from "./fixture-helpers.js";
import { Generator } from "../../src/random/generator.js";

const circles = fixturePath("csv/circles.csv");
// Small chunks, so that even this 1000-row file has many segments to shuffle.
const chunkBytes = 2048;

function rowsOf(batches: Iterable<kd.Tensor[]>): { x: number[][]; y: number[] } {
  const x: number[][] = [];
  const y: number[] = [];
  for (const [xb, yb] of batches) {
    const f = xb.shape[1];
    for (let i = 0; i < xb.shape[0]; i++) x.push(Array.from(xb.data.slice(i * f, i * f + f)));
    y.push(...Array.from(yb.data));
  }
  return { x, y };
}

const key = (x: number[], y: number): string => `${x.join(",")}|${y}`;

describe("CsvDataset", () => {
  it("in order, gives loadCsv's rows in batches, through a DataLoader too", async () => {
    const whole = await kd.data.loadCsv(circles, { target: "label" });
    const ds = new kd.data.CsvDataset(circles, { target: "label", chunkBytes });
    expect(ds.featureNames).toEqual(["X1", "X2"]);
    expect(ds.classNames).toEqual(whole.classNames);
    const loader = new kd.data.DataLoader(ds, { batchSize: 64 });
    const got = rowsOf(loader);
    expect(got.y).toEqual(Array.from(whole.y!.data));
    expect(got.x.flat()).toEqual(Array.from(whole.X.data));
    const sizes = [...(loader)].map(([xb]) => xb.shape[0]);
    expect(sizes.length).toBe(16);
    expect(sizes[15]).toBe(1000 - 15 * 64);
    expect([...new kd.data.DataLoader(ds, { batchSize: 64, dropLast: true })].length).toBe(15);
  });

  it("one sample at a time: [x, y] with y an int64 scalar; a custom collateFn sees them", () => {
    const ds = new kd.data.CsvDataset(circles, { target: "label" });
    const first = ds[Symbol.iterator]().next().value as kd.Tensor[];
    expect([...first[0].shape]).toEqual([2]);
    expect(first[1].dtype).toBe("int64");
    expect(first[1].ndim).toBe(0);
    const loader = new kd.data.DataLoader(ds, { batchSize: 100, collateFn: (s: kd.Tensor[][]) => s.length });
    expect([...loader]).toEqual(Array(10).fill(100));
  });

  it("shuffled: every row once per pass, in a new order each pass, the same orders for the same seed", () => {
    const order = (seed: number, passes: number): string[][] => {
      const ds = new kd.data.CsvDataset(circles, { target: "label", shuffle: true, bufferSize: 100, generator: new Generator().manualSeed(seed), chunkBytes });
      return Array.from({ length: passes }, () => {
        const { x, y } = rowsOf(new kd.data.DataLoader(ds, { batchSize: 128 }));
        return x.map((r, i) => key(r, y[i]));
      });
    };
    const inFile = rowsOf(new kd.data.CsvDataset(circles, { target: "label" }).batches(1000));
    const fileKeys = inFile.x.map((r, i) => key(r, inFile.y[i]));
    const [a1, a2] = order(5, 2);
    const [b1, b2] = order(5, 2);
    expect([...a1].sort()).toEqual([...fileKeys].sort());
    expect([...a2].sort()).toEqual([...fileKeys].sort());
    expect(a1).not.toEqual(fileKeys);
    expect(a1).not.toEqual(a2);
    expect([b1, b2]).toEqual([a1, a2]);
    expect(order(6, 1)[0]).not.toEqual(a1);
    // Rows from the end of the file reach the first batch: the segments are shuffled too.
    expect(a1.slice(0, 128).some((k) => fileKeys.indexOf(k) >= 500)).toBe(true);
  });

  it("keeps only the rows a filter accepts (a train / test split)", () => {
    const even = new kd.data.CsvDataset(circles, { target: "label", rowFilter: (i) => i % 2 === 0, chunkBytes });
    const all = rowsOf(new kd.data.CsvDataset(circles, { target: "label" }).batches(1000));
    const got = rowsOf(even.batches(77));
    expect(got.y).toEqual(all.y.filter((_, i) => i % 2 === 0));
    const shuffled = new kd.data.CsvDataset(circles, { target: "label", rowFilter: (i) => i % 2 === 0, shuffle: true, chunkBytes });
    expect(rowsOf(shuffled.batches(77)).y.length).toBe(500);
  });

  it("reports a bad cell with its name, and refuses torch's forbidden options", () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-csvds-"));
    const path = join(dir, "bad.csv");
    writeFileSync(path, "a,b,label\n1,2,x\n3,inf,y\n");
    const ds = new kd.data.CsvDataset(path, { target: "label", classNames: ["x", "y"] });
    expect(() => [...ds.batches(2)]).toThrow('Non-finite value "inf" in column "b" at row 3, column 2 (cell B3)');
    expect(() => new kd.data.DataLoader(ds, { shuffle: true })).toThrow("DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=true");
    expect(() => new kd.data.DataLoader(ds).len()).toThrow("no len()");
    expect(() => new kd.data.CsvDataset(path, { target: "nope" })).toThrow('Target column "nope" not found');
  });
});
