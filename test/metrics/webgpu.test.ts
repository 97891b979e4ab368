/**
 * Metrics on the webgpu device (SwiftShader here): the stat-score family and the confusion
 * matrices count on the device and give the CPU's results, which are torchmetrics' (the
 * fixtures); an epoch of updates reads nothing back; the metrics that compute on the CPU
 * refuse device tensors with an error naming cpuAsync().
 *
 * The fixtures are walked once per input, counting options and metric class (the options
 * that only choose a formula, such as average or beta, share the counts and the CPU's
 * code), with every device read in flight at once, to keep SwiftShader's time short.
 * NaN scores are left out: SwiftShader does not keep IEEE NaN comparisons, which WGSL allows.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as kd from "../../src/index.js";
import { WebGpuBackend } from "../../src/backend/webgpu/backend.js";
import { gpuUnderTest } from "../backend/webgpu/device.js";
import { camel, expectMatches, loadFixture, toOptions, toTensor, type FunctionFixture, type JsonResult, type JsonTensor } from "./fixture-utils.js";

beforeAll(async () => {
  await gpuUnderTest();
  expect(await kd.webgpu.init()).toBe(true);
});
afterEach(() => vi.restoreAllMocks());

/** Waits for every check (so no read is still in flight for the next test's spy), then throws the first failure. */
async function settle(checks: Promise<void>[]): Promise<void> {
  for (const r of await Promise.allSettled(checks)) if (r.status === "rejected") throw r.reason;
}

interface DeviceMetric extends kd.metrics.MetricLike {
  to(device: "cpu" | "webgpu"): DeviceMetric;
  readonly device: string;
  computeAsync(): Promise<unknown>;
  forwardAsync(preds: kd.Tensor, target: kd.Tensor): Promise<unknown>;
  cpuAsync(): Promise<unknown>;
}
type Constructor = new (options: Record<string, unknown>) => DeviceMetric;

function metricClass(name: string): Constructor {
  const cls = (kd.metrics as unknown as Record<string, unknown>)[name];
  if (typeof cls !== "function") throw new Error(`kd.metrics.${name} is missing`);
  return cls as Constructor;
}

/** torchmetrics' class of a functional name: `multiclass_fbeta_score` → `MulticlassFBetaScore`. */
function className(fn: string): string {
  const c = camel(fn);
  return (c[0].toUpperCase() + c.slice(1)).replace("Fbeta", "FBeta").replace("Corrcoef", "CorrCoef");
}

const TASKS = ["binary", "multiclass", "multilabel"];
const hasNaN = (t: JsonTensor): boolean => t.data.some((v) => v === "nan");

describe("fixtures counted on webgpu", () => {
  const files = ["stat_scores_binary.json", "stat_scores_multiclass.json", "stat_scores_multilabel.json", "confusion_family.json"];
  it.each(files)("%s: every input, counting option and class gives torchmetrics' result", async (file) => {
    const fx = loadFixture<FunctionFixture>(file);
    const seen = new Set<string>();
    const checks: Promise<void>[] = [];
    const onDevice = new Map<string, [kd.Tensor, kd.Tensor]>();
    for (const c of fx.cases) {
      const input = fx.inputs[c.input];
      if ("error" in c.out || input.preds.dtype === "float64" || hasNaN(input.preds)) continue;
      const a = c.args;
      const task = TASKS.find((t) => c.fn.startsWith(`${t}_`)) ?? String(a.task);
      const counting = [a.threshold, a.ignore_index, a.top_k, a.multidim_average, a.num_classes, a.num_labels];
      const key = JSON.stringify([c.input, task, counting, className(c.fn)]);
      if (seen.has(key)) continue;
      seen.add(key);
      if (!onDevice.has(c.input)) onDevice.set(c.input, [toTensor(input.preds).to("webgpu"), toTensor(input.target).to("webgpu")]);
      const [p, t] = onDevice.get(c.input)!;
      const metric = new (metricClass(className(c.fn)))(toOptions(a)).to("webgpu");
      metric.update(p, t);
      const where = `${c.fn}(${c.input}, ${JSON.stringify(a)}) on webgpu`;
      checks.push(metric.computeAsync().then((v) => expectMatches(v, c.out, where)));
    }
    expect(checks.length).toBeGreaterThan(20);
    await settle(checks);
  });
});

