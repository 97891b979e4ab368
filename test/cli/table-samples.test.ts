/**
 * `kindling train --samples N` on the bundled tables (iris, wine, breast-cancer, digits):
 * a seeded draw of N rows in the table's order (the whole table without it), refused past
 * the table's size and with --csv; the exported train.py keeps the same rows through
 * torch.randperm, checked by running its load_data in real PyTorch.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadBuiltin } from "../../src/cli/pipeline/data.js";
import { runCli } from "./run-cli.js";
import { findTorchPython, MISSING_MESSAGE, ON_CI, runPython } from "../export/torch-python.js";

const dir = mkdtempSync(join(tmpdir(), "kindling-table-samples-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const py = findTorchPython();

/** The rows of a table as strings, to find which the draw kept. */
function rowKeys(X: { shape: readonly number[]; data: ArrayLike<number> }): string[] {
  const [n, f] = X.shape;
  return Array.from({ length: n }, (_, i) => Array.from(X.data).slice(i * f, (i + 1) * f).join(","));
}

describe("kindling train --samples on a bundled table", () => {
  it("keeps a seeded draw of N rows in the table's order, the same for the same seed, another for another", () => {
    const whole = loadBuiltin("iris", { samples: 1000, seed: 3 });
    expect(whole.X.shape).toEqual([150, 4]);
    const a = loadBuiltin("iris", { samples: 40, seed: 3, drawRows: true });
    const b = loadBuiltin("iris", { samples: 40, seed: 3, drawRows: true });
    const c = loadBuiltin("iris", { samples: 40, seed: 4, drawRows: true });
    expect(a.X.shape).toEqual([40, 4]);
    expect(a.y.shape).toEqual([40]);
    expect(Array.from(a.X.data)).toEqual(Array.from(b.X.data));
    expect(Array.from(a.X.data)).not.toEqual(Array.from(c.X.data));
    // Every kept row is a row of the table with its own label, in the table's order.
    const keys = rowKeys(whole.X), labels = Array.from(whole.y.data);
    let last = -1;
    rowKeys(a.X).forEach((k, i) => {
      const at = keys.indexOf(k, last + 1);
      expect(at).toBeGreaterThan(last);
      expect(a.y.data[i]).toBe(labels[at]);
      last = at;
    });
    // All of a table is the table itself.
    expect(Array.from(loadBuiltin("wine", { samples: 178, seed: 1, drawRows: true }).X.data)).toEqual(Array.from(loadBuiltin("wine", { samples: 1000, seed: 1 }).X.data));
  });

  it("trains on the draw, and refuses more rows than the table has, and --samples with --csv", () => {
    const ok = runCli(["train", "--data", "iris", "--samples", "60", "--epochs", "3", "--quiet", "--json"]);
    expect(ok.code, ok.stderr).toBe(0);
    const summary = JSON.parse(ok.stdout.trim().split("\n").at(-1) as string) as { options: { samples: number }; history: unknown[] };
    expect(summary.options.samples).toBe(60);
    expect(summary.history.length).toBe(3);
    // 60 rows: 48 to train on, 12 to test (the whole table would give 120 / 30).
    const lines = runCli(["train", "--data", "iris", "--samples", "60", "--epochs", "1"]);
    expect(lines.stdout).toContain("Data: iris — 60 samples, 4 features, 3 classes (multiclass); train 48 / test 12");

    const tooMany = runCli(["train", "--data", "iris", "--samples", "151", "--epochs", "1"]);
    expect(tooMany.code).not.toBe(0);
    expect(tooMany.stderr).toContain("--samples 151: iris has 150 rows");

    const csv = join(dir, "t.csv");
    writeFileSync(csv, "a,b,label\n" + Array.from({ length: 30 }, (_, i) => `${i},${i % 7},${i % 2}`).join("\n") + "\n");
    const withCsv = runCli(["train", "--csv", csv, "--target", "label", "--samples", "20", "--epochs", "1"]);
    expect(withCsv.code).not.toBe(0);
    expect(withCsv.stderr).toContain("--samples");
    expect(withCsv.stderr).toContain("--csv");
  });

  describe.runIf(py !== null || ON_CI)("the exported train.py", () => {
    it("loads the same rows through torch.randperm", () => {
      if (py === null) throw new Error(MISSING_MESSAGE);
      const project = join(dir, "wine");
      const r = runCli(["train", "--data", "wine", "--samples", "50", "--seed", "7", "--epochs", "1", "--quiet", "--export-pytorch", project]);
      expect(r.code, r.stderr).toBe(0);
      const script = "import sys, runpy; m = runpy.run_path('train.py', run_name='train'); X, y = m['load_data'](None); "
        + "print(X.shape[0]); print(' '.join(repr(float(v)) for v in X[:, 0])); print(' '.join(str(int(v)) for v in y))";
      const out = runPython(py, ["-c", script], project);
      expect(out.code, out.stderr).toBe(0);
      const [n, col0, labels] = out.stdout.trim().split("\n");
      const ours = loadBuiltin("wine", { samples: 50, seed: 7, drawRows: true });
      expect(Number(n)).toBe(50);
      // float32 in both: the first feature's values and the labels, row for row.
      const f = ours.X.shape[1];
      expect(col0.split(" ").map(Number)).toEqual(Array.from({ length: 50 }, (_, i) => ours.X.data[i * f]));
      expect(labels.split(" ").map(Number)).toEqual(Array.from(ours.y.data));
    });
  });
});
