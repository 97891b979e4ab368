/**
 * `kindling train --device`: webgpu (SwiftShader here) prints the CPU run's epoch lines and
 * saves the same model (within float32's last bits); auto keeps a small network on the CPU and says why; webgpu
 * without a GPU is a usage error naming the reason.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

process.env.VK_ICD_FILENAMES ??= "/usr/lib/chromium/vk_swiftshader_icd.json";
process.env.XDG_RUNTIME_DIR ??= mkdtempSync(join(tmpdir(), "kindling-xdg-"));

const epochLines = (out: string): string[] => out.split("\n").filter((l) => /^Epoch/.test(l.trim()));

describe("kindling train --device", () => {
  it("webgpu prints the CPU's epochs and saves the CPU's model", () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-device-"));
    const common = ["train", "--data", "moons", "--samples", "300", "--epochs", "12", "--every", "3", "--optimizer", "sgd", "--lr", "0.1", "--batch-size", "64", "--seed", "3"];
    const cpu = runCli([...common, "--save", join(dir, "cpu.kdl")]);
    const gpu = runCli([...common, "--device", "webgpu", "--save", join(dir, "gpu.kdl")]);
    expect(cpu.code, cpu.stderr).toBe(0);
    expect(gpu.code, gpu.stderr).toBe(0);
    expect(gpu.stdout).toMatch(/Device: webgpu \(.*SwiftShader/);
    expect(epochLines(gpu.stdout).length).toBeGreaterThan(3);
    expect(epochLines(gpu.stdout)).toEqual(epochLines(cpu.stdout));
    // The same model: the header (architecture, scaling, training record) byte for byte, the
    // weights within float32's last bits (the GPU sums its products in another order).
    const [a, b] = [readFileSync(join(dir, "cpu.kdl")), readFileSync(join(dir, "gpu.kdl"))];
    const header = 8 + Number(a.readBigUInt64LE(0));
    expect(b.subarray(0, header)).toEqual(a.subarray(0, header));
    expect(b.length).toBe(a.length);
    for (let i = header; i < a.length; i += 4) {
      const x = a.readFloatLE(i), y = b.readFloatLE(i);
      expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(x)));
    }
  });

  it("auto keeps a small step on the CPU, saying why", () => {
    const r = runCli(["train", "--data", "circles", "--epochs", "2", "--device", "auto"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Device: cpu \(auto: a step of \d+ multiply-adds is below \d+/);
  });

  it("an unknown device is refused by the parser", () => {
    const r = runCli(["train", "--epochs", "1", "--device", "cuda"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--device.*cuda.*Allowed choices are cpu, webgpu, auto/s);
  });
});
