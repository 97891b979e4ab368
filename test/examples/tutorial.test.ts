/**
 * `npm run tutorial` prints what the same tutorial prints in real PyTorch on the CPU
 * (scripts/fixtures/tutorial.py wrote the fixture): data, splits, model prints, untrained
 * predictions, every epoch line, the blob logits and the metrics, character for character.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const fixture = JSON.parse(readFileSync(join(REPO, "test/fixtures/tutorial/tutorial_cpu.json"), "utf8")) as { lines: string[] };

describe("examples/tutorial.ts", () => {
  it("prints PyTorch's lines and writes the figures", () => {
    const cwd = mkdtempSync(join(tmpdir(), "kindling-tutorial-"));
    // tsx is resolved from the repository, since the run happens in a scratch folder.
    const tsx = pathToFileURL(join(REPO, "node_modules/tsx/dist/loader.mjs")).href;
    const r = spawnSync(process.execPath, ["--import", tsx, join(REPO, "examples/tutorial.ts")], { cwd, encoding: "utf8", timeout: 300_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const ours = r.stdout.split("\n");
    // numpy prints arrays its own way ([[ 0.75424625  0.23148074] ...]); those lines are
    // Kindling tensors here. Everything from the pandas table on is compared verbatim,
    // except the numpy shape lines just after it.
    const numpyOnly = (l: string): boolean => /^\(1000, 2\)|^Values for one sample|^Shapes for one sample|^\[1000,2\]/.test(l);
    const from = (lines: string[]): string[] => lines.slice(lines.findIndex((l) => l.includes("X1        X2  label"))).filter((l) => !numpyOnly(l));
    const expected = from(fixture.lines);
    const got = from(ours).slice(0, expected.length);
    expect(got).toEqual(expected);
    // The sample shapes, as Kindling prints them.
    expect(r.stdout).toContain("Shapes for one sample of X: [2] and the same for y: []");
    for (const f of ["circles.png", "model_0.png", "model_3.png", "model_4.png", "model_4_confusion.png"]) {
      expect(existsSync(join(cwd, "kindling-out/tutorial", f))).toBe(true);
    }
  });
});
