/**
 * The command line's CSV paths end to end, on small files: bad cells named when training,
 * predict writing the input cells back as they were and naming bad rows (--skip-invalid
 * leaves them out), streaming evaluate, and train --stream.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { probabilityText } from "../../src/cli/commands/predict.js";
import { isTestRow, RunningScale } from "../../src/cli/pipeline/stream-train.js";
import { createByteProgress } from "../../src/cli/load-progress.js";
import { runCli } from "./run-cli.js";

let dir: string;
let model: string;

/** Two clusters; cells written in several spellings a float32 print would change. */
function writeData(name: string, rows: number, extra: (i: number) => string | null = () => null): string {
  const lines = ["width,height,kind"];
  for (let i = 0; i < rows; i++) {
    const a = i % 2 === 0;
    lines.push(extra(i) ?? `${a ? "5.1" : "9.90"},${a ? 1 + (i % 7) / 10 : `${6 + (i % 5) / 10}e0`},${a ? "small" : "large"}`);
  }
  const p = join(dir, name);
  writeFileSync(p, lines.join("\n") + "\n");
  return p;
}

function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kindling-large-csv-"));
  model = join(dir, "m.safetensors");
  const r = runCli(["train", "--csv", writeData("train.csv", 200), "--target", "kind", "--epochs", "30", "--optimizer", "adam", "--lr", "0.05", "--save", model, "--quiet"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
});

