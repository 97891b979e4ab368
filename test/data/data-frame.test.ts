import { describe, expect, it } from "vitest";
import * as kd from "./kd.js";
import { fixture } from "./fixture-helpers.js";

type EdgeColumns = Record<string, (number | string)[]>;
interface Fx {
  frames: Record<string, string>;
  edge_dtypes: Record<string, Record<string, string>>;
  frame_inputs: { float32_columns: { X1: number[]; label: number[] }; wide_random: { values: number[] } } & Record<string, EdgeColumns>;
}
const fx = fixture<Fx>("csv.json");

describe("DataFrame prints as pandas prints", () => {
  it("the tutorial's circles table, head(10) and head()", () => {
    const [X, y] = kd.datasets.makeCircles(1000, { noise: 0.03, randomState: 42 });
    const circles = new kd.data.DataFrame({ X1: X.select(1, 0), X2: X.select(1, 1), label: y });
    expect(circles.shape).toEqual([1000, 3]);
    expect(circles.head(10).toString()).toBe(fx.frames.tutorial_circles_head10);
    expect(circles.head().toString()).toBe(fx.frames.tutorial_circles_head5);
  });

  it("float32 and int columns", () => {
    const { X1, label } = fx.frame_inputs.float32_columns;
    const df = new kd.data.DataFrame({ X1: kd.tensor(X1, { dtype: "float32" }), label: kd.tensor(label, { dtype: "int64" }) });
    expect(df.head(6).toString()).toBe(fx.frames.float32_columns);
  });

  it("negative values, zeros, strings and booleans", () => {
    expect(new kd.data.DataFrame({ v: [1, 2, 3].map((i) => -i / 3) }).toString()).toBe(fx.frames.negative_only);
    expect(new kd.data.DataFrame({ z: kd.zeros([3], { dtype: "float64" }), i: [0, 10, -100] }).toString()).toBe(fx.frames.zeros_and_ints);
    expect(new kd.data.DataFrame({ s: ["a", "bb", "ccc"], b: [true, false, true] }).toString()).toBe(fx.frames.strings_and_bools);
  });

  it("cuts a long frame to its first and last five rows", () => {
    const df = new kd.data.DataFrame({ x: Array.from({ length: 70 }, (_, i) => i / 7), y: Array.from({ length: 70 }, (_, i) => i) });
    expect(df.head(70).toString()).toBe(fx.frames.long_frame_70);
  });

  it("cuts a wide frame in the middle to fit 80 columns", () => {
    const v = fx.frame_inputs.wide_random.values;
    const cols = Array.from({ length: 14 }, (_, j): [string, number[]] => [`feature_${j}`, [0, 1, 2, 3].map((i) => v[i * 14 + j])]);
    expect(new kd.data.DataFrame(cols).toString()).toBe(fx.frames.wide_random);
  });

  const edges = ["ties", "neg_zero", "nan_inf", "large_only", "small", "big_int", "long_names", "many_columns",
    "string_middle", "text_escapes", "unicode"];
  for (const name of edges) {
    it(`edge case: ${name}`, () => {
      // NaN and ±inf travel through JSON as text; each column is rebuilt with pandas' dtype.
      const special: Record<string, number> = { nan: NaN, inf: Infinity, "-inf": -Infinity };
      const cols = Object.entries(fx.frame_inputs[name]).map(([k, vs]): [string, kd.Tensor | string[]] => {
        const dtype = fx.edge_dtypes[name][k];
        if (dtype === "float64") return [k, kd.tensor(vs.map((v) => (typeof v === "number" ? v : special[v])), { dtype: "float64" })];
        if (dtype === "int64") return [k, kd.tensor(vs as number[], { dtype: "int64" })];
        return [k, vs as string[]];
      });
      expect(new kd.data.DataFrame(cols).head().toString()).toBe(fx.frames[name]);
    });
  }

  it("head(0) is an empty frame", () => {
    expect(new kd.data.DataFrame({ a: kd.tensor([1, 2], { dtype: "float64" }), b: ["x", "y"] }).head(0).toString()).toBe(fx.frames.empty_head0);
  });

  it("rejects columns of different lengths with pandas' message", () => {
    expect(() => new kd.data.DataFrame({ a: [1, 2], b: [1] })).toThrow("All arrays must be of the same length");
  });

  it("keeps a column named like an internal field", () => {
    const df = new kd.data.DataFrame({ typed: [1, 2, 3] });
    expect(df.columns).toEqual(["typed"]);
    expect(df.column("typed")).toEqual([1, 2, 3]);
  });
});
