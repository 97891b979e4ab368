/** kd.nn.mlp, the one MLP builder behind the CLI's `train` and the playground. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";

const nn = kd.nn;

function weightsOf(m: kd.nn.Module): number[][] {
  return Object.values(m.stateDict()).map((t) => Array.from(t.data, Number));
}

describe("nn.mlp", () => {
  it("builds Linear → activation → Dropout per hidden layer, drawing the weights a hand-built Sequential draws", () => {
    kd.manualSeed(11);
    const built = nn.mlp(3, 2, { hidden: [5, 4], activation: () => new nn.Tanh(), dropout: 0.2 });
    kd.manualSeed(11);
    const byHand = new nn.Sequential(
      new nn.Linear(3, 5), new nn.Tanh(), new nn.Dropout(0.2),
      new nn.Linear(5, 4), new nn.Tanh(), new nn.Dropout(0.2),
      new nn.Linear(4, 2),
    );
    expect(built.toString()).toBe(byHand.toString());
    expect(weightsOf(built)).toEqual(weightsOf(byHand));
  });

  it("uses ReLU and no Dropout by default, a fresh activation per layer, and none when told", () => {
    const relu = nn.mlp(2, 1, { hidden: [4, 4] });
    expect(relu.children().map((m) => m._getName())).toEqual(["Linear", "ReLU", "Linear", "ReLU", "Linear"]);
    expect(relu.at(1)).not.toBe(relu.at(3));
    for (const activation of [null, () => null]) {
      expect(nn.mlp(2, 1, { hidden: [4], activation }).children().map((m) => m._getName())).toEqual(["Linear", "Linear"]);
    }
    const single = nn.mlp(6, 3);
    expect(single.length).toBe(1);
    expect((single.at(0) as kd.nn.Linear).weight.shape).toEqual([3, 6]);
  });

  it("refuses widths that are not positive whole numbers and a dropout outside [0, 1]", () => {
    expect(() => nn.mlp(0, 1)).toThrow(/mlp: inFeatures must be a positive whole number, got 0/);
    expect(() => nn.mlp(2, 1.5)).toThrow(/outFeatures must be a positive whole number, got 1.5/);
    expect(() => nn.mlp(2, 1, { hidden: [3, -1] })).toThrow(/hidden\[1\] must be a positive whole number, got -1/);
    for (const p of [1.5, -0.1, Number.NaN]) {
      expect(() => nn.mlp(2, 1, { hidden: [3], dropout: p })).toThrow(kd.ValueError);
      expect(() => nn.mlp(2, 1, { hidden: [3], dropout: p })).toThrow(/dropout probability has to be between 0 and 1/);
    }
  });
});
