/** docs/porting.md's examples say what they print: each `kd.format(...)  // "..."` line is checked here, and the table's rows hold. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";

const guide = readFileSync(new URL("../../docs/porting.md", import.meta.url), "utf8");

describe("docs/porting.md", () => {
  it("prints what its kd.format lines say", () => {
    const lines = [...guide.matchAll(/^kd\.format\((.+), "(.*)"\)\s+\/\/ "(.*)"$/gm)];
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const [, value, spec, want] of lines) {
      const v = value.startsWith('"') ? (JSON.parse(value) as string) : Number(value);
      expect(kd.format(v, spec), `kd.format(${value}, "${spec}")`).toBe(want);
    }
    expect(guide).toContain('`kd.repr(1e-7)` is `"1e-07"`');
    expect(kd.repr(1e-7)).toBe("1e-07");
    expect(kd.repr(1)).toBe("1.0");
  });

  it("slices as its table says", () => {
    const X = kd.arange(12).reshape([6, 2]);
    expect(X.slice([0, 5]).tolist()).toEqual((X.tolist() as number[][]).slice(0, 5));
    expect(X.slice([-2, null]).tolist()).toEqual([[8, 9], [10, 11]]);
    expect(X.slice([null, null, 2]).tolist()).toEqual([[0, 1], [4, 5], [8, 9]]);
    expect(X.slice(null, 0).tolist()).toEqual([0, 2, 4, 6, 8, 10]);
    expect(String(X.size())).toBe("torch.Size([6, 2])");
    expect(kd.stack([kd.tensor([1, 2]), kd.tensor([3, 4])], 1).tolist()).toEqual([[1, 3], [2, 4]]);
  });

  it("converts with .int() and { dtype: kd.int32 }, and metrics take int32 as its table says", () => {
    expect(guide).toContain("`y.int()`");
    const preds = kd.tensor([0.9, 0.2, 0.7]).round().int();
    const target = kd.tensor([1, 0, 0], { dtype: kd.int32 });
    expect(preds.dtype).toBe("int32");
    expect(kd.tensor([1.7]).to(kd.int32).tolist()).toEqual([1]);
    expect(kd.metrics.accuracy(preds.int(), target.int(), { task: "binary" }).item()).toBeCloseTo(2 / 3, 6);
  });

  it("gives numpy's seeded numbers (np.random.seed(42); np.random.rand(3))", () => {
    expect(new kd.RandomState(42).rand(3)).toEqual([0.3745401188473625, 0.9507143064099162, 0.7319939418114051]);
  });
});
