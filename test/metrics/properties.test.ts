/** Properties that hold for any input: sorting, and accumulation over batches. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { sortAscending } from "../../src/metrics/reduce/sort-floats.js";

describe("radix sort of float32 scores", () => {
  it("orders exactly as the typed arrays' own sort, NaN, -0 and infinities included", () => {
    const special = fc.constantFrom(NaN, -0, 0, Infinity, -Infinity, 0.5, 1, -1);
    const value = fc.oneof(fc.float({ noDefaultInfinity: false }), special);
    fc.assert(
      fc.property(fc.array(value, { minLength: 4096, maxLength: 6000 }), (xs) => {
        const a = Float32Array.from(xs);
        const want = a.slice().sort();
        const got = sortAscending(a.slice());
        expect(got.length).toBe(want.length);
        for (let i = 0; i < want.length; i++) expect(Object.is(got[i], want[i])).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
});

describe("classes accumulate what the functions compute at once", () => {
  const batchesOf = (n: number, k: number): fc.Arbitrary<{ preds: number[]; target: number[]; cuts: number[] }> =>
    fc.record({
      preds: fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }),
      target: fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }),
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: n - 1 }), { maxLength: 4 }),
    });

  it("multi-class F1, Jaccard and Cohen's kappa over batches equal the one-shot value", () => {
    fc.assert(
      fc.property(batchesOf(60, 4), fc.constantFrom<kd.metrics.Average>("micro", "macro", "weighted", "none"), (b, average) => {
        const long = (v: number[]): kd.Tensor => kd.tensor(v, { dtype: "int64" });
        const metrics = [
          [new kd.metrics.MulticlassF1Score({ numClasses: 4, average }), kd.metrics.multiclassF1Score] as const,
          [new kd.metrics.MulticlassJaccardIndex({ numClasses: 4, average }), kd.metrics.multiclassJaccardIndex] as const,
        ];
        const kappa = new kd.metrics.MulticlassCohenKappa({ numClasses: 4 });
        const cuts = [0, ...[...b.cuts].sort((x, y) => x - y), 60];
        for (let i = 0; i + 1 < cuts.length; i++) {
          const p = long(b.preds.slice(cuts[i], cuts[i + 1])), t = long(b.target.slice(cuts[i], cuts[i + 1]));
          for (const [m] of metrics) m.update(p, t);
          kappa.update(p, t);
        }
        const all = [long(b.preds), long(b.target)] as const;
        for (const [m, f] of metrics) {
          const want = Array.from(f(all[0], all[1], { numClasses: 4, average }).data);
          Array.from(m.compute().data).forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
        }
        const k = kd.metrics.multiclassCohenKappa(all[0], all[1], { numClasses: 4 }).item();
        if (Number.isNaN(k)) expect(kappa.compute().item()).toBeNaN();
        else expect(kappa.compute().item()).toBeCloseTo(k, 6);
      }),
      { numRuns: 60 },
    );
  });

  it("the exact binary AUROC over batches of probabilities equals the one-shot value", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 8, maxLength: 80 }),
        fc.integer({ min: 1, max: 7 }),
        (rows, cut) => {
          const scores = rows.map(([s]) => s / 20);
          const target = rows.map(([, t]) => (t ? 1 : 0));
          if (!target.includes(1) || !target.includes(0)) return;
          const m = new kd.metrics.BinaryAUROC();
          const c = Math.min(cut, rows.length - 1);
          m.update(kd.tensor(scores.slice(0, c)), kd.tensor(target.slice(0, c), { dtype: "int64" }));
          m.update(kd.tensor(scores.slice(c)), kd.tensor(target.slice(c), { dtype: "int64" }));
          const once = kd.metrics.binaryAuroc(kd.tensor(scores), kd.tensor(target, { dtype: "int64" }));
          expect(m.compute().item()).toBeCloseTo(once.item(), 6);
        },
      ),
      { numRuns: 100 },
    );
  });
});
