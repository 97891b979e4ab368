import { describe, expect, it, vi } from "vitest";
vi.mock("kindling", async () => await import("../../src/index.js"));
import { Session, type EpochRecord } from "../../web/src/engine/session.js";
import { DEFAULT_CONFIG, type Config } from "../../web/src/state/config.js";
import { serializeModel } from "../../web/src/engine/library.js";
import { modelFileInfo } from "../../web/src/engine/metadata.js";
import * as kd from "../../src/index.js";

const small: Config = {
  ...DEFAULT_CONFIG, dataset: "moons", points: 120, hidden: [5, 4], activation: "tanh", dropout: 0.2,
  loss: "ce", optimizer: "adamw", l2: 0.01, batchSize: 16, features: ["x1", "x2", "x1x2"],
};

describe("a training session", () => {
  // One session at a time, as in the worker: dropout draws from Kindling's global generator,
  // which each session seeds when it builds its model.
  it("gives the same run for the same config", () => {
    const a = new Session(small);
    const ra = [a.trainEpoch(), a.trainEpoch()];
    const b = new Session(small);
    const rb = [b.trainEpoch(), b.trainEpoch()];
    expect(rb).toEqual(ra);
    expect(new Session({ ...small, seed: 7 }).trainEpoch()).not.toEqual(ra[0]);
  });

  it("trains the same whether an epoch runs at once or in slices with frames drawn between them", () => {
    const whole = new Session(small);
    const expected = [whole.trainEpoch(), whole.trainEpoch(), whole.trainEpoch()];
    const sliced = new Session(small);
    const got: EpochRecord[] = [];
    let calls = 0;
    while (got.length < 3) {
      // Two batches per slice, and the page's frame computations between slices.
      let left = 2;
      const r = sliced.train(() => --left > 0);
      calls++;
      sliced.boundary(8);
      sliced.neurons(4);
      sliced.confusion();
      if (r) got.push(r);
      else expect(sliced.midEpoch).toBe(true);
    }
    expect(calls).toBeGreaterThan(3);
    expect(got).toEqual(expected);
    expect(sliced.boundary(8)).toEqual(whole.boundary(8));
  });

  it("describes its run and gives K probabilities per grid cell", () => {
    const s = new Session({ ...small, dataset: "blobs", classes: 4, loss: "bce" });
    expect(s.info.nClasses).toBe(4);
    expect(s.info.config.loss).toBe("ce"); // BCE has no meaning for four classes
    const p = s.boundary(6);
    expect(p).toHaveLength(6 * 6 * 4);
    for (let c = 0; c < 36; c++) expect(p[4 * c] + p[4 * c + 1] + p[4 * c + 2] + p[4 * c + 3]).toBeCloseTo(1, 5);
    expect(s.neurons(3)).toHaveLength((5 + 4) * 9);
    const m = s.confusion();
    expect(m.flat().reduce((a, b) => a + b, 0)).toBe(s.info.testLabels.length);
    s.trainEpoch();
    const after = s.confusion(), diagonal = after.reduce((sum, row, i) => sum + row[i], 0);
    expect((diagonal / s.info.testLabels.length) * 100).toBe(s.evaluate().testAcc);
    expect(s.info.trainLabels.length + s.info.testLabels.length).toBe(120);
  });

  it("draws the page's picture (boundary and neuron maps) from one pass, as the separate calls give it", () => {
    const s = new Session({ ...small, hidden: [3, 2] });
    s.trainEpoch();
    const whole = s.picture(8, 1);
    expect(whole.boundary).toEqual(s.boundary(8));
    expect(whole.neurons).toEqual(s.neurons(8));
    expect(whole.neuronSize).toBe(8);
    // Every other row and column of the same grid.
    const half = s.picture(8, 2), full = s.neurons(8);
    expect(half.neuronSize).toBe(4);
    for (let n = 0; n < 5; n++) {
      for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) expect(half.neurons[n * 16 + r * 4 + c]).toBe(full[n * 64 + 2 * r * 8 + 2 * c]);
    }
  });

  it("gives the drawing its input maps, dead neurons and weights, in the worker's layout", () => {
    const s = new Session({ ...small, dropout: 0, activation: "relu", hidden: [3, 2] });
    s.trainEpoch();
    const pic = s.picture(8, 2);
    // Inputs: the standardised features on the same cells (x1 grows left to right, x2 bottom to top).
    expect(pic.inputs).toHaveLength(3 * 16);
    expect(pic.inputs[3]).toBeGreaterThan(pic.inputs[0]);
    expect(pic.inputs[16 + 12]).toBeLessThan(pic.inputs[16]);
    expect(Array.from(pic.weights)).toEqual([
      ...Array.from(s.model.at(0).parameters()[0].data), ...Array.from(s.model.at(2).parameters()[0].data), ...Array.from(s.model.at(4).parameters()[0].data),
    ]);
    // A neuron is dead exactly when its full-grid map is all zeros.
    const full = s.neurons(8);
    for (let n = 0; n < 5; n++) expect(pic.dead[n] === 1).toBe(full.subarray(n * 64, n * 64 + 64).every((v) => v === 0));
    // Setting a hidden neuron's incoming weights and bias negative kills it.
    const b = s.model.at(0).parameters()[1];
    kd.noGrad(() => b.copy_(kd.tensor([-100, 0, 0])));
    for (let i = 0; i < 3; i++) s.edit({ layer: 0, to: 0, from: i, value: 0 });
    expect(s.picture(8, 2).dead[0]).toBe(1);
  });

  it.each(["elu", "silu", "softplus"] as const)("downloads a %s model that Kindling rebuilds with the same outputs", (activation) => {
    const s = new Session({ ...small, dropout: 0, activation });
    s.trainEpoch();
    const loaded = kd.io.deserializeModel(serializeModel(s.model, modelFileInfo(s)));
    const x = kd.tensor([[0.1, -0.4, 0.3], [1.2, 0.5, -0.7]]);
    s.model.eval();
    expect(loaded.model(x).tolist()).toEqual(s.model(x).tolist());
  });
});
