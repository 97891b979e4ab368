/**
 * PyTorch → Kindling: models saved by real PyTorch (scripts/fixtures/io.py) load into the
 * same Kindling architectures and give PyTorch's outputs.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import * as kd from "../../src/index.js";
import { CircleModelV2 } from "./fixture-models.js";
import { FIXTURES, fixtureJson } from "./helpers.js";

const nn = kd.nn;

function maxDiff(a: number[][], b: number[][]): number {
  return Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));
}

describe("PyTorch safetensors files in Kindling models", () => {
  it("CircleModelV2 (the tutorial's custom module) loads strictly and matches PyTorch's outputs", () => {
    const expected = fixtureJson<{ inputs: number[][]; outputs: number[][] }>("circle_model_v2.json");
    const model = new CircleModelV2();
    const result = model.loadStateDict(kd.load(join(FIXTURES, "circle_model_v2.safetensors")));
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    const out = kd.inferenceMode(() => model.eval().forward(kd.tensor(expected.inputs)));
    expect(out.shape).toEqual([6, 1]);
    expect(maxDiff(out.tolist() as number[][], expected.outputs)).toBeLessThan(2e-6);
  });

  it("a Sequential with BatchNorm1d (running stats, int64 counter), GELU and Dropout matches in eval mode", () => {
    const expected = fixtureJson<{ inputs: number[][]; outputs: number[][]; num_batches_tracked: number }>("blob_sequential.json");
    const model = new nn.Sequential(
      new nn.Linear(2, 8), new nn.ReLU(), new nn.BatchNorm1d(8), new nn.Linear(8, 8), new nn.GELU(), new nn.Dropout(0.2), new nn.Linear(8, 4),
    );
    model.loadStateDict(kd.load(join(FIXTURES, "blob_sequential.safetensors")));
    expect(model.stateDict()["2.num_batches_tracked"].item()).toBe(expected.num_batches_tracked);
    const out = kd.inferenceMode(() => model.eval().forward(kd.tensor(expected.inputs)));
    expect(maxDiff(out.tolist() as number[][], expected.outputs)).toBeLessThan(2e-6);
  });

  it("a wrong architecture is refused with PyTorch's message", () => {
    const model = new nn.Sequential(new nn.Linear(2, 8), new nn.ReLU(), new nn.Linear(8, 4));
    expect(() => model.loadStateDict(kd.load(join(FIXTURES, "blob_sequential.safetensors")))).toThrow(/Unexpected key\(s\) in state_dict/);
  });
});
