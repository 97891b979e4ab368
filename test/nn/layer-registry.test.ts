/**
 * The layer registry (src/nn/layers/registry.ts) is complete and every entry works end to
 * end: each kd.nn layer class has an entry or a stated reason not to; each entry survives
 * a model file (same description, same bytes, same outputs), exports to ONNX that
 * onnxruntime runs to Kindling's outputs, says truly whether Sequential may treat it as
 * pure, and writes a model.py line that real PyTorch builds and runs to the same outputs.
 * A new layer needs a sample below: the table's type makes forgetting one a compile error.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { Module } from "../../src/nn/module.js";
import { isPureLayer } from "../../src/nn/layers/pure.js";
import { entryNamed, entryOf, LAYER_NAMES, LAYERS, NOT_IN_REGISTRY, type LayerName } from "../../src/nn/layers/registry.js";
import { Loss } from "../../src/nn/losses/loss.js";
import { findTorchPython, MISSING_MESSAGE, modelPyCheck, ON_CI, runPython } from "../export/torch-python.js";
import { useTempDir } from "../io/temp-dir.js";

const nn = kd.nn;
const WIDTH = 4;

/** The input shape of one sample: rows of features, images [channels, height, width], or sequences [channels, length]. */
const ROW = [WIDTH];
const IMAGE = [2, 6, 6];
const SEQUENCE = [2, 8];
type Sample = { make: () => kd.nn.Module; shape: number[] };
const row = (make: () => kd.nn.Module): Sample => ({ make, shape: ROW });

/**
 * One layer of each registered kind, with options other than the defaults where it has any;
 * row layers keep WIDTH features, image layers 2 channels.
 */
const SAMPLES: { [K in LayerName]: Sample } = {
  Linear: row(() => new nn.Linear(WIDTH, WIDTH, { bias: false })),
  BatchNorm1d: row(() => new nn.BatchNorm1d(WIDTH, { eps: 1e-3, momentum: 0.3 })),
  ReLU: row(() => new nn.ReLU()),
  Sigmoid: row(() => new nn.Sigmoid()),
  Tanh: row(() => new nn.Tanh()),
  SiLU: row(() => new nn.SiLU()),
  Identity: row(() => new nn.Identity()),
  LeakyReLU: row(() => new nn.LeakyReLU(0.2)),
  ELU: row(() => new nn.ELU(0.5)),
  GELU: row(() => new nn.GELU({ approximate: "tanh" })),
  Softplus: row(() => new nn.Softplus({ beta: 2, threshold: 3 })),
  Softmax: row(() => new nn.Softmax(1)),
  LogSoftmax: row(() => new nn.LogSoftmax(-1)),
  Dropout: row(() => new nn.Dropout(0.25)),
  Flatten: row(() => new nn.Flatten()),
  SELU: row(() => new nn.SELU()),
  Mish: row(() => new nn.Mish()),
  LogSigmoid: row(() => new nn.LogSigmoid()),
  Softsign: row(() => new nn.Softsign()),
  Hardtanh: row(() => new nn.Hardtanh(-0.5, 0.75)),
  Conv1d: { make: () => new nn.Conv1d(2, 3, 3, { stride: 2, padding: 1, bias: false }), shape: SEQUENCE },
  // "same" with an even kernel width: PyTorch puts the extra zero column after, and so must the ONNX pads.
  Conv2d: { make: () => new nn.Conv2d(2, 2, [3, 2], { padding: "same", groups: 2 }), shape: IMAGE },
  MaxPool2d: { make: () => new nn.MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }), shape: IMAGE },
  AvgPool2d: { make: () => new nn.AvgPool2d([2, 3], { stride: [2, 1], padding: 1, countIncludePad: false }), shape: IMAGE },
  AdaptiveAvgPool2d: { make: () => new nn.AdaptiveAvgPool2d([3, null]), shape: IMAGE },
  BatchNorm2d: { make: () => new nn.BatchNorm2d(2, { eps: 1e-3, momentum: 0.3 }), shape: IMAGE },
  Dropout2d: { make: () => new nn.Dropout2d(0.3), shape: IMAGE },
};