interface ClassCase {
  cls: string;
  batches: string;
  args: Record<string, unknown>;
  forward?: JsonResult[];
  compute?: JsonResult;
  error?: string;
}

describe("classes.json on webgpu", () => {
  const fx = loadFixture<{ batches: Record<string, { preds: JsonTensor; target: JsonTensor }[]>; cases: ClassCase[] }>("classes.json");
  const cases = fx.cases.filter((c) => c.error === undefined);

  it("the stat-score and confusion classes: forwardAsync per batch, computeAsync, and again after reset", async () => {
    let counted = 0;
    const runs = cases.map(async (c) => {
      const metric = new (metricClass(c.cls))(toOptions(c.args));
      try {
        metric.to("webgpu");
      } catch (e) {
        expect(e, c.cls).toBeInstanceOf(kd.DeviceError);
        return;
      }
      counted++;
      const name = `${c.cls}(${c.batches}, ${JSON.stringify(c.args)}) on webgpu`;
      const batches = fx.batches[c.batches].map((b) => [toTensor(b.preds).to("webgpu"), toTensor(b.target).to("webgpu")] as const);
      for (const [i, [p, t]] of batches.entries()) expectMatches(await metric.forwardAsync(p, t), c.forward![i], `${name} forward ${i}`);
      expectMatches(await metric.computeAsync(), c.compute!, `${name} compute`);
      metric.reset();
      for (const [p, t] of batches) metric.update(p, t);
      expectMatches(await metric.computeAsync(), c.compute!, `${name} compute after reset`);
    });
    await settle(runs);
    expect(counted).toBeGreaterThan(100);
  });

  it("the metrics that compute on the CPU refuse webgpu, naming cpuAsync()", () => {
    const cpuOnly = ["BinaryAUROC", "MulticlassROC", "MultilabelAveragePrecision", "BinaryPrecisionRecallCurve", "BinaryCalibrationError"];
    const b = fx.batches.bin[0];
    const p = toTensor(b.preds).to("webgpu"), t = toTensor(b.target).to("webgpu");
    for (const name of cpuOnly) {
      const c = cases.find((x) => x.cls === name)!;
      const metric = new (metricClass(name))(toOptions(c.args));
      expect(metric.device).toBe("cpu");
      expect(() => metric.to("webgpu"), name).toThrow(/cpuAsync\(\)/);
      expect(() => metric.update(p, t), name).toThrow(kd.DeviceError);
      expect(() => metric.update(p, t), name).toThrow(/cpuAsync\(\)/);
    }
    expect(() => kd.metrics.binaryAuroc(p, t)).toThrow(/cpuAsync\(\)/);
    expect(() => new kd.metrics.R2Score().update(p, t.float())).toThrow(/cpuAsync\(\)/);
    expect(() => kd.metrics.sklearn.accuracyScore(t, t)).toThrow(/cpuAsync\(\)/);
    expect(() => kd.metrics.classificationReport(t, t)).toThrow(/cpuAsync\(\)/);
  });
});

describe("the functional forms", () => {
  it("every function of kd.metrics and kd.metrics.sklearn refuses webgpu tensors with a DeviceError naming cpuAsync()", () => {
    const d = "webgpu";
    const bp = kd.tensor([0.1, 0.9, 0.4, 0.7, 0.2, 0.6]).to(d), bt = kd.tensor([0, 1, 0, 1, 1, 0], { dtype: "int64" }).to(d);
    const mp = kd.tensor([[0.1, 0.9], [0.8, 0.2], [0.4, 0.6], [0.3, 0.7], [0.5, 0.5], [0.6, 0.4]]).to(d);
    const lt = kd.tensor([[0, 1], [1, 0], [0, 1], [1, 1], [0, 0], [1, 0]], { dtype: "int64" }).to(d);
    const named = (ns: object, prefix: string): [string, (...a: unknown[]) => unknown][] =>
      Object.entries(ns).filter(([k, v]) => typeof v === "function" && /^[a-z]/.test(k) && k !== "accuracyFnAsync")
        .map(([k, v]) => [prefix + k, v as (...a: unknown[]) => unknown]);
    const fns = [...named(kd.metrics, ""), ...named(kd.metrics.sklearn, "sklearn.")];
    expect(fns.length).toBeGreaterThan(60);
    for (const [name, fn] of fns) {
      const beta = /fbeta/i.test(name) ? { beta: 2 } : {};
      let args: unknown[];
      if (name.startsWith("multiclass")) args = [mp, bt, { numClasses: 2, ...beta }];
      else if (name.startsWith("multilabel")) args = [mp, lt, { numLabels: 2, ...beta }];
      else if (name.startsWith("binary")) args = [bp, bt, beta];
      else if (name.startsWith("sklearn.") || name === "classificationReport" || name === "accuracyFn") args = [bt, bt, beta];
      else if (name === "r2Score" || name === "meanSquaredError") args = [bp, bp];
      else args = [bp, bt, { task: "binary", ...beta }];
      expect(() => fn(...args), name).toThrow(kd.DeviceError);
      expect(() => fn(...args), name).toThrow(/cpuAsync\(\)/);
    }
  });
});

