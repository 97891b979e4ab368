/**
 * examples/tutorial-webgpu.ts on the "webgpu" device (SwiftShader here) prints what the
 * CPU tutorial prints in real PyTorch (test/fixtures/tutorial/tutorial_cpu.json): the
 * epoch lines of the first model and of the blobs, and the blob logits, to the printed
 * digits. `--quick` keeps to those two 100-epoch sections: SwiftShader runs a GPU's work
 * on the CPU, slowly.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const fixture = JSON.parse(readFileSync(join(REPO, "test/fixtures/tutorial/tutorial_cpu.json"), "utf8")) as { lines: string[] };

describe("examples/tutorial-webgpu.ts", () => {
  it("trains on webgpu and prints PyTorch's CPU numbers", () => {
    const cwd = mkdtempSync(join(tmpdir(), "kindling-tutorial-webgpu-"));
    const tsx = pathToFileURL(join(REPO, "node_modules/tsx/dist/loader.mjs")).href;
    const env = {
      ...process.env,
      VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? "/usr/lib/chromium/vk_swiftshader_icd.json",
      XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? cwd,
    };
    const r = spawnSync(process.execPath, ["--import", tsx, join(REPO, "examples/tutorial-webgpu.ts"), "--quick"], { cwd, env, encoding: "utf8", timeout: 600_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("Using device: webgpu");
    const epochs = (ls: string[]): string[] => ls.filter((l) => l.startsWith("Epoch:"));
    const want = epochs(fixture.lines);
    // model_0 (the first 10 lines) and the blobs (the last 10); the 1000-epoch sections are skipped by --quick.
    expect(epochs(lines)).toEqual([...want.slice(0, 10), ...want.slice(want.length - 10)]);
    // The blob logits, as PyTorch prints them on the CPU, with the device named.
    const at = fixture.lines.findIndex((l) => l.startsWith("tensor([[  4.3377"));
    const logits = fixture.lines.slice(at, at + 10);
    logits[9] = logits[9].replace(/\]\)$/, "], device='webgpu')");
    const ours = lines.findIndex((l) => l.startsWith("tensor([[  4.3377"));
    expect(lines.slice(ours, ours + 10)).toEqual(logits);
    expect(r.stdout).toContain("Test accuracy: 99.5%");
  }, 600_000);
});