/** A layer that keeps the sample's shape and has weights: a Linear for rows, a 1×1 convolution for images and sequences. */
function firstLayer(shape: number[]): kd.nn.Module {
  if (shape.length === 1) return new nn.Linear(WIDTH, WIDTH);
  return shape.length === 3 ? new nn.Conv2d(shape[0], shape[0], 1) : new nn.Conv1d(shape[0], shape[0], 1);
}

/** A model of a first layer then the sample, its BatchNorm statistics moved off their initial values, in eval mode. */
function modelWith(layer: kd.nn.Module, shape: number[]): kd.nn.Sequential {
  const model = new nn.Sequential(firstLayer(shape), layer);
  model.train();
  kd.noGrad(() => model(kd.randn([16, ...shape]).mul(3)));
  return model.eval();
}

/** What a model file needs to know of the input: images and sequences give their shape. */
const inputOf = (shape: number[]) => (shape.length > 1 ? { inputShape: shape } : {});

const run = (m: kd.nn.Module, x: kd.Tensor): number[] => Array.from(kd.inferenceMode(() => m(x)).data);

describe("the layer registry is complete", () => {
  const isClass = (v: unknown): v is abstract new () => unknown => typeof v === "function";
  const moduleClasses = Object.entries(nn as Record<string, unknown>)
    .filter((e): e is [string, abstract new () => unknown] => isClass(e[1]) && (e[1] === Module || e[1].prototype instanceof Module));

  it("names every kd.nn layer class, or says why not", () => {
    const layers = moduleClasses.filter(([, v]) => v !== Loss && !(v.prototype instanceof Loss)).map(([k]) => k);
    const missing = layers.filter((k) => !Object.hasOwn(LAYERS, k) && !Object.hasOwn(NOT_IN_REGISTRY, k));
    expect(missing, "kd.nn classes with no registry entry and no reason in NOT_IN_REGISTRY").toEqual([]);
    // And the list of exceptions holds only real, unregistered classes.
    for (const k of Object.keys(NOT_IN_REGISTRY)) {
      expect(layers).toContain(k);
      expect(Object.hasOwn(LAYERS, k)).toBe(false);
    }
  });

  it("keys each entry by its class's name, the class kd.nn exports", () => {
    for (const name of LAYER_NAMES) {
      const entry = entryNamed(name)!;
      expect(entry.cls.name).toBe(name);
      expect((nn as Record<string, unknown>)[name]).toBe(entry.cls);
      expect(entry.name).toBe(name);
    }
    expect(entryNamed("toString")).toBeUndefined();
    expect(entryNamed("Sequential")).toBeUndefined();
  });

  it("matches exact classes only: a subclass may change forward", () => {
    class MyReLU extends nn.ReLU {}
    expect(entryOf(new nn.ReLU())?.name).toBe("ReLU");
    expect(entryOf(new MyReLU())).toBeUndefined();
    expect(isPureLayer(new MyReLU())).toBe(false);
  });
});