describe("device state", () => {
  kd.manualSeed(5);
  const batches = Array.from({ length: 4 }, () => [kd.randn([25, 4]), kd.randint(0, 4, [25])] as const);

  it("an epoch of updates reads nothing back: 3 epochs, 0 reads; computeAsync, 1 read", async () => {
    const gpuBatches = batches.map(([p, t]) => [p.to("webgpu"), t.to("webgpu")] as const);
    for (const make of [
      () => new kd.metrics.MulticlassAccuracy({ numClasses: 4 }),
      () => new kd.metrics.MulticlassConfusionMatrix({ numClasses: 4 }),
      () => new kd.metrics.BinaryF1Score(),
    ]) {
      const cpu = make(), gpu = make().to("webgpu");
      const binary = cpu instanceof kd.metrics.BinaryF1Score;
      const reads = vi.spyOn(WebGpuBackend.prototype, "read");
      for (let epoch = 0; epoch < 3; epoch++) {
        for (const [i, [p, t]] of gpuBatches.entries()) {
          gpu.update(binary ? p.select(1, 0) : p, binary ? t.remainder(2) : t);
          cpu.update(binary ? batches[i][0].select(1, 0) : batches[i][0], binary ? batches[i][1].remainder(2) : batches[i][1]);
        }
      }
      expect(reads).toHaveBeenCalledTimes(0);
      const value = await gpu.computeAsync();
      expect(reads).toHaveBeenCalledTimes(1);
      expect(value.tolist()).toEqual(cpu.compute().tolist());
      reads.mockRestore();
    }
  });

  it("to(), device and cpuAsync(); compute() and forward() name their async forms; torchmetrics' error for inputs on another device", async () => {
    const [p, t] = batches[0];
    const m = new kd.metrics.MulticlassAccuracy({ numClasses: 4 });
    expect(m.device).toBe("cpu");
    expect(() => m.update(p.to("webgpu"), t.to("webgpu"))).toThrow(/^Encountered different devices in metric calculation/);
    expect(m.to("webgpu")).toBe(m);
    expect(m.device).toBe("webgpu");
    expect(() => m.update(p, t)).toThrow(/^Encountered different devices in metric calculation.*MulticlassAccuracy\(\.\.\.\)\.to\(device\)/);
    expect(m.compute().item()).toBe(0); // nothing counted yet: no read needed
    m.update(p.to("webgpu"), t.to("webgpu"));
    expect(() => m.compute()).toThrow(/await metric\.computeAsync\(\)/);
    expect(() => m(p.to("webgpu"), t.to("webgpu"))).toThrow(/await metric\.forwardAsync/);
    expect(() => m.to("cpu")).toThrow(/await metric\.cpuAsync\(\)/);
    const want = kd.metrics.multiclassAccuracy(p, t, { numClasses: 4 }).item();
    expect(await m.cpuAsync()).toBe(m);
    expect(m.device).toBe("cpu");
    expect(m.compute().item()).toBe(want);
    // counts made on the CPU stay, and the device's are added in
    m.to("webgpu").update(p.to("webgpu"), t.to("webgpu"));
    expect((await m.computeAsync() as kd.Tensor).item()).toBe(want);
    expect(() => kd.metrics.multiclassAccuracy(p.to("webgpu"), t.to("webgpu"), { numClasses: 4 })).toThrow(/cpuAsync\(\)/);
  });

  it("at a data set's size: 60,000 positions (multi-class top-2, ignored targets; multi-label logits, samplewise)", async () => {
    kd.manualSeed(8);
    const scores = kd.randn([20000, 3, 3]), classes = kd.randint(-1, 3, [20000, 3]);
    const logits = kd.randn([20000, 3]).mul(3), labels = kd.randint(0, 2, [20000, 3]);
    const makers = [
      () => new kd.metrics.MulticlassStatScores({ numClasses: 3, topK: 2, ignoreIndex: -1, average: null }),
      () => new kd.metrics.MultilabelStatScores({ numLabels: 3, average: null, multidimAverage: "samplewise" }),
    ];
    const inputs = [[scores, classes], [logits.unsqueeze(2), labels.unsqueeze(2)]] as const;
    for (const [i, make] of makers.entries()) {
      const [p, t] = inputs[i];
      const cpu = make(), gpu = make().to("webgpu");
      cpu.update(p, t);
      gpu.update(p.to("webgpu"), t.to("webgpu"));
      expect((await gpu.computeAsync()).tolist()).toEqual(cpu.compute().tolist());
    }
  });

  it("values a check refuses fail the read, in torchmetrics' words", async () => {
    const bin = new kd.metrics.BinaryAccuracy().to("webgpu");
    bin.update(kd.tensor([0.2, 0.8, 0.4]).to("webgpu"), kd.tensor([0, 2, 1], { dtype: "int64" }).to("webgpu"));
    await expect(bin.computeAsync()).rejects.toThrow(/^Detected values in `target` other than \[0, 1\]/);
    const labels = new kd.metrics.BinaryAccuracy().to("webgpu");
    labels.update(kd.tensor([0, 3, 1], { dtype: "int64" }).to("webgpu"), kd.tensor([0, 1, 1], { dtype: "int64" }).to("webgpu"));
    await expect(labels.computeAsync()).rejects.toThrow(/`preds` other than \[0, 1\].*label tensor/);
    const mc = new kd.metrics.MulticlassConfusionMatrix({ numClasses: 3, ignoreIndex: -1 }).to("webgpu");
    mc.update(kd.tensor([0, 1, 2, 1], { dtype: "int64" }).to("webgpu"), kd.tensor([0, -1, 3, 1], { dtype: "int64" }).to("webgpu"));
    await expect(mc.computeAsync()).rejects.toThrow(/`target`.*\[0, 2\] \(num_classes=3\) or the ignore_index -1/);
    // without the checks, targets count as the CPU counts them (truncated; others nowhere)
    const p = kd.tensor([0.9, 0.2, 0.7, 0.1, 0.6, 0.4]), t = kd.tensor([0.5, 1.7, 2, 0, 1, -1]);
    const loose = (): kd.metrics.BinaryStatScores => new kd.metrics.BinaryStatScores({ validateArgs: false });
    const lc = loose(), lg = loose().to("webgpu");
    lc.update(p, t);
    lg.update(p.to("webgpu"), t.to("webgpu"));
    expect((await lg.computeAsync()).tolist()).toEqual(lc.compute().tolist());
    const ok = new kd.metrics.MulticlassConfusionMatrix({ numClasses: 3, ignoreIndex: -1 }).to("webgpu");
    ok.update(kd.tensor([0, 1, 2, 1], { dtype: "int64" }).to("webgpu"), kd.tensor([0, -1, 2, 1], { dtype: "int64" }).to("webgpu"));
    expect((await ok.computeAsync() as kd.Tensor).tolist()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  });

  it("MetricCollection moves and computes its metrics; accuracyFnAsync counts where the tensors are", async () => {
    const [p, t] = batches[1];
    const make = (): kd.metrics.MetricCollection => new kd.metrics.MetricCollection([
      new kd.metrics.MulticlassAccuracy({ numClasses: 4 }), new kd.metrics.MulticlassPrecision({ numClasses: 4, average: null }),
    ]);
    const cpu = make(), gpu = make().to("webgpu");
    cpu.update(p, t);
    gpu.update(p.to("webgpu"), t.to("webgpu"));
    const want = cpu.compute(), got = await gpu.computeAsync();
    for (const k of Object.keys(want)) expect((got[k] as kd.Tensor).tolist()).toEqual((want[k] as kd.Tensor).tolist());
    const pred = p.argmax({ dim: 1 });
    expect(await kd.metrics.accuracyFnAsync(t.to("webgpu"), pred.to("webgpu"))).toBe(kd.metrics.accuracyFn(t, pred));
    expect(await kd.metrics.accuracyFnAsync(t, pred)).toBe(kd.metrics.accuracyFn(t, pred));
  });
});
