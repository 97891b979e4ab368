/**
 * "Show code" in PyTorch against the page: for a grid of set-ups (each data set, each loss
 * and optimizer, schedules, stops, L1, edited weights, drawn points, a CSV), the Python
 * script the dialog shows, run with python3 and torch, prints the lines the page's Session
 * reaches, every digit. All scripts run in one Python process (torch loads once).
 * CI's python3 is Debian's (torch 1.13, scikit-learn 1.2); KINDLING_PYTHON picks another.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it, vi } from "vitest";
vi.mock("kindling", async () => await import("../../src/index.js"));
import { Session, type EpochRecord } from "../../web/src/engine/session.js";
import { readCsvData, type CsvData } from "../../web/src/engine/csv.js";
import { StopWatch, hasStops } from "../../web/src/engine/stopping.js";
import { generatePython, usesScikitLearn } from "../../web/src/code/generate-py.js";
import { DEFAULT_CONFIG, type Config } from "../../web/src/state/config.js";

const PYTHON = process.env.KINDLING_PYTHON ?? "/usr/bin/python3";
const OUT = fileURLToPath(new URL("../../test-output/pytorch/", import.meta.url));

/** A small CSV as spreadsheets write it (CRLF, a quoted label with a comma): an index column (ignored), two features, named classes. */
const CSV = ["id,width,height,kind", ...Array.from({ length: 60 }, (_, i) => {
  const w = ((i * 37) % 23) / 4 - 2.5, h = ((i * 11) % 17) / 3 - 2.25;
  return `${i},${w},${h},${w * h + ((i * 7) % 5) / 10 > 0.2 ? '"dog, big"' : "cat"}`;
})].join("\r\n");

/** [name, set-up, epochs]; 240 points unless the set-up says otherwise. */
const setups: [string, Partial<Config>, number][] = [
  ["circles", { dataset: "circles" }, 3],
  ["moons, SGD, LeakyReLU", { dataset: "moons", noise: 0.2, activation: "leakyrelu", optimizer: "sgd", lr: 0.1 }, 12],
  ["blobs, MSE on one-hot, sin features", { dataset: "blobs", classes: 5, noise: 0.4, loss: "mse", features: ["x1", "x2", "sinx1", "sinx2"] }, 3],
  ["Gaussian quantiles, CE, dropout, L2", { dataset: "gaussian", classes: 3, loss: "ce", activation: "sigmoid", hidden: [6], dropout: 0.1, l2: 0.003 }, 3],
  ["XOR, softplus, squares", { dataset: "xor", activation: "softplus", hidden: [6], features: ["x1sq", "x2sq", "x1x2"] }, 3],
  ["spiral, CE, tanh, AdamW", { dataset: "spiral", classes: 3, loss: "ce", activation: "tanh", optimizer: "adamw", l2: 0.01 }, 3],
  ["plane (regression)", { dataset: "plane", loss: "mse", noise: 0.1, hidden: [4], activation: "tanh" }, 3],
  ["multi-Gaussian (regression), stops", { dataset: "multigauss", loss: "mse", noise: 0.1, patience: 4, maxEpochs: 25 }, 100],
  ["L1 and edited weights", {
    dataset: "xor", hidden: [4, 3], l1: 0.003,
    edits: [{ epoch: 0, layer: 0, to: 1, from: 0, value: 2.5 }, { epoch: 2, layer: 2, to: 0, from: 2, value: -1.25 }, { epoch: 2, layer: 1, to: 0, from: 3, value: 0 }],
  }, 3],
  ["per-layer activations", { dataset: "moons", hidden: [5, 4, 3], layerActivations: ["selu", "mish", "hardtanh"], features: ["x1", "x2", "x1x2"] }, 3],
  ["GELU, ELU, SiLU, linear", { dataset: "circles", hidden: [4, 4, 4, 3], layerActivations: ["gelu", "elu", "silu", "linear"], batchSize: 1000 }, 3],
  ["no hidden layer, one batch", { dataset: "circles", hidden: [], activation: "linear", features: ["x1sq", "x2sq"], batchSize: 1000, optimizer: "sgd", lr: 0.5 }, 3],
  ["softsign, logsigmoid, SGD", { dataset: "circles", hidden: [4, 4], layerActivations: ["softsign", "logsigmoid"], optimizer: "sgd", lr: 0.3 }, 3],
  ["drawn points", { dataset: "moons", hidden: [5], drawn: [{ x: 0.5, y: 0.25, label: 1 }, { x: -1.125, y: 0.75, label: 0 }, { x: 2.5, y: -0.5, label: 1 }] }, 3],
  ["step schedule", { dataset: "moons", hidden: [5], optimizer: "sgd", lr: 0.3, schedule: "step", stepSize: 2, gamma: 0.2 }, 5],
  ["cosine schedule", { dataset: "circles", hidden: [6, 4], schedule: "cosine", tMax: 3, lr: 0.1 }, 5],
  ["early stopping", { dataset: "moons", hidden: [4], optimizer: "sgd", lr: 1, patience: 2, maxEpochs: 40 }, 100],
  ["target accuracy", { dataset: "circles", hidden: [6], lr: 0.05, targetAcc: 90, maxEpochs: 40 }, 100],
  ["uploaded CSV", { dataset: "csv", loss: "ce", hidden: [5] }, 4],
];

