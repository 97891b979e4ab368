/**
 * The playground's training session on the "webgpu" device (SwiftShader in Node): the same
 * epochs, to the digits the page prints, as the CPU session of the same config; hand-set
 * weights, pictures and the model file from the GPU's weights. Small sizes: SwiftShader
 * takes milliseconds per dispatch.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
vi.mock("kindling", async () => await import("../../src/index.js"));
import { Session, type EpochRecord } from "../../web/src/engine/session.js";
import { DEFAULT_CONFIG, type Config } from "../../web/src/state/config.js";
import * as kd from "../../src/index.js";
import { gpuUnderTest } from "../backend/webgpu/device.js";
import { generateCode } from "../../web/src/code/generate.js";
import { lastProgress, runShownOutput } from "./support/run-code.js";

beforeAll(async () => {
  await gpuUnderTest();
  expect(await kd.webgpu.init()).toBe(true);
});

/** An epoch's scores as the page prints them. */
const printed = (r: EpochRecord): string[] =>
  [r.trainLoss.toFixed(5), r.testLoss.toFixed(5), r.trainAcc.toFixed(2), r.testAcc.toFixed(2), String(r.epoch), String(r.lr)];

async function epochs(config: Config, n: number, between?: (s: Session) => Promise<void>): Promise<{ s: Session; records: EpochRecord[] }> {
  const s = new Session(config);
  const records = [await s.evaluateAsync()];
  for (let i = 0; i < n; i++) {
    records.push(await s.trainEpochAsync());
    if (between) await between(s);
  }
  return { s, records };
}

const circles: Config = { ...DEFAULT_CONFIG, points: 120, hidden: [4, 3], batchSize: 24 };

describe("a playground session on webgpu", () => {
  it("prints the CPU run's scores, epoch by epoch", async () => {
    const cpu = await epochs(circles, 3);
    const gpu = await epochs({ ...circles, device: "webgpu" }, 3);
    expect(cpu.s.device).toBe("cpu");
    expect(gpu.s.device).toBe("webgpu");
    expect(gpu.s.info.device).toBe("webgpu");
    expect(gpu.records.map(printed)).toEqual(cpu.records.map(printed));
  });

  it("cross-entropy with L1, a schedule and a weight set by hand, in slices", async () => {
    const config: Config = { ...DEFAULT_CONFIG, dataset: "blobs", classes: 3, loss: "ce", points: 90, hidden: [4], batchSize: 30, l1: 0.001, schedule: "step", stepSize: 1, gamma: 0.5, optimizer: "sgd", lr: 0.1 };
    const edit = { layer: 0, to: 1, from: 0, value: -0.75 };
    const cpu = new Session(config);
    const want = [cpu.trainEpoch(), cpu.edit(edit).record, cpu.trainEpoch()];
    const gpu = new Session({ ...config, device: "webgpu" });
    const got: EpochRecord[] = [];
    // One minibatch per slice, as the worker's time slices cut an epoch.
    for (let r = await gpu.trainAsync(() => false); ; r = await gpu.trainAsync(() => false)) if (r) { got.push(r); break; }
    got.push((await gpu.editAsync(edit)).record);
    got.push(await gpu.trainEpochAsync());
    expect(got.map(printed)).toEqual(want.map(printed));
    expect(gpu.info.config.edits).toEqual(cpu.info.config.edits);
  });

  it("dropout and a regression run print the CPU's numbers too", async () => {
    const dropout: Config = { ...circles, dropout: 0.2, loss: "ce" };
    expect((await epochs({ ...dropout, device: "webgpu" }, 2)).records.map(printed)).toEqual((await epochs(dropout, 2)).records.map(printed));
    const plane: Config = { ...DEFAULT_CONFIG, dataset: "plane", loss: "mse", noise: 0, points: 120, hidden: [4], batchSize: 24 };
    const regression = (r: EpochRecord): string[] => [r.trainLoss.toFixed(5), r.testLoss.toFixed(5), r.trainR2.toFixed(4), r.testR2.toFixed(4), r.trainRmse.toFixed(5), r.testRmse.toFixed(5)];
    expect((await epochs({ ...plane, device: "webgpu" }, 2)).records.map(regression)).toEqual((await epochs(plane, 2)).records.map(regression));
  });

  it("an edit from a link replays at its epoch on the device", async () => {
    const config: Config = { ...circles, edits: [{ epoch: 1, layer: 1, to: 0, from: 2, value: 1.5 }, { epoch: 0, layer: 0, to: 0, from: 1, value: -2 }] };
    const cpu = await epochs(config, 2);
    const gpu = await epochs({ ...config, device: "webgpu" }, 2);
    expect(gpu.records.map(printed)).toEqual(cpu.records.map(printed));
  });

  it("pictures, the confusion matrix and the model come from the trained weights", async () => {
    const cpu = await epochs(circles, 2);
    const gpu = await epochs({ ...circles, device: "webgpu" }, 2);
    // Before syncView the CPU copy holds the initial weights, not the trained ones.
    await gpu.s.syncView();
    const a = cpu.s.picture(16, 2), b = gpu.s.picture(16, 2);
    expect(b.weights.length).toBe(a.weights.length);
    for (let i = 0; i < a.weights.length; i++) expect(Math.abs(b.weights[i] - a.weights[i])).toBeLessThan(1e-5);
    for (let i = 0; i < a.boundary.length; i++) expect(Math.abs(b.boundary[i] - a.boundary[i])).toBeLessThan(1e-5);
    expect(Array.from(b.dead)).toEqual(Array.from(a.dead));
    expect(gpu.s.confusion()).toEqual(cpu.s.confusion());
    expect(gpu.s.model.parameters().every((p) => p.device === "cpu")).toBe(true);
  });

  it("the synchronous forms refuse a GPU session and name the async ones", () => {
    const s = new Session({ ...circles, device: "webgpu" });
    expect(() => s.evaluate()).toThrow(/evaluateAsync/);
    expect(() => s.trainEpoch()).toThrow(/trainAsync/);
    expect(() => s.edit({ layer: 0, to: 0, from: 0, value: 1 })).toThrow(/editAsync/);
  });
});

describe("the shown code on webgpu", () => {
  it("is the device-agnostic program and prints the page's numbers", async () => {
    const config: Config = {
      ...circles, device: "webgpu", l1: 0.003, maxEpochs: 3,
      edits: [{ epoch: 0, layer: 0, to: 1, from: 0, value: 2.5 }, { epoch: 2, layer: 2, to: 0, from: 2, value: -1.25 }],
    };
    const { records } = await epochs(config, 3);
    const code = generateCode({ config, epochs: 3, nClasses: 2, csv: null });
    expect(code).toContain('const device = kd.webgpu.isAvailable() ? "webgpu" : "cpu";');
    expect(code).toContain("model.to(device);");
    // The child process finds SwiftShader through the environment gpuUnderTest set.
    const printed = runShownOutput(code, "shown-webgpu.ts").trim().split("\n");
    expect(printed[0]).toBe("Training on webgpu");
    const got = lastProgress(printed[printed.length - 1]);
    const last = records[records.length - 1];
    expect(got).toEqual({ epoch: 3, loss: last.trainLoss.toFixed(5), acc: last.trainAcc.toFixed(2), testLoss: last.testLoss.toFixed(5), testAcc: last.testAcc.toFixed(2) });
  });
});
