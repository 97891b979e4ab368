/** `kindling predict` applies a playground model's derived inputs (x₁², x₁x₂, sin x₁ …) from the raw columns. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { predictRows } from "./run-cli.js";

describe("a model downloaded from the playground", () => {
  it("is applied to raw x1, x2 columns with the page's scaling and derived features", () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-pg-"));
    kd.manualSeed(3);
    const model = new kd.nn.Sequential(new kd.nn.Linear(4, 6), new kd.nn.Tanh(), new kd.nn.Linear(6, 1));
    const scaling = { scale: [2, 0.5], offset: [-0.1, 0.3] };
    const file = join(dir, "pg.safetensors");
    kd.io.saveModel(model, file, {
      featureNames: ["x1", "x2", "x1^2", "sin(x2)"],
      classNames: ["0", "1"],
      task: "binary",
      metadata: { "kindling.playground": JSON.stringify({ inputs: ["x1", "x2"], scaling, features: ["x1", "x2", "x1sq", "sinx2"] }) },
    });
    const rows = [[0.5, -1], [-0.25, 0.75], [1.5, 0.1]];
    const lines = predictRows(file, rows);
    expect(lines[0]).toBe("x1,x2,prediction,probability_0,probability_1");

    // The expected probabilities, computed here from the formula in the file.
    const z = rows.map(([a, b]) => [a * 2 - 0.1, b * 0.5 + 0.3]);
    const inputs = kd.tensor(z.map(([a, b]) => [a, b, a * a, Math.sin(b)]));
    const p1 = kd.inferenceMode(() => kd.sigmoid(model(inputs)).reshape([-1]));
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(",");
      expect(Number(cells[4])).toBeCloseTo(p1.data[i], 5);
      expect(cells[2]).toBe(p1.data[i] >= 0.5 ? "1" : "0");
    });
  });
});
