/** Calibration error (l1, l2, max; several bin counts) against torchmetrics. */
import { describe, it } from "vitest";
import {
  checkCase, describeCase, loadFixture, metricFunction, toOptions, toTensor, type FunctionFixture,
} from "./fixture-utils.js";

const fx = loadFixture<FunctionFixture>("calibration.json");
describe("calibration.json", () => {
  it.each(fx.cases.map((c) => [describeCase(c), c] as const))("%s", (_name, c) => {
    const input = fx.inputs[c.input];
    const fn = metricFunction(c.fn);
    checkCase(() => fn(toTensor(input.preds), toTensor(input.target), toOptions(c.args)), c.out, describeCase(c));
  });
});