describe("train names a non-finite cell", () => {
  for (const [cell, message] of [
    ["Infinity", 'Non-finite value "Infinity" in column "height" at row 5, column 2 (cell B5)'],
    ["1e400", 'Value "1e400" is out of range for float64 (it would be infinite), found in column "height" at row 5, column 2 (cell B5)'],
  ]) {
    it(cell, () => {
      const p = writeData(`inf-${cell}.csv`, 20, (i) => (i === 3 ? `5.1,${cell},small` : null));
      const r = runCli(["train", "--csv", p, "--target", "kind", "--epochs", "1"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});

describe("predict", () => {
  it("writes each feature cell back exactly as it was in the file", () => {
    const p = join(dir, "new.csv");
    writeFileSync(p, 'height,width,note\n1.25,5.1,"a, b"\n6.30e0,9.90,x\n0007.5,"8",y\n');
    const out = join(dir, "pred.csv");
    const r = runCli(["predict", "--model", model, "--csv", p, "--out", out]);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("width,height,prediction,probability_large,probability_small");
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 2).join(","))).toEqual(["5.1,1.25", "9.90,6.30e0", '"8",0007.5']);
    expect(lines[1].split(",")[2]).toBe("small");
    expect(lines[2].split(",")[2]).toBe("large");
    for (const l of lines.slice(1)) {
      const [p0, p1] = l.split(",").slice(3).map(Number);
      expect(p0 + p1).toBeCloseTo(1, 5);
    }
  });

  it("names a bad row, writes nothing, and leaves no temporary file", () => {
    const p = writeData("bad.csv", 10, (i) => (i === 4 ? "5.1,inf,small" : i === 7 ? "9.9,,large" : null));
    const out = join(dir, "bad-pred.csv");
    const r = runCli(["predict", "--model", model, "--csv", p, "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Non-finite value "inf" in column "height" at row 6, column 2 (cell B6)');
    expect(r.stderr).toContain("--skip-invalid");
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("says in words when the output cannot be written, before reading the data", () => {
    const r = runCli(["predict", "--model", model, "--csv", join(dir, "train.csv"), "--out", join(dir, "no-such-folder", "p.csv")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("the folder");
    expect(r.stderr).toContain("does not exist");
    expect(r.stderr).not.toContain(".tmp");
  });

  it("with --skip-invalid, writes the other rows and says how many were skipped", () => {
    const p = writeData("bad2.csv", 10, (i) => (i === 4 ? "5.1,inf,small" : i === 7 ? "9.9,,large" : i === 8 ? "1,2,3,4" : null));
    const out = join(dir, "skip-pred.csv");
    const r = runCli(["predict", "--model", model, "--csv", p, "--out", out, "--skip-invalid"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("skipped 3 invalid rows");
    expect(r.stderr).toContain("(cell B6)");
    expect(r.stderr).toContain('Missing value (empty cell) in column "height" at row 9');
    expect(readFileSync(out, "utf8").trim().split("\n").length).toBe(1 + 7);
  });
});

describe("evaluate streams and skips too", () => {
  it("gives the accuracy on a file, leaving out bad rows when asked", () => {
    const p = writeData("eval.csv", 60, (i) => (i === 10 ? "x,1,small" : null));
    const bad = runCli(["evaluate", "--model", model, "--csv", p, "--target", "kind"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Column "width" is a feature but is not numeric: "x" at row 12, column 1 (cell A12)');
    const r = runCli(["evaluate", "--model", model, "--csv", p, "--target", "kind", "--json", "--skip-invalid"]);
    expect(r.code).toBe(0);
    const s = lastJson(r.stdout);
    expect(s.rows).toBe(59);
    expect(s.skipped).toBe(1);
    expect(s.accuracy as number).toBeGreaterThan(0.95);
    expect((s.confusionMatrix as number[][]).flat().reduce((a, b) => a + b, 0)).toBe(59);
  });
});

describe("train --stream", () => {
  it("trains from the file a chunk at a time and saves a model predict can use", () => {
    const saved = join(dir, "streamed.safetensors");
    const p = writeData("stream.csv", 400);
    const r = runCli(["train", "--csv", p, "--target", "kind", "--stream", "--epochs", "3", "--batch-size", "16", "--optimizer", "adam", "--lr", "0.05", "--save", saved, "--json"]);
    expect(r.code).toBe(0);
    const s = lastJson(r.stdout);
    expect(s.classNames).toEqual(["large", "small"]);
    expect(s.testAccuracy as number).toBeGreaterThan(0.95);
    const total = (s.confusionMatrix as number[][]).flat().reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(40);
    expect(total).toBeLessThan(130);
    const pred = runCli(["predict", "--model", saved, "--csv", p]);
    expect(pred.code).toBe(0);
    expect(pred.stdout.trim().split("\n").length).toBe(401);
  });

  it("refuses figures and a full batch, which need the data in memory", () => {
    const p = writeData("stream2.csv", 20);
    const a = runCli(["train", "--csv", p, "--target", "kind", "--stream", "--batch-size", "8", "--out", join(dir, "figs")]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("--stream cannot draw figures");
    const b = runCli(["train", "--csv", p, "--target", "kind", "--stream", "--epochs", "1", "--batch-size", "0"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("--batch-size of at least 1");
    // Each epoch reads the whole file: a streamed run says how many it wants.
    const c = runCli(["train", "--csv", p, "--target", "kind", "--stream", "--batch-size", "8"]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain("--stream needs --epochs N");
  });
});

describe("pieces of the streaming commands", () => {
  it("probabilities print as String(Number(p.toPrecision(6))) did", () => {
    for (const p of [0, 1, 0.5, 1e-7, 0.000101985, 0.9999995, 2.5e-6, 1 / 3, 5e-324, 0.123456789]) {
      expect(probabilityText(p)).toBe(String(Number(p.toPrecision(6))));
    }
  });

  it("the test rows are the asked fraction, the same for a seed, others for another", () => {
    const pick = (seed: number): number[] => Array.from({ length: 100000 }, (_, i) => i).filter((i) => isTestRow(i, seed, 0.2));
    const a = pick(42);
    expect(a.length / 100000).toBeCloseTo(0.2, 2);
    expect(pick(42)).toEqual(a);
    expect(pick(7)).not.toEqual(a);
  });

  it("the running scaling is StandardScaler's and MinMaxScaler's map", () => {
    const s = new RunningScale(2);
    for (const row of [[1, 5], [2, 5], [3, 5], [6, 5]]) s.add(Float32Array.from(row));
    const std = s.affine("standard")!;
    const mean = 3, sd = Math.sqrt((4 + 1 + 0 + 9) / 4);
    expect(std.scale[0]).toBeCloseTo(1 / sd, 12);
    expect(std.offset[0]).toBeCloseTo(-mean / sd, 12);
    expect([std.scale[1], std.offset[1]]).toEqual([1, -5]);
    const mm = s.affine("minmax")!;
    expect([mm.scale[0], mm.offset[0]]).toEqual([1 / 5, -1 / 5]);
    expect(s.affine("none")).toBeNull();
  });

  it("the loading progress prints a plain line every few seconds off a terminal", () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const p = createByteProgress({ label: "loading x.csv", total: 200e6, stream, every: 0 });
    p.update(50e6, 250000);
    p.done();
    expect(lines[0]).toMatch(/^loading x\.csv: 25% \(50 of 200 MB, 250,000 rows, [\d,]+ rows\/s\)\n$/);
    const quiet = createByteProgress({ label: "x", total: 1, stream, quiet: true });
    quiet.update(1, 1);
    expect(lines.length).toBe(1);
  });
});
