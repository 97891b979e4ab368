/** kd.io.pytorchProject: the generated text for each data source and set-up, its refusals, and that it stays browser-safe. */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { useTempDir } from "../io/temp-dir.js";
import { findTorchPython, MISSING_MESSAGE, ON_CI, runPython } from "./torch-python.js";

const dir = useTempDir("kindling-project-");
const layers: kd.io.LayerSpec[] = [
  { name: "0", type: "Linear", inFeatures: 2, outFeatures: 4, bias: true },
  { name: "1", type: "Tanh" },
  { name: "2", type: "Linear", inFeatures: 4, outFeatures: 3, bias: true },
];
const training: kd.io.TrainingConfig = {
  loss: "cross-entropy", optimizer: "adamw", lr: 0.003, weightDecay: 0, epochs: 50, batchSize: 16, seed: 9, testSize: 0.25, scale: "minmax", every: 5,
};
const SOURCES: kd.io.DataSource[] = [
  { kind: "builtin", name: "circles", samples: 300, noise: 0.1, factor: 0.5, seed: 9 },
  { kind: "builtin", name: "moons", samples: 300, noise: 0.2, seed: 9 },
  { kind: "builtin", name: "blobs", samples: 300, noise: 1.5, classes: 3, seed: 9 },
  { kind: "builtin", name: "classification", samples: 300, classes: 3, seed: 9 },
  { kind: "builtin", name: "gaussian-quantiles", samples: 300, classes: 3, seed: 9 },
  { kind: "builtin", name: "wine" },
  { kind: "csv", file: "/data/it's here.csv", target: "label", features: ["a", "b"] },
  { kind: "builtin", name: "iris", samples: 60, seed: 9 },
];
const project = (data: kd.io.DataSource, t: kd.io.TrainingConfig = training, l: kd.io.LayerSpec[] = layers) =>
  kd.io.pytorchProject({ layers: l, inputFeatures: 2, featureNames: ["a", "b"], classNames: ["p", "q", "r"], data, training: t });

describe("pytorchProject", () => {
  it("writes the set-up into train.py as Python literals", () => {
    const p = project(SOURCES[0]);
    for (const line of [
      "SEED = 9", "EPOCHS = 50", "BATCH_SIZE = 16", "LR = 0.003", "TEST_SIZE = 0.25", "EVERY = 5", "CLASS_NAMES = ['p', 'q', 'r']",
      "make_circles(n_samples=300, noise=0.1, factor=0.5, random_state=9)", "MinMaxScaler().fit(", "return nn.CrossEntropyLoss()",
      // AdamW's default decay, as Kindling's.
      "torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)",
    ]) expect(p["train.py"]).toContain(line);
    expect(p["model.py"]).toContain("nn.Linear(2, 4),\n            nn.Tanh(),");
    expect(p["README.md"]).toContain("2 → 4 → 3 classifier on circles");
    expect(project(SOURCES[6])["train.py"]).toContain(`CSV_FILE = "/data/it's here.csv"`);
  });

  it("names layers through an OrderedDict when they are not numbered", () => {
    const named = layers.map((l, i) => ({ ...l, name: ["inp", "act", "out"][i] }));
    const m = project(SOURCES[1], training, named)["model.py"];
    expect(m).toContain("from collections import OrderedDict");
    expect(m).toContain("('inp', nn.Linear(2, 4)),");
  });

  it("refuses what it cannot write, with the reason", () => {
    expect(() => project(SOURCES[1], { ...training, lr: NaN })).toThrow("cannot write NaN as a Python literal");
    const bn: kd.io.LayerSpec = { name: "0", type: "BatchNorm1d", numFeatures: 2, eps: 1e-5, momentum: 0.1, affine: true, bias: false, trackRunningStats: true };
    expect(() => project(SOURCES[1], training, [bn])).toThrow(`layer "0": PyTorch's BatchNorm1d has no affine layer without a bias`);
  });

  it("imports nothing from Node, so the playground can call it", () => {
    const folder = new URL("../../src/export/pytorch/", import.meta.url);
    for (const f of readdirSync(folder)) {
      const text = readFileSync(new URL(f, folder), "utf8");
      expect(text, f).not.toMatch(/from "node:|require\(|process\./);
    }
  });
});

describe.runIf(findTorchPython() !== null || ON_CI)("generated Python", () => {
  it("compiles for every data source and loss", () => {
    const py = findTorchPython();
    if (py === null) throw new Error(MISSING_MESSAGE);
    const files: string[] = [];
    SOURCES.forEach((s, i) => {
      for (const loss of ["bce", "cross-entropy", "mse"] as const) {
        for (const scale of ["standard", "none"] as const) {
          const p = project(s, { ...training, loss, scale });
          const f = join(dir(), `train_${i}_${loss}_${scale}.py`.replace(/-/g, "_"));
          writeFileSync(f, p["train.py"]);
          files.push(f);
        }
      }
      const m = join(dir(), `model_${i}.py`);
      writeFileSync(m, project(s)["model.py"]);
      files.push(m);
    });
    const r = runPython(py, ["-c", "import sys, py_compile\nfor f in sys.argv[1:]: py_compile.compile(f, doraise=True)", ...files], dir());
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);
});
