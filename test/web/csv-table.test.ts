import { describe, expect, it, vi } from "vitest";
vi.mock("kindling", async () => await import("../../src/index.js"));
import * as kd from "kindling";
import { chooseColumns, describeCsv } from "../../web/src/data/csv-table.js";
import { readCsvData } from "../../web/src/engine/csv.js";

const lines = (...rows: string[]): string => rows.join("\n");

describe("choosing an uploaded CSV's columns", () => {
  it("takes the column named label and the first two numeric columns, leaving out ids, and lists the rest", () => {
    const text = lines(
      "id,name,label,height,width,depth",
      "1,a,cat,1.5,2,3", "2,b,dog,2.5,1,3", "3,c,cat,0.5,4,3", "4,d,dog,3.5,0,3",
    );
    const d = readCsvData(text);
    expect(d.summary).toEqual({
      featureNames: ["height", "width"], labelName: "label", ignored: ["id", "name", "depth"],
      classNames: ["cat", "dog"], rows: 4,
    });
    expect(d.X.dtype).toBe("float32");
    expect(d.X.tolist()).toEqual([[1.5, 2], [2.5, 1], [0.5, 4], [3.5, 0]]);
    expect(Array.from(d.y.data)).toEqual([0, 1, 0, 1]);
    expect(describeCsv(d.summary)).toBe(
      'Using "height" and "width" as features and "label" as the label (2 classes, 4 rows). Ignored: "id", "name", "depth".',
    );
  });

  it("never takes a row-number column as a feature, and skips constant columns", () => {
    const t = kd.data.parseCsv(lines(",index,k,a,b,y", "0,0,1,1,2,0", "1,1,1,2,1,1", "2,2,1,3,5,0", "3,3,1,0,4,1"));
    expect(chooseColumns(t)).toEqual({ featureNames: ["a", "b"], labelName: "y", ignored: ["Unnamed: 0", "index", "k"] });
  });

  it("uses the last column when none is named like a label, and orders numeric classes as numbers", () => {
    const d = readCsvData(lines("u,v,kind", "0,1,10", "1,0,2", "1,1,10", "0,0,2", "2,2,1"));
    expect(d.summary.labelName).toBe("kind");
    expect(d.summary.classNames).toEqual(["1", "2", "10"]);
    expect(Array.from(d.y.data)).toEqual([2, 1, 2, 1, 0]);
    expect(d.summary.ignored).toEqual([]);
  });

  it("prefers label, target and class over y (an x,y,label file), and takes the column the person picked", () => {
    const text = lines("x,y,label,group", "0,1,0,a", "1,0,1,b", "1,1,0,a", "0,0,1,b", "2,2,1,a");
    expect(readCsvData(text).summary).toMatchObject({ featureNames: ["x", "y"], labelName: "label", ignored: ["group"] });
    expect(chooseColumns(kd.data.parseCsv(lines("y,a,b,Target", "0,1,2,0", "1,2,1,1")))).toMatchObject({ labelName: "Target", featureNames: ["y", "a"] });
    const picked = readCsvData(text, "group");
    expect(picked.summary).toMatchObject({ featureNames: ["x", "y"], labelName: "group", ignored: ["label"], classNames: ["a", "b"] });
    expect(picked.columns).toEqual(["x", "y", "label", "group"]);
    expect(() => readCsvData(text, "colour")).toThrow('The CSV has no column "colour" to use as the label; its columns are "x", "y", "label", "group".');
  });

  it("refuses files it cannot use, saying why", () => {
    expect(() => readCsvData(lines("a,b", "1,2", "3,4", "5,6", "7,8"))).toThrow(/at least three columns/);
    expect(() => readCsvData(lines("a,b,label", "1,x,0", "3,y,1", "5,z,0", "7,w,1"))).toThrow(
      /two columns of \(varying\) numbers besides the label "label"; found only "a"/,
    );
    expect(() => readCsvData(lines("a,b,label", "1,2,0", "1,4,1", "1,6,0", "1,8,1"))).toThrow(/found only "b"/);
    expect(() => readCsvData(lines("a,b,label", "1,2,0", "3,4,0", "5,6,0", "7,8,0"))).toThrow(/only one class/);
    expect(() => readCsvData(lines("a,b,label", "1,2,0", "3,4", "5,6,0", "7,8,1"))).toThrow(/Row 3 has 2 fields/);
    expect(() => readCsvData(lines("a,b,label", "1,2,0"))).toThrow(/at least 4 data rows/);
    expect(() => readCsvData("")).toThrow(/empty/);
    const many = lines("a,b,label", ...Array.from({ length: 14 }, (_, i) => `${i},${(i * 7) % 5},c${i}`));
    expect(() => readCsvData(many)).toThrow(/14 classes/);
  });
});