const fixed = (v: number, d: number): string => v.toFixed(d);

function pageLine(r: EpochRecord, regression: boolean): string {
  return regression
    ? `Epoch: ${r.epoch} | Loss: ${fixed(r.trainLoss, 5)}, R²: ${fixed(r.trainR2, 4)}, RMSE: ${fixed(r.trainRmse, 5)} | ` +
        `Test loss: ${fixed(r.testLoss, 5)}, Test R²: ${fixed(r.testR2, 4)}, Test RMSE: ${fixed(r.testRmse, 5)}`
    : `Epoch: ${r.epoch} | Loss: ${fixed(r.trainLoss, 5)}, Accuracy: ${fixed(r.trainAcc, 2)}% | ` +
        `Test loss: ${fixed(r.testLoss, 5)}, Test acc: ${fixed(r.testAcc, 2)}%`;
}

/** The page's run of `epochs` epochs (or until a stop condition), as the lines the shown code prints, and that code. */
function pageRun(patch: Partial<Config>, epochs: number): { lines: string[]; script: string } {
  const config: Config = { ...DEFAULT_CONFIG, points: 240, ...patch };
  const csv: CsvData | null = config.dataset === "csv" ? readCsvData(CSV) : null;
  const session = new Session(config, csv);
  const { regression } = session.info;
  const stops = hasStops(session.info.config);
  const watch = new StopWatch();
  let r = session.evaluate();
  watch.add(r.epoch, r.testLoss, r.testAcc);
  const lines: string[] = [];
  for (let e = 1; e <= epochs; e++) {
    r = session.trainEpoch();
    watch.add(r.epoch, r.testLoss, r.testAcc);
    const stop = stops ? watch.now(session.info.config) : null;
    if (stop !== null) lines.push(`Stopped after epoch ${e}: ${stop}.`);
    if (e % 10 === 0 || e === epochs || stop !== null) lines.push(pageLine(r, regression));
    if (stop !== null) break;
  }
  const script = generatePython({
    config: session.info.config, epochs, nClasses: session.info.nClasses,
    csv: csv ? { text: CSV, summary: csv.summary } : null,
  });
  return { lines, script };
}

/** Runs each script in one Python process; returns each one's stdout (or its traceback). */
function runScripts(files: string[]): Record<string, string> {
  const runner = `${OUT}run-all.py`;
  writeFileSync(runner, `import contextlib, io, json, runpy, sys, traceback
out = {}
for path in sys.argv[1:]:
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            runpy.run_path(path, run_name="__main__")
    except Exception:
        buf.write(traceback.format_exc())
    out[path] = buf.getvalue()
sys.stdout.write(json.dumps(out))
`);
  const stdout = execFileSync(PYTHON, [runner, ...files], { encoding: "utf8", env: { ...process.env, PYTHONIOENCODING: "utf-8" }, maxBuffer: 1 << 26 });
  return JSON.parse(stdout) as Record<string, string>;
}

describe("the PyTorch code", () => {
  const runs = new Map<string, { lines: string[]; printed: string[] }>();

  beforeAll(() => {
    mkdirSync(OUT, { recursive: true });
    const pages = setups.map(([name, patch, epochs]) => {
      const file = `${OUT}${name.replace(/[^A-Za-z0-9]+/g, "-")}.py`;
      const { lines, script } = pageRun(patch, epochs);
      writeFileSync(file, script);
      return { name, file, lines };
    });
    const printed = runScripts(pages.map((p) => p.file));
    for (const p of pages) runs.set(p.name, { lines: p.lines, printed: printed[p.file].trim().split("\n") });
  }, 300_000);

  it("needs scikit-learn only for scikit-learn's data sets", () => {
    for (const [name, patch] of setups) {
      const { script } = pageRun(patch, 1);
      const sklearn = ["circles", "moons", "blobs", "gaussian"].includes(patch.dataset ?? "");
      expect(script.includes("sklearn"), name).toBe(sklearn);
      expect(usesScikitLearn({ ...DEFAULT_CONFIG, ...patch }), name).toBe(sklearn);
    }
  });

  it.each(setups.map(([name]) => name))("for %s prints the page's lines", (name) => {
    const run = runs.get(name);
    expect(run).toBeDefined();
    expect(run?.lines.length).toBeGreaterThan(0);
    expect(run?.printed).toEqual(run?.lines);
  });
});
