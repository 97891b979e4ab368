/**
 * With only --data, `kindling train` trains well: scikit-learn MLPClassifier's defaults
 * (one hidden layer of 100, Adam at 0.001, batches of 200, up to 200 epochs with its
 * stopping rule). Before, digits ended at 95.3 % and blobs at 60 %.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

function summary(stdout: string): { testAccuracy: number; options: Record<string, unknown>; history: unknown[] } {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as { testAccuracy: number; options: Record<string, unknown>; history: unknown[] };
}

describe("kindling train --data NAME, nothing else", () => {
  it.each([
    ["circles", 0.97], ["moons", 0.97], ["blobs", 0.97], ["digits", 0.97],
    ["iris", 0.95], ["wine", 0.95], ["breast-cancer", 0.95],
  ])("reaches the target accuracy on %s", (name, target) => {
    const r = runCli(["train", "--data", name, "--json", "--quiet"]);
    expect(r.code).toBe(0);
    const s = summary(r.stdout);
    expect(s.testAccuracy).toBeGreaterThanOrEqual(target);
    expect(s.options).toMatchObject({ optimizer: "adam", lr: 0.001, hidden: [100] });
    expect(s.history.length).toBeLessThanOrEqual(200);
  });

  it("prints what it chose, and that the choices are defaults", () => {
    const r = runCli(["train", "--data", "iris", "--every", "1000"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Loss: cross-entropy; hidden 100, optimizer adam \(lr 0\.001\), batch size 120 \(full\), up to 200 epochs, stopping when the training loss improves by less than 0\.0001 for 10 epochs \(defaults as scikit-learn's MLPClassifier for --hidden, --optimizer, --lr, --epochs, --batch-size\)$/m);
  });

  it("runs exactly the epochs asked for, and --early-stopping holds out a validation split", () => {
    const fixed = summary(runCli(["train", "--data", "moons", "--epochs", "7", "--json", "--quiet"]).stdout);
    expect(fixed.history.length).toBe(7);
    // The issue's run: blobs for 100 epochs ended at 60 % with the old defaults (SGD, full batch).
    const blobs = summary(runCli(["train", "--data", "blobs", "--epochs", "100", "--json", "--quiet"]).stdout);
    expect(blobs.history.length).toBe(100);
    expect(blobs.testAccuracy).toBeGreaterThanOrEqual(0.97);
    const r = runCli(["train", "--data", "moons", "--early-stopping", "--every", "1000"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("train 720 (+ 80 validation) / test 200");
    expect(r.stdout).toContain("stopping when the validation accuracy improves by less than 0.0001 for 10 epochs");
  });
});
