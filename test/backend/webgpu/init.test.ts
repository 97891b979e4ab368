/**
 * Finding the device: one backend per process, a clear error without an adapter (in a
 * child process, whose Vulkan loader is pointed at no driver), and buffers that go back to
 * their pool when their storage is collected.
 */
import { spawnSync } from "node:child_process";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { initWebGpu, webGpuIfReady } from "../../../src/backend/webgpu/gpu.js";
import type { GpuStorage } from "../../../src/backend/webgpu/backend.js";
import { gpuUnderTest } from "./device.js";

const repo = new URL("../../..", import.meta.url).pathname;

describe("initWebGpu", () => {
  it("is idempotent: one device per process, and webGpuIfReady gives it synchronously", async () => {
    const a = await gpuUnderTest();
    const [b, c] = await Promise.all([initWebGpu(), initWebGpu()]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(webGpuIfReady()).toBe(a);
    expect(a.name).toBe("webgpu");
  });

  it("names libvulkan1 and VK_ICD_FILENAMES when Dawn finds no adapter", () => {
    const src = `import { initWebGpu } from "./src/backend/webgpu/gpu.js";
      initWebGpu().then(() => console.log("adapter"), (e) => console.log("error: " + e.message)).then(() => process.exit(0));`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", src], {
      cwd: repo, encoding: "utf8", timeout: 60_000,
      env: { ...process.env, VK_ICD_FILENAMES: "/nonexistent/icd.json", XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? "/tmp" },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("error: WebGPU found no adapter");
    expect(r.stdout).toContain("libvulkan1");
    expect(r.stdout).toContain("VK_ICD_FILENAMES");
  });
});

describe("buffer pool", () => {
  it("reuses a collected storage's buffer for the next storage of its size class, zero-filled", async () => {
    const gpu = await gpuUnderTest();
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    let s: GpuStorage | null = gpu.upload(Float32Array.from({ length: 100 }, (_, i) => i + 1), "float32");
    const buffer = s.buffer;
    await gpu.read(s);
    s = null;
    // FinalizationRegistry callbacks run in a later task after the collection.
    let again: GpuStorage | null = null;
    for (let i = 0; i < 10 && !again; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 20));
      const t = gpu.alloc("float32", 120); // 480 bytes: the 512-byte class of 100 elements
      if (t.buffer === buffer) again = t;
    }
    expect(again, "the buffer came back to the pool").not.toBeNull();
    expect(Array.from(await gpu.read(again!))).toEqual(new Array<number>(120).fill(0));
  });
});
