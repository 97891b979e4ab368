/**
 * The playground's Device switch in headless Chromium. With --enable-unsafe-webgpu Chromium
 * has SwiftShader's WebGPU (slow: milliseconds per dispatch), so the run is a few epochs of
 * a small circles network: the page trains on WebGPU, says so, keeps the choice in the link,
 * and prints the CPU run's numbers. Without the switch (the default launch) the Device
 * control is disabled and says why.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { LAPTOP, OUT, PHONE, Playground, drawnResult, epochOf, playUntil, readShownCode, ready, step, text } from "./support/playground.js";
import { launchChromium } from "./support/browser.js";
import { readSafetensorsHeader } from "./support/safetensors.js";
import { readFileSync } from "node:fs";

const pg = new Playground();
beforeAll(() => pg.start(["--enable-unsafe-webgpu"]), 300_000);
afterAll(() => pg.stop());

const SMALL = "#ds=circles&n=120&h=4,3&bs=24&seed=42";

/** Waits for the run on `device` to be set up and its first frame drawn. */
async function runOn(page: Page, device: "cpu" | "webgpu"): Promise<void> {
  await page.waitForFunction((d) => document.body.dataset.device === d, device);
  await ready(page);
}

/** "Download model": the file's tensors (all float32), in file order. */
async function downloadWeights(page: Page): Promise<Float32Array> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  const path = await download.path();
  const bytes = readFileSync(path);
  const header = readSafetensorsHeader(bytes);
  const start = 8 + Number(bytes.readBigUInt64LE(0));
  const end = Object.values(header.tensors).reduce((m, t) => Math.max(m, t.data_offsets[1]), 0);
  expect(Object.values(header.tensors).every((t) => t.dtype === "F32")).toBe(true);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + end));
}

describe("the Device switch with WebGPU", () => {
  it("trains on WebGPU, shows it, keeps it in the link, and prints the CPU run's numbers", async () => {
    const { page, errors } = await pg.open(SMALL, LAPTOP);
    await page.waitForFunction(() => document.body.dataset.gpu === "true");
    expect(await page.isDisabled("#device")).toBe(false);
    expect(await page.inputValue("#device")).toBe("cpu");
    await step(page, 2);
    const cpu2 = await drawnResult(page);

    await page.selectOption("#device", "webgpu");
    await runOn(page, "webgpu");
    expect(page.url()).toContain("dev=webgpu");
    expect(await text(page, "#device-note")).toMatch(/^Training on WebGPU \(.+\)\.$/);
    await step(page, 2);
    expect(await drawnResult(page)).toEqual(cpu2);
    // Playing runs the worker's own loop (time slices, pictures now and then) on the device.
    const reached = await playUntil(page, 4);
    expect(reached).toBeGreaterThanOrEqual(4);
    const gpu = await drawnResult(page);
    // "Show code" gives the device-agnostic program (run on SwiftShader in session-webgpu.test.ts).
    const code = await readShownCode(page);
    expect(code).toContain("await kd.webgpu.init();");
    expect(code).toContain("model.to(device);");
    await page.locator("#train-panel").screenshot({ path: `${OUT}device-switch-1440.png` });
    await page.screenshot({ path: `${OUT}playground-webgpu-1440.png` });

    const gpuModel = await downloadWeights(page);
    // The link opens on WebGPU; the same set-up on the CPU prints the same numbers at that epoch.
    const again = await pg.open(new URL(page.url()).hash, PHONE);
    await runOn(again.page, "webgpu");
    expect(await again.page.inputValue("#device")).toBe("webgpu");
    await again.page.locator("#train-panel").screenshot({ path: `${OUT}device-switch-390.png` });
    await again.page.selectOption("#device", "cpu");
    await runOn(again.page, "cpu");
    expect(again.page.url()).not.toContain("dev=");
    await step(again.page, reached);
    expect(await epochOf(again.page)).toBe(reached);
    expect(await drawnResult(again.page)).toEqual(gpu);
    // The downloaded model holds the GPU's trained weights: the CPU run's, to float32 rounding.
    const cpuModel = await downloadWeights(again.page);
    expect(gpuModel.length).toBe(cpuModel.length);
    for (let i = 0; i < cpuModel.length; i++) expect(Math.abs(gpuModel[i] - cpuModel[i])).toBeLessThan(1e-4);
    expect([...errors, ...again.errors]).toEqual([]);
  });
});

describe("the Device switch without WebGPU", () => {
  it("is disabled, says why, and a WebGPU link trains on the CPU", async () => {
    const plain = await launchChromium();
    try {
      const ctx = await plain.newContext({ viewport: LAPTOP });
      const page = await ctx.newPage();
      await page.goto(`${pg.server.url}${SMALL}&dev=webgpu`);
      await page.waitForFunction(() => document.body.dataset.gpu === "false");
      await runOn(page, "cpu");
      expect(await page.isDisabled("#device")).toBe(true);
      expect(await page.inputValue("#device")).toBe("cpu");
      const why = await page.getAttribute("#device-cell", "title");
      expect(why).toMatch(/^WebGPU is not available: .+\. Training runs on the CPU\.$/);
      expect(await text(page, "#device-note")).toBe(why);
      // The link says what the page does: the CPU.
      await page.waitForFunction(() => !location.hash.includes("dev="));
      await step(page, 1);
      expect(await epochOf(page)).toBe(1);
      await page.locator("#train-panel").screenshot({ path: `${OUT}device-switch-disabled-1440.png` });
    } finally {
      await plain.close();
    }
  });
});
