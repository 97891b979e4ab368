/**
 * `kindling train` and `predict` on images, end to end: TinyVGG on scikit-learn's digits
 * as 8×8 images (small, bundled, fast), a folder of PNG and JPEG files, Fashion-MNIST from
 * Debian's dataset-fashion-mnist (a few hundred images), the saved model predicting image
 * files as the run predicted them, the figures, and the mistakes refused before training.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encode as encodePng } from "fast-png";
import jpeg from "jpeg-js";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { useTempDir } from "../io/temp-dir.js";
import { runCli } from "./run-cli.js";

const dir = useTempDir("kindling-cli-images-");
const lastJson = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split("\n").pop() as string) as Record<string, unknown>;

/** A 12×12 picture of class `k`: a bright bar, horizontal (0), vertical (1) or diagonal (2), with a little noise. */
function picture(k: number, seed: number): Uint8Array {
  const px = new Uint8Array(12 * 12);
  for (let y = 0; y < 12; y++) {
    for (let x = 0; x < 12; x++) {
      const on = k === 0 ? Math.abs(y - 6) < 2 : k === 1 ? Math.abs(x - 6) < 2 : Math.abs(x - y) < 2;
      px[y * 12 + x] = on ? 230 - ((seed * 7 + x) % 20) : (seed * 13 + x * 3 + y) % 25;
    }
  }
  return px;
}

function writeFolder(root: string): void {
  ["horizontal", "vertical", "diagonal"].forEach((cls, k) => {
    mkdirSync(join(root, cls), { recursive: true });
    for (let i = 0; i < 12; i++) {
      const px = picture(k, i);
      if (i % 3 === 2) {
        // Some JPEGs, grey pixels in RGBA for jpeg-js's encoder.
        const rgba = new Uint8Array(12 * 12 * 4);
        px.forEach((v, p) => rgba.set([v, v, v, 255], 4 * p));
        writeFileSync(join(root, cls, `${i}.jpg`), jpeg.encode({ width: 12, height: 12, data: rgba }, 95).data);
      } else writeFileSync(join(root, cls, `${i}.png`), encodePng({ width: 12, height: 12, data: px, channels: 1, depth: 8 }));
    }
  });
}

