/** The tutorial's checks: `accuracyFn` in percent, and 199 of 200 right giving 0.995. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { loadFixture, toTensor, type JsonTensor } from "./fixture-utils.js";

const fx = loadFixture<{ cases: { y_true: JsonTensor; y_pred: JsonTensor; out: number }[] }>("accuracy_fn.json");

describe("accuracyFn", () => {
  it.each(fx.cases.map((c, i) => [i, c] as const))("case %i matches the tutorial's accuracy_fn", (_i, c) => {
    expect(kd.metrics.accuracyFn(toTensor(c.y_true), toTensor(c.y_pred))).toBeCloseTo(c.out, 10);
  });

  it("gives 50.0 for half right, from tensors or arrays", () => {
    expect(kd.metrics.accuracyFn(kd.tensor([0, 1, 1, 0]), kd.tensor([0, 1, 0, 1]))).toBe(50);
    expect(kd.metrics.accuracyFn([1, 2, 3, 4], [1, 2, 0, 0])).toBe(50);
  });
});

describe("the tutorial's Accuracy check", () => {
  it("199 of 200 multi-class labels right is 0.995", () => {
    const target = kd.tensor(Array.from({ length: 200 }, (_, i) => i % 4), { dtype: "int64" });
    const preds = target.clone();
    preds.data[123] = (preds.data[123] + 1) % 4;
    const metric = new kd.metrics.Accuracy({ task: "multiclass", numClasses: 4 });
    const value = metric.forward(preds, target);
    expect(value.dtype).toBe("float32");
    expect(value.item()).toBeCloseTo(0.995, 6);
    expect(metric.compute().item()).toBeCloseTo(0.995, 6);
    // the same predictions as (N, C) scores
    const scores = kd.zeros([200, 4]);
    for (let i = 0; i < 200; i++) scores.data[i * 4 + preds.data[i]] = 1;
    expect(kd.metrics.accuracy(scores, target, { task: "multiclass", numClasses: 4 }).item()).toBeCloseTo(0.995, 6);
  });
});
