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

/** One layer of each registered kind, with options other than the defaults where it has any; all keep WIDTH features. */
const SAMPLES: { [K in LayerName]: () => kd.nn.Module } = {
  Linear: () => new nn.Linear(WIDTH, WIDTH, { bias: false }),
  BatchNorm1d: () => new nn.BatchNorm1d(WIDTH, { eps: 1e-3, momentum: 0.3 }),
  ReLU: () => new nn.ReLU(),
  Sigmoid: () => new nn.Sigmoid(),
  Tanh: () => new nn.Tanh(),
  SiLU: () => new nn.SiLU(),
  Identity: () => new nn.Identity(),
  LeakyReLU: () => new nn.LeakyReLU(0.2),
  ELU: () => new nn.ELU(0.5),
  GELU: () => new nn.GELU({ approximate: "tanh" }),
  Softplus: () => new nn.Softplus({ beta: 2, threshold: 3 }),
  Softmax: () => new nn.Softmax(1),
  LogSoftmax: () => new nn.LogSoftmax(-1),
  Dropout: () => new nn.Dropout(0.25),
  Flatten: () => new nn.Flatten(),
  SELU: () => new nn.SELU(),
  Mish: () => new nn.Mish(),
  LogSigmoid: () => new nn.LogSigmoid(),
  Softsign: () => new nn.Softsign(),
  Hardtanh: () => new nn.Hardtanh(-0.5, 0.75),
};

/** A model of a Linear then the sample, its BatchNorm statistics moved off their initial values, in eval mode. */
function modelWith(layer: kd.nn.Module): kd.nn.Sequential {
  const model = new nn.Sequential(new nn.Linear(WIDTH, WIDTH), layer);
  model.train();
  kd.noGrad(() => model(kd.randn([16, WIDTH]).mul(3)));
  return model.eval();
}

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
  it("round-trips through a model file: same description, same bytes, same outputs", () => {
    kd.manualSeed(7);
    const model = modelWith(SAMPLES[name]());
    const x = kd.randn([5, WIDTH]).mul(2);
    const bytes = kd.io.serializeModel(model, { classNames: ["a", "b", "c", "d"] });
    const loaded = kd.io.deserializeModel(bytes);
    expect(loaded.info.layers[1].type).toBe(name);
    expect(kd.io.describeSequential(loaded.model, { classNames: ["a", "b", "c", "d"] })).toEqual(loaded.info);
    expect(Buffer.from(kd.io.serializeModel(loaded.model, { classNames: ["a", "b", "c", "d"] })).equals(Buffer.from(bytes))).toBe(true);
    expect(run(loaded.model, x)).toEqual(run(model, x));
  });

  it("exports to ONNX that onnxruntime runs to Kindling's outputs", async () => {
    kd.manualSeed(8);
    const model = modelWith(SAMPLES[name]());
    const x = kd.randn([6, WIDTH]).mul(2);
    const session = await ort.InferenceSession.create(kd.io.exportOnnx(model, x.slice([0, 1])));
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor("float32", Float32Array.from(x.data), [...x.shape]) });
    const served = out[session.outputNames[0]].data as Float32Array;
    const want = run(model, x);
    expect(served.length).toBe(want.length);
    want.forEach((v, i) => expect(Math.abs(v - served[i]), `element ${i}`).toBeLessThanOrEqual(1e-5));
  });

  it("is pure for Sequential exactly when its entry says so, and not once hooked", () => {
    const layer = SAMPLES[name]();
    expect(isPureLayer(layer)).toBe(LAYERS[name].pure);
    layer.registerForwardHook(() => undefined);
    expect(isPureLayer(layer)).toBe(false);
  });
});

const dir = useTempDir("kindling-registry-");
const py = findTorchPython();

const CHECK = modelPyCheck('{"types": [type(c).__name__ for c in m], "out": out.tolist()}');

describe.runIf(py !== null || ON_CI)("every entry's model.py line in real PyTorch", () => {
  it("builds each layer as its PyTorch class, loads the weights and computes Kindling's outputs", () => {
    if (py === null) throw new Error(MISSING_MESSAGE);
    kd.manualSeed(9);
    const model = modelWith(new nn.Sequential(...LAYER_NAMES.map((n) => SAMPLES[n]())));
    const info = kd.io.describeSequential(model);
    const project = kd.io.pytorchProject({
      layers: info.layers, inputFeatures: WIDTH, featureNames: ["a", "b", "c", "d"], classNames: ["w", "x", "y", "z"],
      data: { kind: "builtin", name: "iris" },
      training: { loss: "cross-entropy", optimizer: "adam", lr: 0.01, weightDecay: 0, epochs: 1, batchSize: 0, seed: 1, testSize: 0.2, scale: "none", every: 1 },
    });
    const d = join(dir(), "p");
    mkdirSync(d);
    for (const [file, text] of Object.entries(project)) writeFileSync(join(d, file), text);
    const weights = join(d, "weights.safetensors");
    kd.io.saveModel(model, weights);
    const x = kd.randn([4, WIDTH]);
    writeFileSync(join(d, "case.json"), JSON.stringify({ weights, x: x.tolist() }));
    writeFileSync(join(d, "check.py"), CHECK);
    const r = runPython(py, ["check.py", d, join(d, "case.json")], d);
    expect(r.code, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split("\n").pop() as string) as { types: string[]; out: number[][] };
    expect(got.types).toEqual(["Linear", "Sequential"]);
    const want = run(model, x);
    got.out.flat().forEach((v, i) => expect(Math.abs(v - want[i]), `element ${i}`).toBeLessThan(1e-5));
  }, 300_000);
});
