/**
 * R2Score and MeanSquaredError (RMSE with squared: false) against the real torchmetrics
 * (fixtures from scripts/fixtures/regression_metrics.py), functional and stateful over batches.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";

interface Case {
  name: string;
  shape: number[];
  preds: number[];
  target: number[];
  batches: number[];
  r2: number;
  mse: number;
  rmse: number;
  r2Stateful: number;
  mseStateful: number;
  rmseStateful: number;
}

const { cases } = JSON.parse(readFileSync(new URL("../fixtures/metrics/regression.json", import.meta.url), "utf8")) as { cases: Case[] };
const t = (data: number[], shape: number[]): kd.Tensor => kd.tensor(data).float().reshape(shape);
const close = (got: kd.Tensor, want: number): void => {
  expect(got.dtype).toBe("float32");
  expect(got.shape).toEqual([]);
  expect(got.item()).toBeCloseTo(want, 5);
};

describe("regression metrics match torchmetrics", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const p = t(c.preds, c.shape), y = t(c.target, c.shape);
    close(kd.metrics.r2Score(p, y), c.r2);
    close(kd.metrics.meanSquaredError(p, y), c.mse);
    close(kd.metrics.meanSquaredError(p, y, { squared: false }), c.rmse);
    const metrics = [new kd.metrics.R2Score(), new kd.metrics.MeanSquaredError(), new kd.metrics.MeanSquaredError({ squared: false })];
    const rows = c.shape[0], width = c.shape.length === 2 ? c.shape[1] : 1;
    let at = 0;
    for (const b of c.batches) {
      const pb = t(c.preds.slice(at * width, (at + b) * width), [b, ...c.shape.slice(1)]);
      const yb = t(c.target.slice(at * width, (at + b) * width), [b, ...c.shape.slice(1)]);
      for (const m of metrics) m.update(pb, yb);
      at += b;
    }
    expect(at).toBe(rows);
    close(metrics[0].compute(), c.r2Stateful);
    close(metrics[1].compute(), c.mseStateful);
    close(metrics[2].compute(), c.rmseStateful);
  });

  it("says what is wrong, in torchmetrics' words", () => {
    expect(() => kd.metrics.r2Score(kd.tensor([1]), kd.tensor([1]))).toThrow("Needs at least two samples to calculate r2 score.");
    expect(() => kd.metrics.r2Score(kd.tensor([1, 2]), kd.tensor([1, 2, 3]))).toThrow("expected to have the same shape");
    expect(() => kd.metrics.meanSquaredError(kd.zeros([2, 2, 2]), kd.zeros([2, 2, 2]))).toThrow("1D or 2D");
  });

  it("is callable per batch and resets", () => {
    const m = new kd.metrics.R2Score();
    const batch = m(kd.tensor([1, 2, 3]), kd.tensor([1, 2, 4]));
    expect(batch.item()).toBeCloseTo(1 - 1 / (14 / 3 * 1), 5);
    m.reset();
    expect(() => m.compute()).toThrow("Needs at least two samples");
  });
});
