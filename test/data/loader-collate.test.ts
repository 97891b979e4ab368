/**
 * defaultCollate against torch.utils.data.default_collate on the same samples
 * (numbers: whole → int64, else float64, since JS has no separate int type).
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { fixture, type TensorFixture } from "../random/helpers.js";

type Collated = { tensor: TensorFixture } | { dict: Record<string, Collated> } | { list: Collated[] } | { value: unknown };

const F = fixture<{ collate: { name: string; out: Collated }[] }>("loader.json");

/** The same samples as the fixture script's, written in JS. */
const SAMPLES: Record<string, unknown[]> = {
  tensors: [kd.tensor([1.0, 2.0]), kd.tensor([3.0, 4.0])],
  pairs: [[kd.tensor([0.5, 1.5]), kd.tensor(1, { dtype: "int64" })], [kd.tensor([2.5, 3.5]), kd.tensor(0, { dtype: "int64" })]],
  ints: [1, 2, 3],
  floats: [1.5, 2.25],
  bools: [true, false, true],
  strings: ["a", "b"],
  dicts: [{ x: kd.tensor([1.0]), y: 2 }, { x: kd.tensor([3.0]), y: 4 }],
  nested: [[[1, 2], 0.5], [[3, 4], 1.5]],
};

function toJson(x: unknown): Collated {
  if (x instanceof kd.Tensor) return { tensor: { dtype: x.dtype, shape: [...x.shape], data: Array.from(x.data) } };
  if (Array.isArray(x)) return { list: x.map(toJson) };
  if (x !== null && typeof x === "object") {
    return { dict: Object.fromEntries(Object.entries(x).map(([k, v]) => [k, toJson(v)])) };
  }
  return { value: x };
}

describe("defaultCollate matches torch's default_collate", () => {
  for (const c of F.collate) {
    it(c.name, () => {
      expect(toJson(kd.data.defaultCollate(SAMPLES[c.name]))).toEqual(c.out);
    });
  }
});

describe("defaultCollate errors", () => {
  it("refuses ragged lists, mismatched tensors and unknown types", () => {
    expect(() => kd.data.defaultCollate([[1, 2], [3]])).toThrow("each element in list of batch should be of equal size");
    expect(() => kd.data.defaultCollate([kd.zeros([2]), kd.ones([3])])).toThrow(
      "stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1",
    );
    expect(() => kd.data.defaultCollate([null, null])).toThrow("default_collate: batch must contain");
    expect(() => kd.data.defaultCollate([1, "a"])).toThrow(kd.ValueError);
    expect(() => kd.data.defaultCollate([])).toThrow(kd.ValueError);
  });
});
