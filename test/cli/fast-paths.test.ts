/**
 * The fast paths behind `train` and `predict` on large files give exactly what the general
 * code gives: a probability's six digits written from integer arithmetic against
 * String(Number(p.toPrecision(6))), and the fused float32 scaling against the tensor ops
 * X.mul(scale).add(offset), bit for bit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { probabilityText, writeProbabilityFast } from "../../src/cli/pipeline/probability-text.js";
import { buildMlp, forwardInChunks, INFERENCE_ROWS } from "../../src/cli/pipeline/model.js";
import { applyScaling, fitScaling } from "../../src/cli/pipeline/scale.js";
import { logitsToLabels, logitsToPredictions, logitsToProbabilities } from "../../src/cli/pipeline/task.js";

const old = (p: number): string => String(Number(p.toPrecision(6)));
const buf = new Uint8Array(32);
/** The fast path's text, or null when it declines. */
const fast = (p: number): string | null => {
  const end = writeProbabilityFast(p, buf, 3);
  return end < 0 ? null : String.fromCharCode(...buf.subarray(3, end));
};

/** Float32 values next to x (the largest below, x rounded, the smallest above). */
function around(x: number): number[] {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer);
  const out: number[] = [];
  for (const d of [-2, -1, 0, 1, 2]) {
    const g = new Float32Array(new Uint32Array([u[0] + d]).buffer);
    out.push(g[0]);
  }
  return out;
}

describe("a probability's text", () => {
  it("the fast path writes what toPrecision(6) printed, for any float32", () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true }), (p) => {
        const t = fast(p);
        if (t !== null) expect(t).toBe(old(p));
        expect(probabilityText(p)).toBe(old(p));
      }),
      { numRuns: 20000 },
    );
  });

  it("takes the usual case: float32 probabilities from 1e-6 to 1", () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.float({ min: Math.fround(1e-6), max: Math.fround(0.999), noNaN: true }), (p) => {
        const t = fast(p);
        if (t !== null) taken++;
        expect(t ?? probabilityText(p)).toBe(old(p));
      }),
      { numRuns: 20000 },
    );
    expect(taken).toBeGreaterThan(19000);
  });

  it("rounds ties up and carries into a new digit as toPrecision does", () => {
    // Dyadic values end exactly on a half at the seventh digit: ties.
    const ties = [2 ** -9, 2 ** -10, 2 ** -13, 3 * 2 ** -11, 2 ** -17, 2 ** -19, 0.5 + 2 ** -21, 0.9999995, Math.fround(0.9999995)];
    const edges = [1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 9.999995e-7, 9.999995e-6, 0.0999999, 0.09999995, 0.999999, 0.9999999].flatMap(around);
    for (const p of [...ties, ...edges, 0, -0, 1, 5e-324, 1e-7, 0.5, 1 / 3, 2 / 3, 0.1, 0.2, 0.3]) {
      const t = fast(p);
      if (t !== null) expect(t, `p = ${p}`).toBe(old(p));
      expect(probabilityText(p), `p = ${p}`).toBe(old(p));
    }
    expect(fast(2 ** -9)).toBe("0.00195313");
    expect(fast(Math.fround(0.1))).toBe("0.1");
  });

  it("declines doubles that are not float32 values, and values outside [1e-6, 1)", () => {
    for (const p of [0.1, 1 / 3, 1, 0, 1e-7, -0.5, 2, NaN, Infinity]) expect(fast(p)).toBeNull();
  });
});

describe("the fused float32 scaling", () => {
  it("gives the bits of X.mul(scale).add(offset)", () => {
    const f32 = fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e30), max: Math.fround(1e30) });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((f) => fc.record({
          scale: fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: f, maxLength: f }),
          offset: fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: f, maxLength: f }),
          cells: fc.array(f32, { minLength: f, maxLength: 40 * f }),
        })),
        ({ scale, offset, cells }) => {
          const f = scale.length;
          const rows = Math.floor(cells.length / f);
          const X = kd.tensor(Float32Array.from(cells.slice(0, rows * f)), { dtype: "float32" }).reshape([rows, f]);
          const got = applyScaling({ scale, offset }, X);
          const want = X.mul(kd.tensor(scale, { dtype: "float32" })).add(kd.tensor(offset, { dtype: "float32" }));
          expect(got.dtype).toBe("float32");
          expect(got.shape).toEqual(want.shape);
          expect(Array.from(got.data)).toEqual(Array.from(want.data));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("fits the same map on float32 rows as on their float64 copy", () => {
    const X = kd.randn([500, 4]).mul(3).add(1);
    const a = fitScaling("standard", X)!;
    const scaler = new kd.data.StandardScaler().fit(X.double());
    const offset = Array.from(scaler.transform(kd.zeros([1, 4], { dtype: "float64" })).data);
    const one = Array.from(scaler.transform(kd.ones([1, 4], { dtype: "float64" })).data);
    expect(a.offset).toEqual(offset);
    expect(a.scale).toEqual(one.map((v, i) => v - offset[i]));
  });
});

describe("inference in blocks of rows", () => {
  it("gives the logits of one whole pass, bit for bit, across block edges", () => {
    kd.manualSeed(3);
    const model = buildMlp({ inFeatures: 7, hidden: [33, 9], outFeatures: 4, activation: "relu", dropout: 0.2 });
    model.eval();
    const X = kd.randn([1000, 7]).mul(2);
    const whole = kd.inferenceMode(() => model.forward(X));
    // 67 and 100 cut 1000 rows into blocks; 1, 7 and 64 are narrower than the model (one pass).
    for (const rows of [1, 7, 64, 67, 100, 333, 999, 1000, 4096]) {
      const blocks = kd.inferenceMode(() => forwardInChunks(model, X, rows));
      expect(blocks.shape).toEqual(whole.shape);
      expect(Array.from(blocks.data)).toEqual(Array.from(whole.data));
    }
  });

  it("the default block on a set larger than one block", () => {
    kd.manualSeed(4);
    const model = buildMlp({ inFeatures: 20, hidden: [100], outFeatures: 3, activation: "relu", dropout: 0 });
    model.eval();
    const X = kd.randn([INFERENCE_ROWS * 2 + 1, 20]);
    const whole = kd.inferenceMode(() => model.forward(X));
    expect(Array.from(kd.inferenceMode(() => forwardInChunks(model, X)).data)).toEqual(Array.from(whole.data));
  });
});

describe("labels and probabilities from one pass", () => {
  it("are the tensors logitsToLabels and logitsToProbabilities give", () => {
    kd.manualSeed(5);
    // Rounded logits make ties, so argmax's tie-breaking is compared too.
    for (const logits of [kd.randn([300, 4]).mul(3).round(), kd.randn([300, 1]).mul(20), kd.randn([300]).mul(0.001), kd.tensor([[0, 0], [1e30, -1e30], [-50, 50]])]) {
      const one = logitsToPredictions(logits);
      const labels = logitsToLabels(logits);
      const probabilities = logitsToProbabilities(logits);
      expect(one.labels.dtype).toBe(labels.dtype);
      expect(one.labels.shape).toEqual(labels.shape);
      expect(Array.from(one.labels.data)).toEqual(Array.from(labels.data));
      expect(one.probabilities.shape).toEqual(probabilities.shape);
      expect(Array.from(one.probabilities.data)).toEqual(Array.from(probabilities.data));
    }
  });
});
