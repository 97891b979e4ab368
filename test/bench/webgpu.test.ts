/**
 * bench/webgpu.ts, the GPU speed run: its checks and table as functions, and the whole
 * script in --small --dry mode on SwiftShader (CI installs chromium and libvulkan1 for the
 * webgpu tests), so that the run prepared for a GPU machine is known to work end to end.
 * PyTorch is left out (--no-torch): tests never run Python.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { checkFirstRow, formatGpuTable, parseArgs, type GpuBenchReport } from "../../bench/webgpu.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

describe("bench/webgpu.ts parts", () => {
  it("parses its options and refuses unknown ones", () => {
    expect(parseArgs(["--small", "--dry", "--no-torch"], "/r")).toEqual({ small: true, dry: true, json: false, noTorch: true, out: "/r" });
    expect(() => parseArgs(["--big"], "/r")).toThrow(/unknown option --big/);
  });

  it("checks a product's first row against a float64 sum", () => {
    const n = 64;
    const a = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: n * n }, (_, i) => Math.cos(3 * i));
    const row = new Float32Array(n);
    for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) row[j] += a[k] * b[k * n + j];
    expect(() => checkFirstRow(row, a, b, n)).not.toThrow();
    row[17] += 0.05;
    expect(() => checkFirstRow(row, a, b, n)).toThrow(/out\[0, 17\]/);
  });

  it("puts each side in its column, TFLOP/s on a GPU and GFLOP/s below", () => {
    const rep: GpuBenchReport = {
      date: "2026-12-02T00:00:00.000Z", adapter: "NVIDIA H200", small: false, node: "v20", torch: "torch 2.11 on NVIDIA H200", notes: ["n1"], failed: [],
      results: [
        { workload: "W4 4096³ webgpu", ms: 10, gflop: 137.438953472 },
        { workload: "W4 4096³ cuda", ms: 4, gflop: 137.438953472, notes: { tf32Ms: 1 } },
        { workload: "W3 webgpu", ms: 100, accuracy: 0.9, notes: { samplesPerSec: 2_000_000 } },
        { workload: "W3 cpu", ms: 1000, accuracy: 0.9, notes: { samplesPerSec: 200_000 } },
        { workload: "W4 256³ webgpu", ms: 100, gflop: 0.033554432 },
      ],
    };
    const lines = formatGpuTable(rep).split("\n");
    expect(lines[0]).toBe("Adapter: NVIDIA H200; Node v20; PyTorch: torch 2.11 on NVIDIA H200");
    expect(lines.find((l) => l.startsWith("W4 GEMM 4096³"))).toMatch(/13\.74 TFLOP\/s +– +34\.36 TFLOP\/s \(TF32: 137\.44 TFLOP\/s\) +≥ 15 TFLOP\/s$/);
    expect(lines.find((l) => l.startsWith("W4 GEMM 256³"))).toMatch(/0\.336 GFLOP\/s/);
    expect(lines.find((l) => l.startsWith("W3 MLP"))).toMatch(/2,000,000 samples\/s +200,000 samples\/s +– +≥ 1,000,000 samples\/s/);
    expect(lines.at(-1)).toBe("Note: n1");
  });
});

describe("bench/webgpu.ts --small --dry on SwiftShader", () => {
  it("runs GEMM and W3 on webgpu and W3 on the cpu, and both train alike", () => {
    const cwd = mkdtempSync(join(tmpdir(), "kindling-gpubench-test-"));
    const tsx = pathToFileURL(join(REPO, "node_modules/tsx/dist/loader.mjs")).href;
    const env = {
      ...process.env,
      VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? "/usr/lib/chromium/vk_swiftshader_icd.json",
      XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? cwd,
    };
    const r = spawnSync(process.execPath, ["--import", tsx, join(REPO, "bench/webgpu.ts"), "--small", "--dry", "--json", "--no-torch"], { cwd, env, encoding: "utf8", timeout: 110_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim().split("\n");
    expect(out).not.toContainEqual(expect.stringMatching(/^Written:/));
    const rep = JSON.parse(out.at(-1) as string) as GpuBenchReport;
    expect(rep.failed).toEqual([]);
    expect(rep.adapter).toMatch(/SwiftShader/);
    expect(rep.notes[0]).toMatch(/say nothing about a GPU's speed/);
    const by = new Map(rep.results.map((x) => [x.workload, x]));
    expect([...by.keys()]).toEqual(["W4 256³ webgpu", "W3 webgpu", "W3 cpu"]);
    expect(by.get("W4 256³ webgpu")?.gflop).toBeCloseTo((2 * 256 ** 3) / 1e9, 12);
    const gpu = by.get("W3 webgpu"), cpu = by.get("W3 cpu");
    expect(Number(gpu?.notes?.samplesPerSec)).toBeGreaterThan(0);
    expect(Number(cpu?.notes?.samplesPerSec)).toBeGreaterThan(0);
    // Same data, seed and model: the GPU's last loss is the CPU's, to float32 summation order.
    expect(Number(gpu?.notes?.lastLoss)).toBeCloseTo(Number(cpu?.notes?.lastLoss), 4);
    expect(gpu?.accuracy).toBeCloseTo(cpu?.accuracy as number, 2);
    expect(r.stdout).toContain("W3 MLP, 1 epoch");
  });
});
