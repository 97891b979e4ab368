/**
 * The playground's regression mode without a browser: the plane and multi-Gaussian data sets,
 * a Session that trains one output with MSE and scores R² and RMSE (kd.metrics), the shown
 * code printing the page's numbers, the link keeping the set-up, and a downloaded model that
 * `kindling predict` turns into one value per row.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
vi.mock("kindling", async () => await import("../../src/index.js"));
import * as kd from "kindling";
import { makeMultiGaussian, makePlane } from "../../web/src/data/synthetic.js";
import { Session } from "../../web/src/engine/session.js";
import { serializeModel } from "../../web/src/engine/library.js";
import { modelFileInfo } from "../../web/src/engine/metadata.js";
import { generateCode } from "../../web/src/code/generate.js";
import { configToParams, paramsToConfig } from "../../web/src/state/url.js";
import { DEFAULT_CONFIG, normalizeConfig, problemOf, type Config } from "../../web/src/state/config.js";
import { runShownRegression } from "./support/run-code.js";
import { predictRows, runCli } from "../cli/run-cli.js";

const BUMPS = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];

describe("the regression data sets", () => {
  it("plane: (x1 + x2) / 10 over U(-6, 6)², seeded; noise moves where the value is read", () => {
    const [X, y] = makePlane({ nSamples: 500, noise: 0, randomState: 7 });
    expect(X.shape).toEqual([500, 2]);
    expect([X.dtype, y.dtype]).toEqual(["float32", "float32"]);
    for (let i = 0; i < 500; i++) {
      const a = X.data[2 * i], b = X.data[2 * i + 1];
      expect(Math.max(Math.abs(a), Math.abs(b))).toBeLessThanOrEqual(6);
      expect(y.data[i]).toBeCloseTo((a + b) / 10, 5);
    }
    expect(makePlane({ nSamples: 500, noise: 0, randomState: 7 })[0].equal(X)).toBe(true);
    expect(makePlane({ nSamples: 500, noise: 0, randomState: 8 })[0].equal(X)).toBe(false);
    const [Xn, yn] = makePlane({ nSamples: 500, noise: 0.5, randomState: 7 });
    expect(Xn.equal(X)).toBe(true);
    const err = yn.sub(y).abs();
    // Each coordinate moves by at most 0.5 · 6, so the value by at most 0.6.
    expect(err.max().item()).toBeLessThanOrEqual(0.6 + 1e-6);
    expect(err.mean().item()).toBeGreaterThan(0.05);
  });

  it("multi-Gaussian: the strongest of six signed bumps, ±1 at their centres, 0 far from all", () => {
    const [X, y] = makeMultiGaussian({ nSamples: 800, noise: 0, randomState: 2 });
    let signs = 0;
    for (let i = 0; i < 800; i++) {
      const a = X.data[2 * i], b = X.data[2 * i + 1];
      const each = BUMPS.map(([cx, cy, s]) => s * Math.max(0, 1 - Math.hypot(a - cx, b - cy) / 2));
      const want = each.reduce((m, v) => (Math.abs(v) > Math.abs(m) ? v : m), 0);
      expect(y.data[i]).toBeCloseTo(want, 5);
      if (y.data[i] !== 0) signs++;
    }
    expect(signs).toBeGreaterThan(100);
    expect(y.max().item()).toBeGreaterThan(0.8);
    expect(y.min().item()).toBeLessThan(-0.8);
  });
});

const base: Config = { ...DEFAULT_CONFIG, points: 300, hidden: [6, 4], activation: "tanh", lr: 0.03 };

describe("a regression run", () => {
  it.each(["plane", "multigauss"] as const)("%s: one output, MSE, R² and RMSE from kd.metrics, getting better", (dataset) => {
    const s = new Session({ ...base, dataset });
    expect(s.info.regression).toBe(true);
    expect(s.info.config.loss).toBe("mse");
    const first = s.evaluate();
    let last = first;
    for (let e = 0; e < 15; e++) last = s.trainEpoch();
    expect(last.testLoss).toBeLessThan(first.testLoss);
    expect(last.testR2).toBeGreaterThan(first.testR2);
    expect(last.testRmse).toBeLessThan(first.testRmse);
    expect(Number.isNaN(last.testAcc)).toBe(true);
    // RMSE² is the MSE loss.
    expect(last.trainRmse ** 2).toBeCloseTo(last.trainLoss, 5);
    // The picture is one value per cell.
    const pic = s.picture(16, 2);
    expect(pic.boundary.length).toBe(16 * 16);
    expect(s.confusion()).toEqual([]);
    if (dataset === "plane") expect(last.testR2).toBeGreaterThan(0.9);
  });

  it("a classification set-up moved to a regression data set trains with MSE, without drawn points or a target accuracy", () => {
    const c = normalizeConfig({ ...base, dataset: "plane", loss: "bce", targetAcc: 90, drawn: [{ x: 0, y: 0, label: 1 }] });
    expect([c.loss, c.targetAcc, c.drawn.length, problemOf(c.dataset)]).toEqual(["mse", 0, 0, "regression"]);
  });

  it("keeps its set-up in the link", () => {
    const c = normalizeConfig({ ...base, dataset: "multigauss", noise: 0.2 });
    const back = paramsToConfig(new URLSearchParams(configToParams(c).toString()));
    expect(back).toEqual(c);
  });
});

describe("the shown code of a regression run", () => {
  it.each([
    ["plane", { dataset: "plane", noise: 0.1 }],
    ["multi-Gaussian", { dataset: "multigauss", features: ["x1", "x2", "x1x2", "sinx1"], hidden: [5], optimizer: "sgd", lr: 0.1, patience: 50 }],
  ] as [string, Partial<Config>][])("%s prints the page's numbers", (name, patch) => {
    const s = new Session({ ...base, ...patch });
    let last = s.evaluate();
    for (let e = 0; e < 3; e++) last = s.trainEpoch();
    const code = generateCode({ config: s.info.config, epochs: 3, nClasses: s.info.nClasses, csv: null });
    expect(code).toContain("kd.metrics.r2Score(");
    expect(runShownRegression(code, `generated-regression-${name}.ts`)).toEqual({
      epoch: 3,
      loss: last.trainLoss.toFixed(5),
      r2: last.trainR2.toFixed(4),
      rmse: last.trainRmse.toFixed(5),
      testLoss: last.testLoss.toFixed(5),
      testR2: last.testR2.toFixed(4),
      testRmse: last.testRmse.toFixed(5),
    });
  }, 120_000);
});

describe("a downloaded regression model", () => {
  it("is a kd.io regression model that `kindling predict` writes one value per row with", () => {
    const s = new Session({ ...base, dataset: "multigauss", features: ["x1", "x2", "x2sq"] });
    for (let e = 0; e < 3; e++) s.trainEpoch();
    const bytes = serializeModel(s.model, modelFileInfo(s));
    expect(kd.io.deserializeModel(bytes).info.task).toBe("regression");
    const dir = mkdtempSync(join(tmpdir(), "kindling-reg-"));
    const file = join(dir, "reg.safetensors");
    writeFileSync(file, bytes);
    const rows = [[0.5, -1], [-4, 2.5], [3.9, -2.4]];
    const lines = predictRows(file, rows);
    expect(lines[0]).toBe("x1,x2,prediction");
    // The page's own prediction at those points: the pipeline the page trains with.
    const { mean, std } = s.standardization;
    const z = rows.map(([a, b]) => [(a - mean[0]) / std[0], (b - mean[1]) / std[1]]);
    const want = kd.inferenceMode(() => {
      s.model.eval();
      return s.model(kd.tensor(z.map(([a, b]) => [a, b, b * b]))).reshape([-1]);
    });
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(",");
      expect(cells.length).toBe(3);
      expect(cells.slice(0, 2)).toEqual(rows[i].map(String));
      expect(Number(cells[2])).toBeCloseTo(want.data[i], 4);
    });
    // evaluate takes classifiers only, and says so.
    const e = runCli(["evaluate", "--model", file, "--csv", join(dir, "points.csv"), "--target", "x2"]);
    expect(e.code).not.toBe(0);
    expect(e.stderr).toMatch(/regression model/);
  }, 120_000);
});
