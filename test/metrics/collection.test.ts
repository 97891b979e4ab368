/** MetricCollection: names, prefix/postfix, nesting, forward and compute as torchmetrics gives them. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { checkCase, expectMatches, loadFixture, toOptions, toTensor, type JsonResult, type JsonTensor } from "./fixture-utils.js";

type Spec =
  | { cls: string; args?: Record<string, unknown> }
  | { collection: Spec[] | Record<string, Spec>; prefix?: string; postfix?: string };

interface CollectionCase {
  spec: Spec;
  batches: string;
  keys?: string[];
  forward?: JsonResult[];
  compute?: JsonResult;
  error?: string;
  message?: string;
}

interface Fixture {
  batches: Record<string, { preds: JsonTensor; target: JsonTensor }[]>;
  collections: CollectionCase[];
}

type Member = kd.metrics.CollectionMember;

function build(spec: Spec): Member {
  if ("collection" in spec) {
    const inner = spec.collection;
    const members = Array.isArray(inner)
      ? inner.map(build)
      : Object.fromEntries(Object.entries(inner).map(([k, v]) => [k, build(v)]));
    return new kd.metrics.MetricCollection(members, { prefix: spec.prefix, postfix: spec.postfix });
  }
  const Cls = (kd.metrics as unknown as Record<string, new (o: Record<string, unknown>) => Member>)[spec.cls];
  return new Cls(toOptions(spec.args ?? {}));
}

const fx = loadFixture<Fixture>("classes.json");

describe("MetricCollection against torchmetrics", () => {
  it.each(fx.collections.map((c) => [JSON.stringify(c.spec), c] as const))("%s", (name, c) => {
    const batches = fx.batches[c.batches].map((b) => [toTensor(b.preds), toTensor(b.target)] as const);
    if (c.error !== undefined) {
      checkCase(() => build(c.spec), { error: c.error, message: c.message ?? "" }, name);
      return;
    }
    const coll = build(c.spec) as kd.metrics.MetricCollection;
    expect(coll.keys()).toEqual(c.keys);
    batches.forEach(([p, t], i) => expectMatches(coll.forward(p, t), c.forward![i], `${name} forward ${i}`));
    expectMatches(coll.compute(), c.compute!, `${name} compute`);
    coll.reset();
    for (const [p, t] of batches) coll.update(p, t);
    expectMatches(coll.compute(), c.compute!, `${name} compute after reset`);
  });
});

describe("MetricCollection", () => {
  it("finds metrics by full or base name and checks its prefix", () => {
    const acc = new kd.metrics.BinaryAccuracy();
    const coll = new kd.metrics.MetricCollection([acc, new kd.metrics.BinaryRecall()], { prefix: "train_" });
    expect(coll.get("train_BinaryAccuracy")).toBe(acc);
    expect(coll.get("BinaryAccuracy")).toBe(acc);
    expect(coll.keys(true)).toEqual(["BinaryAccuracy", "BinaryRecall"]);
    expect(coll.size).toBe(2);
    expect(() => new kd.metrics.MetricCollection([acc], { prefix: 3 as unknown as string })).toThrow(
      "Expected input `prefix` to be a string, but got <class 'number'>",
    );
  });
});
