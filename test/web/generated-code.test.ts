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
