import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import * as kd from "../../src/index.js";
import { FileFormatError } from "../../src/io/index.js";
import { CircleModelV2 } from "./fixture-models.js";
import { useTempDir } from "./temp-dir.js";

const nn = kd.nn;
const dir = useTempDir("kindling-model-");

function blobModel(): kd.nn.Sequential {
  return new nn.Sequential(
    new nn.Linear(2, 8), new nn.ReLU(), new nn.BatchNorm1d(8, { momentum: null, eps: 1e-3 }), new nn.Linear(8, 8, { bias: false }),
    new nn.LeakyReLU(0.1), new nn.Dropout(0.25), new nn.Sequential({ inner: new nn.Linear(8, 8), act: new nn.GELU({ approximate: "tanh" }) }),
    new nn.ELU(0.7), new nn.SiLU(), new nn.Tanh(), new nn.Sigmoid(), new nn.Identity(), new nn.Softplus({ beta: 2, threshold: 10 }),
    new nn.Flatten(), new nn.Linear(8, 3), new nn.LogSoftmax(1),
  );
}

describe("describeSequential", () => {
  it("records each layer's type, options and name, and the data's names", () => {
    const info = kd.io.describeSequential(blobModel(), { featureNames: ["X1", "X2"], classNames: ["a", "b", "c"] });
    expect(info).toMatchObject({ format: "kindling-mlp/1", task: "multiclass", inputFeatures: 2, featureNames: ["X1", "X2"], classNames: ["a", "b", "c"] });
    expect(info.layers[0]).toEqual({ name: "0", type: "Linear", inFeatures: 2, outFeatures: 8, bias: true });
    expect(info.layers[2]).toEqual({ name: "2", type: "BatchNorm1d", numFeatures: 8, eps: 1e-3, momentum: null, affine: true, bias: true, trackRunningStats: true });
    expect(info.layers[3]).toMatchObject({ type: "Linear", bias: false });
    expect(info.layers[5]).toEqual({ name: "5", type: "Dropout", p: 0.25 });
    expect(info.layers[6]).toEqual({
      name: "6", type: "Sequential",
      layers: [{ name: "inner", type: "Linear", inFeatures: 8, outFeatures: 8, bias: true }, { name: "act", type: "GELU", approximate: "tanh" }],
    });
    expect(info.layers.map((l) => l.type)).toEqual([
      "Linear", "ReLU", "BatchNorm1d", "Linear", "LeakyReLU", "Dropout", "Sequential", "ELU", "SiLU", "Tanh", "Sigmoid", "Identity",
      "Softplus", "Flatten", "Linear", "LogSoftmax",
    ]);
  });

  it("calls one output binary, and checks class and feature names against the model", () => {
    const model = new nn.Sequential(new nn.Linear(2, 5), new nn.ReLU(), new nn.Linear(5, 1));
    expect(kd.io.describeSequential(model).task).toBe("binary");
    expect(kd.io.describeSequential(model, { classNames: ["outer", "inner"] }).classNames).toEqual(["outer", "inner"]);
    expect(() => kd.io.describeSequential(model, { classNames: ["a", "b", "c"] })).toThrow(/3 classNames for a model with 2 classes/);
    expect(() => kd.io.describeSequential(model, { featureNames: ["x"] })).toThrow(/has 1 names for 2 input features/);
  });

  it("refuses what it cannot rebuild", () => {
    expect(() => kd.io.describeSequential(new CircleModelV2())).toThrow(/expected an nn.Sequential, got a CircleModelV2/);
    class Custom extends nn.Module {
      override forward(x: kd.Tensor) {
        return x.mul(2);
      }
    }
    expect(() => kd.io.describeSequential(new nn.Sequential(new nn.Linear(2, 2), new Custom()))).toThrow(/layer "1" is a Custom/);
    expect(() => kd.io.describeSequential(new nn.Sequential(new nn.Flatten(), new nn.Linear(4, 2)))).toThrow(/pass \{ inputFeatures \}/);
    expect(kd.io.describeSequential(new nn.Sequential(new nn.Flatten(), new nn.Linear(4, 2)), { inputFeatures: 4 }).inputFeatures).toBe(4);
  });
});

