/** Metrics are callable as in torchmetrics: `metric(preds, target)` is `metric.forward(preds, target)`. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";

describe("calling a metric", () => {
  it("updates the state and returns the batch value, as forward does", () => {
    const target = kd.tensor(Array.from({ length: 200 }, (_, i) => i % 4), { dtype: "int64" });
    const preds = target.clone();
    preds.data[7] = (preds.data[7] + 1) % 4; // one of 200 wrong, as in the tutorial
    const acc = new kd.metrics.Accuracy({ task: "multiclass", numClasses: 4 });
    expect(acc(preds, target).item()).toBeCloseTo(0.995, 6);
    expect(acc.updateCount).toBe(1);
    expect(acc(target, target).item()).toBe(1);
    expect(acc.compute().item()).toBeCloseTo(399 / 400, 6);
    expect(acc).toBeInstanceOf(kd.metrics.MulticlassAccuracy);
  });

  it("works inside a MetricCollection", () => {
    const c = new kd.metrics.MetricCollection([new kd.metrics.BinaryAccuracy(), new kd.metrics.BinaryF1Score()]);
    const out = c.forward(kd.tensor([0.9, 0.2, 0.7, 0.4]), kd.tensor([1, 0, 0, 1], { dtype: "int64" }));
    expect(Object.keys(out).sort()).toEqual(["BinaryAccuracy", "BinaryF1Score"]);
  });
});
