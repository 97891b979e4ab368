/** torch.where takes only a bool condition; anything else is PyTorch's error, not a silent cast. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";

describe("where", () => {
  it("refuses a float or int64 condition with PyTorch's message", () => {
    const a = kd.tensor([1, 2]), b = kd.tensor([3, 4]);
    expect(() => kd.where(kd.tensor([1, 0]), a, b)).toThrow(
      new kd.DTypeError("where expected condition to be a boolean tensor, but got a tensor with dtype Float"),
    );
    expect(() => kd.where(kd.tensor([1, 0], { dtype: "int64" }), a, b)).toThrow(/with dtype Long$/);
  });
  it("picks by a bool condition", () => {
    expect(kd.where(kd.tensor([true, false]), kd.tensor([1, 2]), kd.tensor([3, 4])).tolist()).toEqual([1, 4]);
  });
});