describe("model files", () => {
  it("buildFromMetadata rebuilds the same names and shapes, from the info, its JSON or a file's metadata", () => {
    const model = blobModel();
    const info = kd.io.describeSequential(model);
    const shapes = (m: kd.nn.Module) => Object.entries(m.stateDict()).map(([k, t]) => [k, t.shape, t.dtype]);
    for (const meta of [info, JSON.stringify(info), kd.io.modelMetadata(model)]) {
      const rebuilt = kd.io.buildFromMetadata(meta);
      expect(shapes(rebuilt)).toEqual(shapes(model));
      expect(String(rebuilt)).toBe(String(model));
    }
  });

  it("saveModel / loadModel give the same outputs, in eval mode, with the names", () => {
    kd.manualSeed(3);
    const model = blobModel();
    kd.noGrad(() => model.train().forward(kd.randn([32, 2])));
    model.eval();
    const path = join(dir(), "blob.safetensors");
    kd.io.saveModel(model, path, { featureNames: ["X1", "X2"], classNames: ["a", "b", "c"], metadata: { author: "test" } });
    expect(readdirSync(dir())).toEqual(["blob.safetensors"]);
    const loaded = kd.io.loadModel(path);
    expect(loaded.model.training).toBe(false);
    expect(loaded.info.classNames).toEqual(["a", "b", "c"]);
    expect(loaded.metadata.author).toBe("test");
    const x = kd.randn([7, 2]);
    const [a, b] = kd.inferenceMode(() => [model.forward(x), loaded.model.forward(x)]);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
  });

  it("serializeModel / deserializeModel work on bytes alone (the browser's path)", () => {
    const model = new nn.Sequential(new nn.Linear(3, 4), new nn.Tanh(), new nn.Linear(4, 2));
    const bytes = kd.io.serializeModel(model, { classNames: ["no", "yes"] });
    const { model: back, info } = kd.io.deserializeModel(bytes);
    expect(info.task).toBe("multiclass");
    expect(Array.from(back.stateDict()["2.weight"].data)).toEqual(Array.from(model.stateDict()["2.weight"].data));
  });

  it("says a bare state dict has no model description", () => {
    const path = join(dir(), "bare.safetensors");
    kd.save(new CircleModelV2().stateDict(), path);
    expect(() => kd.io.loadModel(path)).toThrow(FileFormatError);
    expect(() => kd.io.loadModel(path)).toThrow(/bare\.safetensors: .*no "kindling" metadata/);
  });
});

describe("hostile model descriptions", () => {
  const model = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
  const sd = model.stateDict();
  const info = kd.io.describeSequential(model);
  const withInfo = (edit: (i: Record<string, unknown>) => void) => {
    const raw = JSON.parse(JSON.stringify(info)) as Record<string, unknown>;
    edit(raw);
    return kd.io.serialize(sd, { kindling: JSON.stringify(raw) });
  };
  const layers = (i: Record<string, unknown>) => i.layers as Record<string, unknown>[];

  const cases: [string, Uint8Array, RegExp][] = [
    ["not JSON", kd.io.serialize(sd, { kindling: "{oops" }), /is not valid JSON/],
    ["another format", withInfo((i) => { i.format = "kindling-cnn/9"; }), /format is "kindling-cnn\/9"; this Kindling reads "kindling-mlp\/1"/],
    ["an unknown layer", withInfo((i) => { layers(i)[1].type = "Conv3d"; }), /layers\[1\]\.type is "Conv3d", which Kindling cannot build/],
    ["a negative width", withInfo((i) => { layers(i)[0].outFeatures = -3; }), /layers\[0\]\.outFeatures must be a whole number/],
    ["a huge width (checked against the tensors before building)", withInfo((i) => { layers(i)[0].outFeatures = 1 << 24; layers(i)[2].inFeatures = 1 << 24; }), /tensor "0.weight" has shape \[3, 2\] but the model description needs \[16777216, 2\]/],
    ["a layer name with a dot", withInfo((i) => { layers(i)[0].name = "a.b"; }), /without "\."/],
    ["two layers of one name", withInfo((i) => { layers(i)[1].name = "0"; }), /two layers named "0"/],
    ["a missing tensor", withInfo((i) => { layers(i)[2].name = "9"; }), /needs a tensor "9.weight" that the file does not hold/],
    ["feature names of the wrong length", withInfo((i) => { i.featureNames = ["a"]; }), /featureNames has 1 names for 2 input features/],
    ["a bad dropout rate", withInfo((i) => { layers(i)[1] = { name: "1", type: "Dropout", p: 2 }; }), /probability in \[0, 1\]/],
    ["deep nesting", withInfo((i) => {
      let l: Record<string, unknown> = { name: "x", type: "ReLU" };
      for (let d = 0; d < 40; d++) l = { name: "s", type: "Sequential", layers: [l] };
      layers(i).push(l);
    }), /deeper than 16 levels/],
  ];
  for (const [what, bytes, message] of cases) {
    it(`refuses ${what}`, () => {
      expect(() => kd.io.deserializeModel(bytes)).toThrow(FileFormatError);
      expect(() => kd.io.deserializeModel(bytes)).toThrow(message);
    });
  }

  it("refuses to build more parameters than the cap, before allocating", () => {
    const huge = { ...info, layers: [{ name: "0", type: "Linear" as const, inFeatures: 1 << 20, outFeatures: 1 << 20, bias: true }] };
    expect(() => kd.io.buildFromMetadata(huge)).toThrow(/declares 1099512676352 parameters, more than the 100000000/);
  });
});
