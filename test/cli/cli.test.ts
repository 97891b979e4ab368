import { mkdtempSync, readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kindling-cli-"));
});

function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

describe("kindling --help", () => {
  it("lists the commands and exits 0", () => {
    const r = runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["demo", "train", "evaluate", "predict"]) expect(r.stdout).toContain(c);
  });
  it("has help for each command", () => {
    const r = runCli(["train", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--hidden");
    expect(r.stdout).toContain("--batch-size");
  });
});

describe("kindling train", () => {
  it("learns the circles and writes a JSON summary, figures and a model file", () => {
    const model = join(dir, "circles.safetensors");
    const out = join(dir, "fig");
    const r = runCli(["train", "--data", "circles", "--epochs", "300", "--lr", "0.1", "--optimizer", "adam", "--lr", "0.03", "--out", out, "--save", model, "--json"]);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(r.code).toBe(0);
    const s = lastJson(r.stdout);
    expect(s.dataset).toBe("circles");
    expect(s.testAccuracy as number).toBeGreaterThan(0.95);
    expect((s.history as unknown[]).length).toBe(300);
    expect(Object.keys(s.perClass as object)).toEqual(["0", "1"]);
    for (const f of s.files as string[]) expect(statSync(f).size).toBeGreaterThan(100);
    expect(existsSync(join(out, "decision-boundary.png"))).toBe(true);
    expect(existsSync(model)).toBe(true);
  });

  it("prints the tutorial's epoch lines when not on a terminal", () => {
    const r = runCli(["train", "--data", "blobs", "--epochs", "30", "--every", "10", "--hidden", "8,8", "--activation", "none", "--scale", "none"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Epoch: 0 \| Loss: \d\.\d{5}, Accuracy: \d+\.\d{2}% \| Test loss: \d\.\d{5}, Test acc: \d+\.\d{2}%$/m);
    expect(r.stdout).toMatch(/^Epoch: 20 \|/m);
    expect(r.stdout).toContain("weighted avg");
  });

  it.each(["moons", "classification", "iris", "wine", "breast-cancer", "digits"])("trains on %s", (name) => {
    const r = runCli(["train", "--data", name, "--epochs", "40", "--optimizer", "adam", "--lr", "0.01", "--batch-size", "64", "--json", "--quiet"]);
    expect(r.code).toBe(0);
    const s = lastJson(r.stdout);
    expect(s.dataset).toBe(name);
    expect(s.testAccuracy as number).toBeGreaterThan(0.6);
  });

  it("rejects a bad option with one clear line and exit code 2", () => {
    const r = runCli(["train", "--epochs", "many"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--epochs expects a number");
    expect(r.stderr.split("\n").filter(Boolean).length).toBeLessThanOrEqual(2);
  });

  it("rejects an unknown data set", () => {
    const r = runCli(["train", "--data", "mnist"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mnist/);
  });

  it("reports a missing CSV file without a stack trace", () => {
    const r = runCli(["train", "--csv", join(dir, "nope.csv"), "--target", "label"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/nope\.csv/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("CSV: train, evaluate, predict", () => {
  function writeCsv(name: string, rows: number, seed: number): string {
    // Two noisy clusters with string labels and named columns.
    let s = seed;
    const rnd = (): number => {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      return s / 2 ** 31;
    };
    const lines = ["height,weight,species"];
    for (let i = 0; i < rows; i++) {
      const cat = i % 2 === 0;
      lines.push(`${(cat ? 25 : 60) + rnd() * 10},${(cat ? 4 : 30) + rnd() * 5},${cat ? "cat" : "dog"}`);
    }
    const p = join(dir, name);
    writeFileSync(p, lines.join("\n") + "\n");
    return p;
  }

  it("trains on a CSV, saves, evaluates and predicts with class names kept", () => {
    const train = writeCsv("pets.csv", 200, 1);
    const model = join(dir, "pets.safetensors");
    const t = runCli(["train", "--csv", train, "--target", "species", "--epochs", "100", "--optimizer", "adam", "--lr", "0.05", "--save", model, "--json", "--quiet"]);
    expect(t.stderr).toBe("");
    expect(t.code).toBe(0);
    expect(lastJson(t.stdout).testAccuracy as number).toBeGreaterThan(0.95);

    const test = writeCsv("pets-test.csv", 40, 7);
    const e = runCli(["evaluate", "--model", model, "--csv", test, "--target", "species", "--json"]);
    expect(e.code).toBe(0);
    expect(lastJson(e.stdout).accuracy as number).toBeGreaterThan(0.95);

    // Columns in another order and case: matched by name.
    const shuffled = join(dir, "pets-shuffled.csv");
    const rows = readFileSync(test, "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    writeFileSync(shuffled, ["Weight,Height", ...rows.map((r) => `${r[1]},${r[0]}`)].join("\n") + "\n");
    const outCsv = join(dir, "pred.csv");
    const p = runCli(["predict", "--model", model, "--csv", shuffled, "--out", outCsv]);
    expect(p.code).toBe(0);
    const pred = readFileSync(outCsv, "utf8").trim().split("\n");
    // The file's own column names are kept, in the model's feature order.
    expect(pred[0]).toBe("Height,Weight,prediction,probability_cat,probability_dog");
    expect(pred.length).toBe(41);
    const correct = pred.slice(1).filter((l, i) => l.split(",")[2] === rows[i][2]).length;
    expect(correct).toBeGreaterThanOrEqual(38);
  });

  it("refuses a CSV that does not fit the model", () => {
    const train = writeCsv("pets2.csv", 60, 3);
    const model = join(dir, "pets2.safetensors");
    expect(runCli(["train", "--csv", train, "--target", "species", "--epochs", "5", "--save", model, "--quiet"]).code).toBe(0);
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "a,b,c\n1,2,3\n");
    const r = runCli(["predict", "--model", model, "--csv", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("does not fit the model");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
