/**
 * "Show code" against the engine, without a browser: for each generated data set, the
 * program the page shows (run in Node with tsx) prints the numbers the page's Session
 * reaches. The browser test does the same through the page for a few set-ups.
 */
import { describe, expect, it, vi } from "vitest";
vi.mock("kindling", async () => await import("../../src/index.js"));
import { Session } from "../../web/src/engine/session.js";
import { generateCode } from "../../web/src/code/generate.js";
import { DEFAULT_CONFIG, type Config } from "../../web/src/state/config.js";
import { runShownCode } from "./support/run-code.js";
import { StopWatch, stopReason } from "../../web/src/engine/stopping.js";

const EPOCHS = 4;

const setups: [string, Partial<Config>][] = [
  ["moons", { dataset: "moons", noise: 0.2, activation: "leakyrelu", optimizer: "sgd", lr: 0.1 }],
  ["blobs", { dataset: "blobs", classes: 5, noise: 0.4, loss: "mse", features: ["x1", "x2", "sinx1", "sinx2"] }],
  ["gaussian", { dataset: "gaussian", classes: 3, loss: "ce", activation: "sigmoid", hidden: [6], dropout: 0.1, l2: 0.003 }],
  ["linear", { dataset: "circles", hidden: [], activation: "linear", features: ["x1sq", "x2sq"], batchSize: 1000 }],
  ["elu", { dataset: "circles", activation: "elu", hidden: [5] }],
  ["silu", { dataset: "moons", activation: "silu", hidden: [4, 4], optimizer: "adamw" }],
  ["softplus", { dataset: "xor", activation: "softplus", hidden: [6] }],
  ["l1", { dataset: "moons", hidden: [5, 4], l1: 0.01, l2: 0.001, optimizer: "sgd", lr: 0.1 }],
  ["per-layer activations", { dataset: "moons", hidden: [5, 4, 3], layerActivations: ["selu", "mish", "hardtanh"] }],
  ["softsign, logsigmoid", { dataset: "circles", hidden: [4, 4], activation: "tanh", layerActivations: ["softsign", "logsigmoid"], optimizer: "sgd", lr: 0.3 }],
  ["drawn points", { dataset: "moons", hidden: [5], drawn: [{ x: 0.5, y: 0.25, label: 1 }, { x: -1.125, y: 0.75, label: 0 }, { x: 2.5, y: -0.5, label: 1 }] }],
  ["drawn on blobs", { dataset: "blobs", classes: 3, loss: "ce", drawn: [{ x: 0, y: 0, label: 2 }, { x: 1.5, y: -3, label: 0 }] }],
  ["step schedule", { dataset: "moons", hidden: [5], optimizer: "sgd", lr: 0.3, schedule: "step", stepSize: 2, gamma: 0.2 }],
  ["cosine schedule", { dataset: "circles", hidden: [6, 4], schedule: "cosine", tMax: 3, lr: 0.1 }],
  // Weights set by hand before training and after two epochs, on a hidden and the output layer.
  ["edited", {
    dataset: "xor", hidden: [4, 3],
    l1: 0.003, edits: [{ epoch: 0, layer: 0, to: 1, from: 0, value: 2.5 }, { epoch: 2, layer: 2, to: 0, from: 2, value: -1.25 }, { epoch: 2, layer: 1, to: 0, from: 3, value: 0 }],
  }],
];

describe("a weight set by hand", () => {
  it("changes the run from its epoch on, and Session.edit keeps it in the config", () => {
    const base: Config = { ...DEFAULT_CONFIG, points: 240, dataset: "xor", hidden: [4] };
    const plain = new Session(base);
    const edited = new Session({ ...base, edits: [{ epoch: 1, layer: 0, to: 2, from: 1, value: 3 }] });
    expect(edited.trainEpoch()).not.toEqual(plain.trainEpoch());
    const live = new Session(base);
    live.trainEpoch();
    const { edit, record } = live.edit({ layer: 0, to: 2, from: 1, value: 3 });
    expect(edit).toEqual({ epoch: 1, layer: 0, to: 2, from: 1, value: 3 });
    expect(live.info.config.edits).toEqual([edit]);
    expect(record).toEqual(new Session(live.info.config).trainEpoch());
    // L1 changes the training (its term is trained on), not the way losses are scored.
    const l1 = new Session({ ...base, l1: 0.1 });
    expect(l1.evaluate()).toEqual(new Session(base).evaluate());
    expect(l1.trainEpoch().trainLoss).not.toBe(new Session(base).trainEpoch().trainLoss);
    expect(() => live.edit({ layer: 0, to: 9, from: 1, value: 3 })).toThrow(/no weight from 1 to 9/);
  });
});

describe("the shown code", () => {
  it.each(setups)("for %s prints the numbers the page reaches", (name, patch) => {
    const config: Config = { ...DEFAULT_CONFIG, points: 240, ...patch };
    const session = new Session(config);
    let last = session.evaluate();
    for (let e = 0; e < EPOCHS; e++) last = session.trainEpoch();
    const code = generateCode({ config: session.info.config, epochs: EPOCHS, nClasses: session.info.nClasses, csv: null });
    expect(runShownCode(code, `generated-${name}.ts`)).toEqual({
      epoch: EPOCHS,
      loss: last.trainLoss.toFixed(5),
      acc: last.trainAcc.toFixed(2),
      testLoss: last.testLoss.toFixed(5),
      testAcc: last.testAcc.toFixed(2),
    });
  }, 120_000);
});

