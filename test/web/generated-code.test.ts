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
];

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