describe.each(LAYER_NAMES)("registry entry %s", (name) => {
  const { make, shape } = SAMPLES[name];

  it("round-trips through a model file: same description, same bytes, same outputs", () => {
    kd.manualSeed(7);
    const model = modelWith(make(), shape);
    const x = kd.randn([5, ...shape]).mul(2);
    const opts = { classNames: ["a", "b", "c", "d"], ...inputOf(shape) };
    const bytes = kd.io.serializeModel(model, opts);
    const loaded = kd.io.deserializeModel(bytes);
    expect(loaded.info.layers[1].type).toBe(name);
    expect(kd.io.describeSequential(loaded.model, opts)).toEqual(loaded.info);
    expect(Buffer.from(kd.io.serializeModel(loaded.model, opts)).equals(Buffer.from(bytes))).toBe(true);
    expect(run(loaded.model, x)).toEqual(run(model, x));
  });

  it("exports to ONNX that onnxruntime runs to Kindling's outputs", async () => {
    kd.manualSeed(8);
    const model = modelWith(make(), shape);
    const x = kd.randn([6, ...shape]).mul(2);
    const session = await ort.InferenceSession.create(kd.io.exportOnnx(model, x.slice([0, 1])));
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor("float32", Float32Array.from(x.data), [...x.shape]) });
    const served = out[session.outputNames[0]].data as Float32Array;
    const want = run(model, x);
    expect(served.length).toBe(want.length);
    want.forEach((v, i) => expect(Math.abs(v - served[i]), `element ${i}`).toBeLessThanOrEqual(1e-5));
  });

  it("is pure for Sequential exactly when its entry says so, and not once hooked", () => {
    const layer = make();
    expect(isPureLayer(layer)).toBe(LAYERS[name].pure);
    layer.registerForwardHook(() => undefined);
    expect(isPureLayer(layer)).toBe(false);
  });
});

const dir = useTempDir("kindling-registry-");
const py = findTorchPython();

const CHECK = modelPyCheck('{"types": [type(c).__name__ for c in m], "out": out.tolist()}');

/** The image layers chained as a model can chain them: 6×6 images, then flattened to sequences for Conv1d. */
const IMAGE_CHAIN: LayerName[] = ["Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "BatchNorm2d", "Dropout2d"];
const CHAINS = [
  { what: "rows", shape: ROW, first: "Linear", layers: () => LAYER_NAMES.filter((n) => SAMPLES[n].shape === ROW).map((n) => SAMPLES[n].make()) },
  { what: "images", shape: IMAGE, first: "Conv2d", layers: () => [...IMAGE_CHAIN.map((n) => SAMPLES[n].make()), new nn.Flatten(2), SAMPLES.Conv1d.make()] },
];

it("the model.py chains below hold every entry", () => {
  const inChains = new Set([...LAYER_NAMES.filter((n) => SAMPLES[n].shape === ROW), ...IMAGE_CHAIN, "Conv1d"]);
  expect(LAYER_NAMES.filter((n) => !inChains.has(n))).toEqual([]);
});

describe.runIf(py !== null || ON_CI).each(CHAINS)("every entry's model.py line in real PyTorch ($what)", ({ shape, first, layers }) => {
  it("builds each layer as its PyTorch class, loads the weights and computes Kindling's outputs", () => {
    if (py === null) throw new Error(MISSING_MESSAGE);
    kd.manualSeed(9);
    const model = modelWith(new nn.Sequential(...layers()), shape);
    const info = kd.io.describeSequential(model, inputOf(shape));
    const features = info.inputFeatures;
    const project = kd.io.pytorchProject({
      layers: info.layers, inputFeatures: features, featureNames: Array.from({ length: features }, (_, i) => `f${i}`), classNames: ["w", "x", "y", "z"],
      data: { kind: "builtin", name: "iris" },
      training: { loss: "cross-entropy", optimizer: "adam", lr: 0.01, weightDecay: 0, epochs: 1, batchSize: 0, seed: 1, testSize: 0.2, scale: "none", every: 1 },
    });
    const d = join(dir(), "p");
    mkdirSync(d);
    for (const [file, text] of Object.entries(project)) writeFileSync(join(d, file), text);
    const weights = join(d, "weights.safetensors");
    kd.io.saveModel(model, weights, inputOf(shape));
    const x = kd.randn([4, ...shape]);
    writeFileSync(join(d, "case.json"), JSON.stringify({ weights, x: x.tolist() }));
    writeFileSync(join(d, "check.py"), CHECK);
    const r = runPython(py, ["check.py", d, join(d, "case.json")], d);
    expect(r.code, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split("\n").pop() as string) as { types: string[]; out: number[][] };
    expect(got.types).toEqual([first, "Sequential"]);
    const want = run(model, x);
    got.out.flat(3).forEach((v, i) => expect(Math.abs(v - want[i]), `element ${i}`).toBeLessThan(1e-5));
  }, 300_000);
});
