import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as kd from "./kd.js";
import { fixture, fixturePath } from "./fixture-helpers.js";

interface Table {
  file: string;
  target: string;
  features: string[] | null;
  delimiter: string;
  feature_names: string[];
  X32: number[];
  y: number[];
  classes: string[];
  dtypes: Record<string, string>;
}
const fx = fixture<{ heads: Record<string, string>; tables: Table[] }>("csv.json");
const csvPath = (name: string): string => fixturePath(`csv/${name}`);
const csvText = (name: string): string => readFileSync(csvPath(name), "utf8");

describe("readCsv tables print as pandas prints read_csv(...).head(n)", () => {
  for (const [key, expected] of Object.entries(fx.heads)) {
    const [file, n] = key.split(":");
    it(`${file} head(${n})`, async () => {
      const table = await kd.data.readCsv(csvPath(file), { delimiter: file === "semicolon.csv" ? ";" : "," });
      expect(table.head(Number(n)).toString()).toBe(expected);
    });
  }

  it("the tutorial's circles table", async () => {
    const table = await kd.data.readCsv(csvPath("circles.csv"), { target: "label" });
    expect(table.columns).toEqual(["X1", "X2", "label"]);
    expect(table.numRows).toBe(1000);
    expect(table.head(10).toString()).toBe(fx.heads["circles.csv:10"]);
    expect(String(table.head())).toBe(fx.heads["circles.csv:5"]);
  });
});

describe("readCsv gives the model's view as pandas + LabelEncoder do", () => {
  for (const t of fx.tables) {
    it(`${t.file} with target ${t.target}`, async () => {
      const table = await kd.data.readCsv(csvPath(t.file), { target: t.target, features: t.features ?? undefined, delimiter: t.delimiter });
      expect(table.dtypes).toEqual(t.dtypes);
      expect(table.featureNames).toEqual(t.feature_names);
      expect(table.X.dtype).toBe("float32");
      expect([...table.X.shape]).toEqual([table.numRows, t.feature_names.length]);
      expect(Array.from(table.X.data)).toEqual(t.X32);
      expect(table.y.dtype).toBe("int64");
      expect(Array.from(table.y.data)).toEqual(t.y);
      expect(table.classNames).toEqual(t.classes);
    });
  }
});

describe("readCsv sources", () => {
  it("takes CSV text when the string has a line break, or {text}", async () => {
    const text = csvText("semicolon.csv");
    const a = await kd.data.readCsv(text, { delimiter: ";", target: "label" });
    const b = await kd.data.readCsv({ text, delimiter: ";", target: "label" });
    const c = kd.data.parseCsv(text, { delimiter: ";", target: "label" });
    for (const t of [a, b, c]) {
      expect(t.columns).toEqual(["x", "y", "label"]);
      expect(Array.from(t.y.data)).toEqual([0, 1, 0]);
    }
  });

  it("takes one-line text only as {text}", async () => {
    await expect(kd.data.readCsv({ text: "a,b" })).rejects.toThrow("has a header (row 1: a,b) but no data rows");
  });

  it("reports a file that cannot be read", async () => {
    await expect(kd.data.readCsv(csvPath("no-such-file.csv"))).rejects.toThrow(/Cannot read CSV file ".*no-such-file.csv": ENOENT/);
  });

  it("handles CRLF line ends and a missing final newline", () => {
    const t = kd.data.parseCsv("a,b\r\n1,x\r\n2,y", { target: "b" });
    expect(Array.from(t.X.data)).toEqual([1, 2]);
    expect(t.classNames).toEqual(["x", "y"]);
  });

  it("skips blank lines but keeps counting them as rows", () => {
    expect(() => kd.data.parseCsv("a,b\n1,2\n\n3,\n")).toThrow("at row 4, column 2 (cell B4)");
  });
});

