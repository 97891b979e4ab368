/**
 * `kd.metrics.sklearn` and `classificationReport` against scikit-learn: the report's text to
 * the character, its dictionary, and the functions behind it, with scikit-learn's errors.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { camel, checkCase, loadFixture, toOptions, type JsonResult } from "./fixture-utils.js";

interface SklearnCase {
  fn: string;
  y_true: kd.metrics.sklearn.LabelInput;
  y_pred: kd.metrics.sklearn.LabelInput;
  args: Record<string, unknown>;
  out: JsonResult;
}

type SkFn = (yTrue: kd.metrics.sklearn.LabelInput, yPred: kd.metrics.sklearn.LabelInput, options: Record<string, unknown>) => unknown;

function sklearnFunction(name: string): SkFn {
  const fn = (kd.metrics.sklearn as unknown as Record<string, unknown>)[camel(name)];
  if (typeof fn !== "function") throw new Error(`kd.metrics.sklearn.${camel(name)} is missing`);
  return fn as SkFn;
}

const fx = loadFixture<{ cases: SklearnCase[] }>("sklearn.json");

describe("sklearn.json", () => {
  it.each(fx.cases.map((c) => [`${c.fn}(${JSON.stringify(c.y_true).slice(0, 40)}…, ${JSON.stringify(c.args)})`, c] as const))(
    "%s",
    (name, c) => {
      const fn = sklearnFunction(c.fn);
      checkCase(() => fn(c.y_true, c.y_pred, toOptions(c.args)), c.out, name);
    },
  );
});

describe("classificationReport", () => {
  it("is the same function at kd.metrics and kd.metrics.sklearn, and takes tensors", () => {
    expect(kd.metrics.classificationReport).toBe(kd.metrics.sklearn.classificationReport);
    const yTrue = kd.tensor([0, 1, 2, 2, 1, 0]);
    const yPred = kd.tensor([0, 2, 2, 2, 1, 1], { dtype: "int64" });
    const fromArrays = kd.metrics.classificationReport([0, 1, 2, 2, 1, 0], [0, 2, 2, 2, 1, 1]);
    expect(kd.metrics.classificationReport(yTrue, yPred)).toBe(fromArrays);
    expect(fromArrays.split("\n")[6]).toBe("    accuracy                           0.67         6");
  });
});
