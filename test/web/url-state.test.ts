import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, normalizeConfig, type Config } from "../../web/src/state/config.js";
import { configToParams, fragmentOf, paramsToConfig } from "../../web/src/state/url.js";
import { decodeCsvParam, encodeCsvParam } from "../../web/src/state/csv-param.js";
import { DEFAULT_VIEW, paramsToView, viewToParams } from "../../web/src/state/view.js";

const custom: Config = {
  dataset: "spiral", classes: 4, noise: 0.25, points: 730, testFraction: 0.35, seed: 9001,
  features: ["x1", "x2", "x1x2", "sinx2"], hidden: [6, 3, 8], activation: "tanh", layerActivations: ["tanh", "linear", "mish"], loss: "mse",
  optimizer: "sgd", lr: 0.3, batchSize: 17, l2: 0.003, l1: 0.001, dropout: 0.1,
  edits: [{ epoch: 0, layer: 1, to: 2, from: 5, value: -0.75 }, { epoch: 12, layer: 3, to: 3, from: 7, value: 2.5e-7 }],
  drawn: [{ x: 0.125, y: -2.5, label: 3 }, { x: 1e-3, y: 0, label: 0 }],
  schedule: "step", stepSize: 30, gamma: 0.8, tMax: DEFAULT_CONFIG.tMax, maxEpochs: 500, targetAcc: 97.5, patience: 25,
};

describe("the set-up in the URL", () => {
  it("round-trips every field", () => {
    const back = paramsToConfig(fragmentOf(`#${configToParams(custom).toString()}`));
    expect(back).toEqual(custom);
  });

  it("keeps one activation per layer only when they differ, and follows the layer count", () => {
    const c = normalizeConfig({ ...DEFAULT_CONFIG, hidden: [4, 4], activation: "relu", layerActivations: ["relu", "relu"] });
    expect(c.layerActivations).toEqual([]);
    expect(configToParams(c).has("acts")).toBe(false);
    const mixed = normalizeConfig({ ...DEFAULT_CONFIG, hidden: [4, 4, 4], layerActivations: ["selu", "softsign"] });
    expect(mixed.layerActivations).toEqual(["selu", "softsign", "softsign"]);
    expect(paramsToConfig(new URLSearchParams("h=4,4&act=relu&acts=elu,nonsense")).layerActivations).toEqual(["elu", "relu"]);
  });

  it("keeps the device only when it is WebGPU, so a CPU link is as before the switch", () => {
    const gpu = paramsToConfig(fragmentOf(`#${configToParams({ ...custom, device: "webgpu" }).toString()}`));
    expect(gpu).toStrictEqual({ ...normalizeConfig(custom), device: "webgpu" });
    expect(configToParams(custom).has("dev")).toBe(false);
    expect("device" in paramsToConfig(new URLSearchParams("dev=cpu"))).toBe(false);
    expect("device" in paramsToConfig(new URLSearchParams("dev=cuda"))).toBe(false);
    expect("device" in normalizeConfig({ ...DEFAULT_CONFIG, device: "cpu" })).toBe(false);
  });

  it("keeps a network without hidden layers", () => {
    const c = { ...DEFAULT_CONFIG, hidden: [] };
    expect(paramsToConfig(configToParams(c)).hidden).toEqual([]);
  });

  it("falls back to the defaults for missing or unreadable values", () => {
    const c = paramsToConfig(new URLSearchParams("ds=nonsense&lr=abc&h=8,x&f=x1,bogus"));
    expect(c.dataset).toBe(DEFAULT_CONFIG.dataset);
    expect(c.lr).toBe(DEFAULT_CONFIG.lr);
    expect(c.hidden).toEqual([8, 4]);
    expect(c.features).toEqual(["x1"]);
    expect(paramsToConfig(new URLSearchParams(""))).toEqual(DEFAULT_CONFIG);
  });

  it("clamps out-of-range numbers and drops BCE for more than two classes", () => {
    const c = paramsToConfig(new URLSearchParams("ds=blobs&k=40&n=5&h=99,0,3,3,3,3,3,3&loss=bce&drop=2"));
    expect(c.classes).toBe(6);
    expect(c.points).toBe(20);
    expect(c.hidden).toEqual([8, 1, 3, 3, 3, 3]);
    expect(c.loss).toBe("ce");
    expect(c.dropout).toBe(0.9);
    expect(normalizeConfig({ ...DEFAULT_CONFIG, features: [] }).features).toEqual(["x1", "x2"]);
  });

  it("keeps weights set by hand only where the network has them, the later of two at one weight and epoch", () => {
    const c = paramsToConfig(new URLSearchParams("h=4&f=x1,x2&w=0:0:3:1:0.5,0:0:3:1:-2,3:1:0:3:1,0:0:4:0:1,0:2:0:0:1,1.5:0:0:0:1,x:0:0:0:1,2:0:0:0:1:9"));
    expect(c.edits).toEqual([{ epoch: 0, layer: 0, to: 3, from: 1, value: -2 }, { epoch: 3, layer: 1, to: 0, from: 3, value: 1 }]);
    // A network without that layer drops the edit.
    expect(normalizeConfig({ ...c, hidden: [2] }).edits).toEqual([]);
    expect(configToParams({ ...c, edits: [] }).has("w")).toBe(false);
  });

  it("keeps the view options (test points hidden, discretized) apart from the set-up", () => {
    const p = new URLSearchParams();
    viewToParams({ showTest: false, discretize: true, logLoss: true, speed: 0.2 }, p);
    expect(p.toString()).toBe("td=0&disc=1&log=1&speed=0.2");
    expect(paramsToView(p)).toEqual({ showTest: false, discretize: true, logLoss: true, speed: 0.2 });
    const none = new URLSearchParams();
    viewToParams(DEFAULT_VIEW, none);
    expect(none.toString()).toBe("");
    expect(paramsToView(new URLSearchParams("td=maybe&disc=2&speed=7"))).toEqual(DEFAULT_VIEW);
  });

  it("carries a CSV file deflated and base64url-encoded", async () => {
    const csv = "a,b,label\n" + Array.from({ length: 300 }, (_, i) => `${i / 7},${Math.sin(i)},${i % 3}`).join("\n");
    const param = await encodeCsvParam(csv);
    expect(param).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(param.length).toBeLessThan(csv.length);
    expect(await decodeCsvParam(param)).toBe(csv);
    await expect(decodeCsvParam("not-deflate")).rejects.toThrow();
  });
});
