/**
 * model.py for every layer Kindling describes: PyTorch builds it with the Kindling model's
 * state-dict names and shapes, reads Kindling's weights (F32 and F16 files) with train.py's own
 * safetensors reader, and computes Kindling's outputs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { useTempDir } from "../io/temp-dir.js";
import { findTorchPython, MISSING_MESSAGE, modelPyCheck, ON_CI, runPython } from "./torch-python.js";

const dir = useTempDir("kindling-modelpy-");
const py = findTorchPython();

function zoo(): kd.nn.Sequential {
  kd.manualSeed(3);
  return new kd.nn.Sequential({
    inp: new kd.nn.Linear(5, 8),
    bn: new kd.nn.BatchNorm1d(8, { momentum: null }),
    act: new kd.nn.LeakyReLU(0.2),
    block: new kd.nn.Sequential(new kd.nn.Linear(8, 6, { bias: false }), new kd.nn.GELU({ approximate: "tanh" }), new kd.nn.Dropout(0.25)),
    soft: new kd.nn.Softplus({ beta: 2, threshold: 10 }),
    elu: new kd.nn.ELU(0.5),
    out: new kd.nn.Linear(6, 3),
    sm: new kd.nn.LogSoftmax(1),
  });
}

const CHECK = modelPyCheck('{"keys": {k: list(v.shape) for k, v in m.state_dict().items()}, "out": out.tolist()}');

describe.runIf(py !== null || ON_CI)("model.py in real PyTorch", () => {
  for (const floatsAs of [undefined, "float16"] as const) {
    it(`rebuilds a model of every layer kind and computes Kindling's outputs (${floatsAs ?? "float32"} weights)`, () => {
      if (py === null) throw new Error(MISSING_MESSAGE);
      const model = zoo();
      // Running statistics that are not the initial ones, so BatchNorm's buffers matter.
      model.train();
      model(kd.randn([16, 5]).mul(3));
      model.eval();
      const info = kd.io.describeSequential(model);
      const project = kd.io.pytorchProject({
        layers: info.layers, inputFeatures: 5, featureNames: ["a", "b", "c", "d", "e"], classNames: ["x", "y", "z"],
        data: { kind: "builtin", name: "iris" },
        training: { loss: "cross-entropy", optimizer: "adam", lr: 0.01, weightDecay: 0, epochs: 1, batchSize: 0, seed: 1, testSize: 0.2, scale: "none", every: 1 },
      });
      const d = join(dir(), "p");
      mkdirSync(d);
      for (const [name, text] of Object.entries(project)) writeFileSync(join(d, name), text);
      const weights = join(d, "weights.safetensors");
      kd.io.saveModel(model, weights, { floatsAs });
      const reference = floatsAs ? kd.io.loadModel(weights).model : model;
      reference.eval();
      const x = kd.randn([4, 5]);
      const want = kd.inferenceMode(() => reference(x)).tolist() as number[][];
      writeFileSync(join(d, "case.json"), JSON.stringify({ weights, x: x.tolist() }));
      writeFileSync(join(d, "check.py"), CHECK);
      const r = runPython(py, ["check.py", d, join(d, "case.json")], d);
      expect(r.code, r.stderr).toBe(0);
      const got = JSON.parse(r.stdout.trim().split("\n").pop() as string) as { keys: Record<string, number[]>; out: number[][] };
      expect(got.keys).toEqual(Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, [...t.shape]])));
      got.out.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - want[i][j])).toBeLessThan(1e-5)));
    }, 300_000);
  }
});