describe("points drawn on the page", () => {
  it("join the training set (not the test set) after the split; a class the data lack is dropped", () => {
    const base: Config = { ...DEFAULT_CONFIG, points: 200, dataset: "moons" };
    const plain = new Session(base);
    const drawn = new Session({ ...base, drawn: [{ x: 0.5, y: 0.25, label: 1 }, { x: 9, y: 9, label: 0 }, { x: 1, y: 1, label: 4 }] });
    expect(drawn.info.trainLabels.length).toBe(plain.info.trainLabels.length + 2);
    expect(drawn.info.testLabels).toEqual(plain.info.testLabels);
    expect(Array.from(drawn.info.trainPoints.slice(-4))).toEqual([0.5, 0.25, 9, 9]);
    expect(Array.from(drawn.info.trainLabels.slice(-2))).toEqual([1, 0]);
    expect(drawn.info.drawnCount).toBe(2);
    expect(drawn.info.config.drawn).toHaveLength(2);
    expect(drawn.info.domain).toEqual(plain.info.domain);
  });
});

describe("a learning-rate schedule", () => {
  it("sets the rate each epoch trains with, and so the run", () => {
    const base: Config = { ...DEFAULT_CONFIG, points: 240, dataset: "moons", hidden: [4], optimizer: "sgd", lr: 0.4 };
    const step = new Session({ ...base, schedule: "step", stepSize: 2, gamma: 0.5 });
    expect([1, 2, 3, 4, 5].map(() => step.trainEpoch().lr)).toEqual([0.4, 0.2, 0.2, 0.1, 0.1]);
    const cosine = new Session({ ...base, schedule: "cosine", tMax: 4 });
    const rates = [1, 2, 3, 4].map(() => cosine.trainEpoch().lr);
    rates.forEach((r, i) => expect(r).toBeCloseTo(0.2 * (1 + Math.cos((Math.PI * (i + 1)) / 4)), 12));
    // The first epoch trains at the initial rate either way; the next ones do not.
    const plain = new Session(base), halving = new Session({ ...base, schedule: "step", stepSize: 1, gamma: 0.5 });
    expect(halving.trainEpoch().trainLoss).toBe(plain.trainEpoch().trainLoss);
    expect(halving.trainEpoch().trainLoss).not.toBe(plain.trainEpoch().trainLoss);
  });
});

describe("the stop conditions", () => {
  it("say why at the first condition met, 0 meaning never", () => {
    expect(stopReason(5, 80, 0, 0, 0, 0)).toBeNull();
    expect(stopReason(5, 80, 0, 5, 0, 0)).toMatch(/maximum of 5 epochs/);
    expect(stopReason(4, 80, 0, 5, 79.5, 0)).toMatch(/test accuracy 80.00 % reached the target of 79.5 %/);
    expect(stopReason(4, 80, 3, 0, 0, 3)).toMatch(/not improved for 3 epochs/);
    expect(stopReason(4, 80, 2, 0, 0, 3)).toBeNull();
  });

  it("are replayed over a run's epochs: the first epoch they would have stopped it at", () => {
    const w = new StopWatch();
    // Test loss: best at epoch 2, then worse for three epochs; accuracy climbs to 90.
    [[0, 1.0, 50], [1, 0.8, 60], [2, 0.5, 70], [3, 0.6, 80], [4, 0.7, 85], [5, 0.55, 90]].forEach(([e, l, a]) => w.add(e, l, a));
    expect(w.epoch).toBe(5);
    expect(w.earlier({ maxEpochs: 0, targetAcc: 0, patience: 2 })).toBe(4);
    expect(w.earlier({ maxEpochs: 0, targetAcc: 0, patience: 3 })).toBeNull();
    expect(w.now({ maxEpochs: 0, targetAcc: 0, patience: 3 })).toMatch(/not improved for 3/);
    expect(w.earlier({ maxEpochs: 0, targetAcc: 80, patience: 0 })).toBe(3);
    expect(w.earlier({ maxEpochs: 5, targetAcc: 0, patience: 0 })).toBeNull();
    // The latest epoch again (a weight set by hand) replaces its scores: now the best.
    w.add(5, 0.4, 91);
    expect(w.now({ maxEpochs: 0, targetAcc: 0, patience: 1 })).toBeNull();
    // An epoch out of order is ignored.
    w.add(9, 0.1, 99);
    expect(w.epoch).toBe(5);
  });

  it.each([
    ["early stopping", { dataset: "moons", hidden: [4], optimizer: "sgd", lr: 1, patience: 2, maxEpochs: 40 }],
    ["target accuracy", { dataset: "circles", hidden: [6], lr: 0.05, targetAcc: 90, maxEpochs: 40 }],
  ] as [string, Partial<Config>][])("stop the shown code where they stop the page (%s)", (name, patch) => {
    const config: Config = { ...DEFAULT_CONFIG, points: 240, ...patch };
    const session = new Session(config);
    const watch = new StopWatch();
    let last = session.evaluate();
    watch.add(last.epoch, last.testLoss, last.testAcc);
    while (watch.now(config) === null) {
      last = session.trainEpoch();
      watch.add(last.epoch, last.testLoss, last.testAcc);
    }
    console.log(`${name}: the page stops at epoch ${last.epoch}: ${watch.now(config)}`);
    // Before any training the page shows code for 100 epochs: the program stops by itself.
    const code = generateCode({ config: session.info.config, epochs: 100, nClasses: session.info.nClasses, csv: null });
    expect(code).toContain("function stopReason(");
    expect(runShownCode(code, `generated-stop-${name.replace(" ", "-")}.ts`)).toEqual({
      epoch: last.epoch,
      loss: last.trainLoss.toFixed(5),
      acc: last.trainAcc.toFixed(2),
      testLoss: last.testLoss.toFixed(5),
      testAcc: last.testAcc.toFixed(2),
    });
  }, 120_000);
});