describe("readCsv reports bad files with the row and column", () => {
  const read = (name: string, opts: kd.data.ReadCsvOptions = {}): Promise<kd.data.CsvTable> => kd.data.readCsv(csvPath(name), opts);
  const fails = async (p: Promise<unknown>): Promise<kd.data.CsvError> => {
    try {
      await p;
    } catch (e) {
      expect(e).toBeInstanceOf(kd.data.CsvError);
      expect(e).toBeInstanceOf(kd.ValueError);
      return e as kd.data.CsvError;
    }
    throw new Error("expected readCsv to fail");
  };

  it("an empty cell", async () => {
    const e = await fails(read("missing.csv", { target: "label" }));
    expect(e.message).toBe('Missing value (empty cell) in column "b" at row 3, column 2 (cell B3); rows and columns count from 1 as in a spreadsheet; row 1 is the header. Fill it in or remove the row: missing values are not turned into NaN.');
    expect([e.row, e.column]).toEqual([3, 2]);
  });

  it("an NA marker pandas would turn into NaN", async () => {
    const e = await fails(read("missing-na.csv"));
    expect(e.message).toContain('Missing value "NA" in column "a" at row 4, column 1 (cell A4)');
  });

  it("a row with too many fields", async () => {
    const e = await fails(read("ragged.csv"));
    expect(e.message).toContain('Row 3 has 4 fields but the header (row 1) has 3: an extra field "extra" in column 4 (cell D3)');
    expect([e.row, e.column]).toEqual([3, 4]);
  });

  it("a row with too few fields", async () => {
    const e = await fails(read("short-row.csv"));
    expect(e.message).toContain('Row 3 has 2 fields but the header (row 1) has 3: column 3 "label" is missing (cell C3)');
  });

  it("text in a feature column", async () => {
    const e = await fails(read("non-numeric.csv", { target: "label" }));
    expect(e.message).toContain('Column "b" is a feature but is not numeric: "four" at row 3, column 2 (cell B3)');
    expect([e.row, e.column]).toEqual([3, 2]);
  });

  it("text columns when neither target nor features are named: when X is read", async () => {
    const table = await read("iris.csv");
    expect(table.numRows).toBe(150);
    expect(() => table.X).toThrow('Column "species" is a feature but is not numeric: "setosa" at row 2, column 5 (cell E2)');
  });

  it("an unknown target, listing the columns", async () => {
    const e = await fails(read("circles.csv", { target: "y" }));
    expect(e.message).toBe('Target column "y" not found; the columns are: "X1", "X2", "label"');
  });

  it("an unknown feature", async () => {
    const e = await fails(read("circles.csv", { target: "label", features: ["X1", "X3"] }));
    expect(e.message).toBe('Feature column "X3" not found; the columns are: "X1", "X2", "label"');
  });

  it("an empty file", async () => {
    const e = await fails(read("empty.csv"));
    expect(e.message).toBe("No columns to parse from file: the CSV is empty (no header row)");
  });

  it("a header without data", async () => {
    const e = await fails(read("header-only.csv"));
    expect(e.message).toBe("The CSV has a header (row 1: a,b,label) but no data rows");
  });

  it("an unterminated quote", async () => {
    const e = await fails(kd.data.readCsv({ text: 'a,b\n1,"open\n2,3\n' }));
    expect(e.message).toContain("Quoted field unterminated at row 2");
  });

  it("asking for y without a target", async () => {
    const t = await read("circles.csv");
    expect(t.featureNames).toEqual(["X1", "X2", "label"]);
    expect(() => t.y).toThrow('No target column was given: pass {target: name} to readCsv (the columns are: "X1", "X2", "label")');
  });
});

describe("readCsv keeps pandas' column names", () => {
  it("names empty headers Unnamed: i and numbers repeats", () => {
    const t = kd.data.parseCsv(",a,a\n1,2,3\n");
    expect(t.columns).toEqual(["Unnamed: 0", "a", "a.1"]);
  });
});