describe("kindling train on images", () => {
  it("trains TinyVGG on the digits as 8×8 images, saves it, and predicts image files as the run did", () => {
    const d = dir();
    const model = join(d, "digits.safetensors");
    const r = runCli(["train", "--data", "digits", "--model", "tinyvgg", "--epochs", "2", "--save", model, "--onnx", join(d, "d.onnx"), "--out", join(d, "figs"), "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect(s.model).toBe("tinyvgg");
    expect(s.inputShape).toEqual([1, 8, 8]);
    expect(s.options).toMatchObject({ optimizer: "sgd", lr: 0.1, batchSize: 32, epochs: 2, hidden: [10] });
    expect((s.history as unknown[]).length).toBe(2);
    for (const f of ["predictions", "confusion-matrix", "curves"]) expect(existsSync(join(d, "figs", `${f}.png`)), f).toBe(true);
    expect(readFileSync(join(d, "figs", "predictions.svg"), "utf8")).toMatch(/Truth: \d/);

    const loaded = kd.io.loadModel(model);
    expect(loaded.info.inputShape).toEqual([1, 8, 8]);
    expect(loaded.info.layers.map((l) => l.name)).toEqual(["block_1", "block_2", "classifier"]);
    // Three digits as PNG files (pixels 0..16 scaled to 0..255 and rounded), predicted by the CLI and by the model.
    const digits = kd.datasets.loadDigits({ asImages: true });
    const files = [0, 1, 2].map((i) => {
      const px = Uint8Array.from(digits.data.data.subarray(i * 64, (i + 1) * 64), (v) => Math.round((v * 255) / 16));
      const f = join(d, `digit${i}.png`);
      writeFileSync(f, encodePng({ width: 8, height: 8, data: px, channels: 1, depth: 8 }));
      return [f, px] as const;
    });
    const p = runCli(["predict", "--model", model, "--images", ...files.map(([f]) => f)]);
    expect(p.code, p.stderr).toBe(0);
    const rows = Papa.parse<string[]>(p.stdout.trim()).data;
    expect(rows[0]).toEqual(["file", "prediction", ...Array.from({ length: 10 }, (_, i) => `probability_${i}`)]);
    const X = kd.stack(files.map(([, px]) => kd.fromArray(Float32Array.from(px, (v) => v / 255), [1, 8, 8])));
    const probs = kd.inferenceMode(() => kd.softmax(loaded.model(X), 1));
    rows.slice(1).forEach((row, i) => {
      expect(row[0]).toBe(files[i][0]);
      expect(row[1]).toBe(String(probs.argmax({ dim: 1 }).data[i]));
      row.slice(2).forEach((v, j) => expect(Number(v)).toBeCloseTo(probs.data[i * 10 + j], 5));
    });
  }, 120_000);

  it("trains on a folder of PNG and JPEG files (--images) and names the classes by folder", () => {
    const d = dir();
    writeFolder(join(d, "bars"));
    const model = join(d, "bars.safetensors");
    const r = runCli(["train", "--images", join(d, "bars"), "--model", "tinyvgg", "--hidden", "4", "--epochs", "3", "--batch-size", "8", "--save", model, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect(s.classNames).toEqual(["diagonal", "horizontal", "vertical"]);
    expect(s.inputShape).toEqual([1, 12, 12]);
    expect((s.confusionMatrix as number[][]).flat().reduce((a, b) => a + b, 0)).toBe(8); // 20 % of 36, rounded up
    // predict takes a folder too, and the model's classes by name.
    const p = runCli(["predict", "--model", model, "--images", join(d, "bars", "vertical"), "--out", join(d, "pred.csv")]);
    expect(p.code, p.stderr).toBe(0);
    const rows = Papa.parse<string[]>(readFileSync(join(d, "pred.csv"), "utf8").trim()).data;
    expect(rows.length).toBe(13);
    expect(new Set(rows.slice(1).map((row) => row[1])).size).toBeGreaterThan(0);
    rows.slice(1).forEach((row) => expect(["diagonal", "horizontal", "vertical"]).toContain(row[1]));
  }, 120_000);

  it("trains on a few hundred Fashion-MNIST images from Debian's package, the MLP on flattened pixels", () => {
    const r = runCli(["train", "--data", "fashion-mnist", "--samples", "300", "--hidden", "32", "--epochs", "5", "--batch-size", "32", "--json", "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect(s.classNames).toEqual(["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]);
    expect(s.inputShape).toEqual([1, 28, 28]);
    expect((s.confusionMatrix as number[][]).flat().reduce((a, b) => a + b, 0)).toBe(50);
    // Five epochs of Adam on 300 images: well above chance (10 %).
    expect(s.testAccuracy as number).toBeGreaterThan(0.5);
  }, 120_000);

  it("--samples draws a random subset, by --seed, of the digits as images and of an image folder, and refuses more than there are", () => {
    const d = dir();
    const confusionTotal = (s: Record<string, unknown>): number => (s.confusionMatrix as number[][]).flat().reduce((a, b) => a + b, 0);
    const run = (args: string[]) => runCli(["train", ...args, "--model", "tinyvgg", "--hidden", "4", "--epochs", "1", "--json"]);
    const a = run(["--data", "digits", "--samples", "200"]);
    expect(a.code, a.stderr).toBe(0);
    expect(confusionTotal(lastJson(a.stdout))).toBe(40); // 20 % of 200
    expect(a.stderr + a.stdout).toMatch(/200 of its 1797 images drawn by --seed \(--samples\)/);
    // The same seed draws the same images (the same result); another seed others.
    const again = run(["--data", "digits", "--samples", "200"]);
    expect(lastJson(again.stdout).confusionMatrix).toEqual(lastJson(a.stdout).confusionMatrix);
    writeFolder(join(d, "bars"));
    const f = run(["--images", join(d, "bars"), "--samples", "15", "--batch-size", "4"]);
    expect(f.code, f.stderr).toBe(0);
    expect(confusionTotal(lastJson(f.stdout))).toBe(3); // 20 % of 15
    const many = run(["--data", "digits", "--samples", "5000"]);
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/--samples 5000: digits has 1797 images/);
    const folderMany = run(["--images", join(d, "bars"), "--samples", "37"]);
    expect(folderMany.code).toBe(2);
    expect(folderMany.stderr).toMatch(/--samples 37: .*bars has 36 images/);
  }, 120_000);

  it("refuses mistakes before training: tabular data for TinyVGG, images of two sizes, a table model on images", () => {
    const d = dir();
    const tab = runCli(["train", "--data", "moons", "--model", "tinyvgg"]);
    expect(tab.code).toBe(2);
    expect(tab.stderr).toMatch(/--data moons is not image data; --model tinyvgg takes --data fashion-mnist, --data digits or --images DIR/);
    writeFolder(join(d, "mixed"));
    writeFileSync(join(d, "mixed", "vertical", "big.png"), encodePng({ width: 5, height: 4, data: new Uint8Array(20), channels: 1, depth: 8 }));
    const mixed = runCli(["train", "--images", join(d, "mixed")]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/big\.png is 5×4 pixels but .*0\.png is 12×12; the images of one run must share a size/);
    const model = join(d, "moons.safetensors");
    expect(runCli(["train", "--data", "moons", "--epochs", "2", "--save", model, "--quiet"]).code).toBe(0);
    const wrong = runCli(["predict", "--model", model, "--images", join(d, "mixed", "vertical", "0.png")]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/takes rows of 2 features, not images; predict on a CSV file with --csv/);
    const both = runCli(["predict", "--model", model]);
    expect(both.stderr).toMatch(/predict needs one of --csv FILE or --images FILE/);
  }, 120_000);
});
