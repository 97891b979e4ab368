/**
 * `kindling train` never loses a trained model: outputs are checked before training, the
 * model is saved first, a figure that fails is a warning, a diverging loss stops the run
 * with its epoch and cause, a bad model file is a clear error, and no temp file is left.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { BIN, runCli } from "./run-cli.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kindling-safety-"));
});

const noTrace = (stderr: string): void => expect(stderr).not.toMatch(/\n\s+at |internal error/);
const tempsIn = (d: string): string[] => readdirSync(d).filter((f) => f.endsWith(".tmp"));

/** Rewrites a safetensors file's JSON header (as a hand-edited or foreign file would differ). */
function editHeader(path: string, edit: (header: string) => string): void {
  const bytes = readFileSync(path);
  const n = Number(bytes.readBigUInt64LE(0));
  const header = edit(bytes.subarray(8, 8 + n).toString("utf8"));
  expect(header).not.toBe(bytes.subarray(8, 8 + n).toString("utf8"));
  const padded = Buffer.from(header.padEnd(Math.ceil(Buffer.byteLength(header) / 8) * 8, " "), "utf8");
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(padded.length));
  writeFileSync(path, Buffer.concat([prefix, padded, bytes.subarray(8 + n)]));
}

describe("outputs are checked before training", () => {
  it("--out naming a file fails at once, in words", () => {
    const file = join(dir, "afile.txt");
    writeFileSync(file, "x");
    const r = runCli(["train", "--out", file, "--epochs", "5000"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kindling: cannot write figures to ${file} (--out): it is a file, not a folder\n`);
    expect(r.stdout).toBe(""); // nothing trained
  });

  it("--save into a missing folder, or under a file, fails before training", () => {
    const missing = runCli(["train", "--save", join(dir, "nodir", "m.safetensors"), "--epochs", "5000"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`cannot save the model to ${join(dir, "nodir", "m.safetensors")} (--save): the folder '${join(dir, "nodir")}' does not exist`);
    expect(missing.stdout).toBe("");
    const file = join(dir, "plain.txt");
    writeFileSync(file, "x");
    const under = runCli(["train", "--save", join(file, "m.safetensors")]);
    expect(under.code).toBe(2);
    expect(under.stderr).toContain("is a file, not a folder");
    const folder = runCli(["train", "--save", dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain("it is a folder, not a file");
    const onnx = runCli(["train", "--onnx", join(dir, "nodir", "m.onnx")]);
    expect(onnx.code).toBe(2);
    expect(onnx.stderr).toContain("cannot export the ONNX model to");
  });
});

describe("the model comes first", () => {
  it("a figure that cannot be written is a warning; the model and the other figures are written", () => {
    const out = join(dir, "figs");
    mkdirSync(join(out, "curves.svg"), { recursive: true }); // a folder where a figure file should go
    const model = join(dir, "first.safetensors");
    const onnx = join(dir, "first.onnx");
    const r = runCli(["train", "--epochs", "20", "--out", out, "--save", model, "--onnx", onnx, "--json"]);
    noTrace(r.stderr);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/kindling: warning: could not write the loss curves figure \(.*curves\.svg\/\.png\): cannot write a figure to .*curves\.svg: it is a folder, not a file/);
    expect(statSync(model).size).toBeGreaterThan(100);
    expect(statSync(onnx).size).toBeGreaterThan(100);
    expect(existsSync(join(out, "roc.png"))).toBe(true);
    expect(existsSync(join(out, "decision-boundary.png"))).toBe(true);
    expect(tempsIn(out)).toEqual([]);
    expect(tempsIn(dir)).toEqual([]);
    const lines = r.stdout.trim().split("\n");
    const summary = JSON.parse(lines[lines.length - 1]) as { files: string[]; warnings: string[] };
    expect(summary.files[0]).toBe(model);
    expect(summary.warnings.length).toBe(1);
  });

  it("a 500-class run reports, plots and saves (no stack overflow after training)", () => {
    const out = join(dir, "many");
    const model = join(dir, "many.safetensors");
    const r = runCli(["train", "--data", "blobs", "--classes", "500", "--samples", "5000", "--epochs", "2", "--out", out, "--save", model, "--quiet"]);
    noTrace(r.stderr);
    expect(r.code).toBe(0);
    expect(existsSync(model)).toBe(true);
    expect(existsSync(join(out, "confusion-matrix.png"))).toBe(true);
    expect(existsSync(join(out, "roc.png"))).toBe(true);
  });

  it("stale temp files of a killed save are removed; a live process's are left alone", () => {
    const model = join(dir, "stale.safetensors");
    // A pid that no process has: the largest a 22-bit pid space allows, checked here.
    let dead = 4_194_000;
    for (;;) {
      try {
        process.kill(dead, 0);
        dead++;
      } catch {
        break;
      }
    }
    const stale = join(dir, `.stale.safetensors.${dead}-abc-def.tmp`);
    const live = join(dir, `.stale.safetensors.${process.pid}-abc-def.tmp`);
    writeFileSync(stale, "half a model");
    writeFileSync(live, "a save under way");
    const r = runCli(["train", "--epochs", "3", "--save", model, "--quiet"]);
    expect(r.code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(model)).toBe(true);
    rmSync(live);
  });

  it("SIGTERM while the figures are drawn exits cleanly: the model saved, no temp file left", async () => {
    const out = join(dir, "term");
    const model = join(dir, "term.safetensors");
    const child = spawn(process.execPath, [BIN, "train", "--epochs", "50", "--out", out, "--save", model], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // The model is written before any figure: signal as soon as it is there.
    while (!existsSync(model)) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((r) => child.on("close", (c) => r(c)));
    expect([0, 143]).toContain(code);
    if (code === 143) expect(stderr).toMatch(/interrupted \(SIGTERM\); wrote .*term\.safetensors/);
    expect(statSync(model).size).toBeGreaterThan(100);
    expect(kd.io.loadModel(model).info.inputFeatures).toBe(2);
    expect(tempsIn(dir)).toEqual([]);
    if (existsSync(out)) expect(tempsIn(out)).toEqual([]);
  });
});

describe("non-finite numbers are named", () => {
  it("a loss that becomes NaN stops training with its epoch and the likely cause, saving nothing", () => {
    const model = join(dir, "nan.safetensors");
    const r = runCli(["train", "--data", "blobs", "--lr", "100", "--optimizer", "sgd", "--save", model]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^kindling: loss became (NaN|infinite) at epoch \d+; the learning rate 100 is probably too high; try --lr 0\.1\. Nothing was saved\.\n$/);
    expect(existsSync(model)).toBe(false);
  });

  it("a model file with a NaN weight, or more class names than outputs, is a clear error (exit 1)", () => {
    kd.manualSeed(0);
    const net = new kd.nn.Sequential(new kd.nn.Linear(2, 3), new kd.nn.ReLU(), new kd.nn.Linear(3, 1));
    const csv = join(dir, "two.csv");
    writeFileSync(csv, "x1,x2\n0.5,1\n");
    const wrongClasses = join(dir, "classes.safetensors");
    kd.io.saveModel(net, wrongClasses, { featureNames: ["x1", "x2"], classNames: ["a", "b"], task: "binary" });
    editHeader(wrongClasses, (text) => text.replace(/\[\\"a\\",\\"b\\"\]/, '[\\"a\\",\\"b\\",\\"c\\"]'));
    const r1 = runCli(["predict", "--model", wrongClasses, "--csv", csv]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain("lists 3 class names (a, b, c) but the model has 1 output, which means 2 classes");
    noTrace(r1.stderr);

    kd.noGrad(() => (net[0] as kd.nn.Linear).weight.fill_(NaN));
    const nanFile = join(dir, "nan-weight.safetensors");
    kd.io.saveModel(net, nanFile, { featureNames: ["x1", "x2"], classNames: ["a", "b"], task: "binary" });
    const r2 = runCli(["evaluate", "--model", nanFile, "--csv", csv, "--target", "x2"]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain("the tensor '0.weight' holds NaN at element 0");
    noTrace(r2.stderr);
  });

  it("--samples 1e12 is refused with the allowed range", () => {
    const r = runCli(["train", "--samples", "1e12"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--samples must be a whole number from 10 to 10,000,000");
  });
});
