import { describe, expect, it } from "vitest";
import * as kd from "../src/index.js";

describe("engine smoke", () => {
  it("computes gradients of a small expression", () => {
    const a = kd.tensor([1, 2, 3], { requiresGrad: true });
    a.mul(a).sum().backward();
    expect(Array.from(a.grad!.data)).toEqual([2, 4, 6]);
  });
});
