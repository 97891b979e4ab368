import { describe, expect, it, vi } from "vitest";
vi.mock("kindling", async () => await import("../../src/index.js"));
import * as kd from "kindling";
import { FEATURES } from "../../web/src/state/config.js";
import { FEATURE_TEXT } from "../../web/src/state/feature-text.js";
import { FEATURE_COMPUTE, featurize } from "../../web/src/engine/features.js";

describe("input features", () => {
  const x1 = kd.tensor([-1.5, 0, 0.25, 2]);
  const x2 = kd.tensor([0.5, -2, 1, 3]);

  it.each(FEATURES)("%s: the code shown computes what the page computes", (name) => {
    const shown = new Function("x1", "x2", `return ${FEATURE_TEXT[name].code};`) as (a: kd.Tensor, b: kd.Tensor) => kd.Tensor;
    expect(Array.from(shown(x1, x2).data)).toEqual(Array.from(FEATURE_COMPUTE[name](x1, x2).data));
  });

  it("standardises, then stacks the chosen features as columns", () => {
    const X = kd.tensor([[1, 10], [3, 30]]);
    const F = featurize(X, kd.tensor([2, 20]), kd.tensor([1, 10]), ["x1", "x2", "x1x2"]);
    expect(F.tolist()).toEqual([[-1, -1, 1], [1, 1, 1]]);
  });
});
