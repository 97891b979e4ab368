/** kd.format and kd.repr against Python's own format(value, spec) and repr (scripts/fixtures/py_format.py). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as kd from "../../src/index.js";

type Value = { int: string } | { float: number | string } | { bool: boolean } | { str: string };
interface FormatCase { value: Value; spec: string; out?: string; error?: string }
interface Fixture { format: FormatCase[]; repr: { value: { float: number | string }; repr: string }[] }

const fixture = JSON.parse(readFileSync(new URL("../fixtures/text/py-format.json", import.meta.url), "utf8")) as Fixture;

const floatOf = (f: number | string): number =>
  typeof f === "number" ? f : f === "nan" ? NaN : f === "inf" ? Infinity : f === "-inf" ? -Infinity : -0;

/** The JS values that stand for the Python value: a Python float that is whole can only be a 0-d float tensor. */
function inputs(v: Value): kd.Formattable[] {
  if ("int" in v) {
    const b = BigInt(v.int);
    return Number.isSafeInteger(Number(b)) ? [Number(b), b, kd.tensor(Number(b), { dtype: "int64" })] : [b];
  }
  if ("bool" in v) return [v.bool];
  if ("str" in v) return [v.str];
  const x = floatOf(v.float);
  const t = kd.tensor(x, { dtype: "float64" });
  return Number.isSafeInteger(x) && !Object.is(x, -0) ? [t] : [x, t];
}

describe("kd.format matches Python's format(value, spec)", () => {
  const bySpec = new Map<string, FormatCase[]>();
  for (const c of fixture.format) bySpec.set(c.spec, [...(bySpec.get(c.spec) ?? []), c]);
  it("covers thousands of cases", () => expect(fixture.format.length).toBeGreaterThan(3000));
  for (const [spec, cases] of bySpec) {
    it(`spec '${spec}'`, () => {
      for (const c of cases) {
        for (const x of inputs(c.value)) {
          const label = `format(${JSON.stringify(c.value)}, '${spec}')`;
          if (c.error !== undefined) expect(() => kd.format(x, spec), label).toThrow(c.error);
          else expect(kd.format(x, spec), label).toBe(c.out);
        }
      }
    });
  }
});

describe("kd.repr matches Python's repr(float)", () => {
  it("on the fixture's floats", () => {
    for (const c of fixture.repr) expect(kd.repr(floatOf(c.value.float))).toBe(c.repr);
  });
  it("on bigints, booleans, strings, null and lists", () => {
    expect(kd.repr([1, 2n, true, "it's", null])).toBe(`[1.0, 2, True, "it's", None]`);
  });
  it("round-trips every double", () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), (x) => {
      expect(Number(kd.repr(x).replace("inf", "Infinity"))).toBe(x);
    }));
  });
});

describe("kd.format edge cases", () => {
  it("refuses a float where Python wants an int, and a tensor with elements", () => {
    expect(() => kd.format(2.5, "d")).toThrow("Unknown format code 'd' for object of type 'float'");
    expect(() => kd.format(kd.tensor([1, 2]), ".2f")).toThrow("unsupported format string passed to Tensor.__format__");
  });
  it("formats a 0-d float32 tensor as its float", () => {
    expect(kd.format(kd.tensor(1), "")).toBe("1.0");
    expect(kd.format(kd.tensor(0.5), ".2%")).toBe("50.00%");
  });
  it("groups numbers of any size without spreading them", () => {
    expect(kd.format(10n ** 30n, ",")).toBe("1,000,000,000,000,000,000,000,000,000,000");
    expect(kd.format(2, "0>1000000").length).toBe(1_000_000);
    const wide = kd.format(1234, "0=1000000,");
    expect(wide.length).toBe(1_000_001); // as Python: a separator never leads, so one zero more
    expect(wide.endsWith("0,001,234")).toBe(true);
    expect(kd.format("x".repeat(1_000_000) + "😀", ".1000001").endsWith("😀")).toBe(true);
    expect(kd.format("😀", "*^5")).toBe("**😀**");
  });
});
