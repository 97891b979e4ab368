/** The smaller things a new user met: each was wrong before and is checked here. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { countMarks, countSeries, pngSize, texts } from "../plot/helpers.js";
import { runCli } from "./run-cli.js";

let dir: string;
let csv: string;
let model: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kindling-small-"));
  // Features in their own units: heights of 1000–2000, weights of 0–10.
  const lines = ["Height,Weight,Species"];
  for (let i = 0; i < 200; i++) {
    const big = i % 2 === 0;
    lines.push(`${(big ? 1600 : 1100) + ((i * 37) % 300)},${((i * 13) % 100) / 10},${big ? "big" : "small"}`);
  }
  csv = join(dir, "pets.csv");
  writeFileSync(csv, lines.join("\n") + "\n");
  model = join(dir, "pets.safetensors");
  const r = runCli(["train", "--csv", csv, "--target", "Species", "--epochs", "60", "--save", model, "--out", join(dir, "figs"), "--quiet"]);
  expect(r.code).toBe(0);
});

const lastJson = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split("\n").pop() as string) as Record<string, unknown>;

describe("train", () => {
  it("--quiet prints the result, one line", () => {
    const r = runCli(["train", "--data", "moons", "--epochs", "5", "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^test accuracy \d+\.\d\d% \(test loss \d+\.\d{5}, 5 epochs\)\n$/);
  });

  it("--json names the CSV it trained on, not the default data set", () => {
    const r = runCli(["train", "--csv", csv, "--target", "Species", "--epochs", "3", "--json", "--quiet"]);
    const options = lastJson(r.stdout).options as Record<string, unknown>;
    expect(options.csv).toBe(csv);
    expect(options).not.toHaveProperty("data");
  });

  it("--hidden 0 is refused (--hidden '' is a model without hidden layers)", () => {
    const r = runCli(["train", "--hidden", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--hidden ''");
    expect(runCli(["train", "--hidden", "", "--epochs", "2", "--quiet"]).code).toBe(0);
  });

  it("--test-size 0.999 is a usage error (exit 2), saying how many samples are left", () => {
    const r = runCli(["train", "--test-size", "0.999"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--test-size 0.999 leaves 1 of 1000 samples");
  });

  it("draws the decision boundary in the data's units, not standardised ones", () => {
    const svg = readFileSync(join(dir, "figs", "decision-boundary.svg"), "utf8");
    const ticks = texts(svg).map((t) => Number(t.replace(/,/g, ""))).filter((v) => Number.isFinite(v));
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(1000);
    expect(texts(svg)).toContain("Height");
  });
});

describe("--target in any case", () => {
  it("train takes --target as evaluate does: exactly, else ignoring case", () => {
    const r = runCli(["train", "--csv", csv, "--target", "SPECIES", "--epochs", "2", "--quiet"]);
    expect(r.code).toBe(0);
    const wrong = runCli(["train", "--csv", csv, "--target", "kind", "--epochs", "2", "--quiet"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("unknown target column 'kind'; the file has columns: Height, Weight, Species");
  });
});

describe("evaluate", () => {
  it("titles its report by the rows it used and takes --target in any case", () => {
    const r = runCli(["evaluate", "--model", model, "--csv", csv, "--target", "species"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Classification report (all 200 rows of ${csv}):`);
    expect(r.stdout).not.toContain("(test set)");
  });
});

describe("figures", () => {
  it("a long run's curves have no per-epoch markers; a short one's do", async () => {
    const run = (n: number) => Array.from({ length: n }, (_, i) => ({ epoch: i, trainLoss: 1 / (i + 1), testLoss: 1 / (i + 2) }));
    expect(await kd.plot.plotLossCurves(run(1000)).toSVG()).not.toContain("loss_points_marks");
    expect(countMarks(await kd.plot.plotLossCurves(run(10)).toSVG(), "loss_points")).toBe(20);
  });

  it("a confusion matrix under a long title stays the matrix's size", async () => {
    const title = "/home/someone/projects/a-rather-long-folder-name/training-data-2024.csv: confusion matrix (test set)";
    const png = await kd.plot.plotConfusionMatrix([[40, 2], [3, 55]], { title }).toPNG();
    expect(pngSize(png).width).toBeLessThan(1100); // 2 × (the matrix, its axes and legend); the unwrapped title made it 2888
  });

  it("blobs' one-vs-rest curves that coincide are drawn once, named together", async () => {
    const y = [0, 1, 2, 3, 0, 1, 2, 3];
    const probs = y.map((c) => [0, 1, 2, 3].map((k) => (k === c ? 0.97 : 0.01)));
    const svg = await kd.plot.plotRocCurve(probs, y).toSVG();
    expect(countSeries(svg, "curves")).toBe(1);
    expect(texts(svg)).toContain("0, 1, 2, 3 (AUC = 1.000)");
    expect(texts(svg).join(" ")).toContain("curves named together coincide");
  });
});
