/**
 * The same kernels through `navigator.gpu` in headless Chromium (SwiftShader's WebGPU
 * adapter, with --enable-unsafe-webgpu): gpu.ts's browser path, bundled by esbuild as
 * the package's browser build is, on a page served at an https origin (WebGPU needs a
 * secure context). Chromium is required, as for the playground tests.
 */
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import type { runWebGpu } from "./browser-entry.js";
import { mismatch } from "./compare.js";

const CHROMIUM = "/usr/bin/chromium";
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

describe("webgpu in headless Chromium", () => {
  it("runs element-wise, matmul and reductions through navigator.gpu", async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`the WebGPU browser test needs Chromium at ${CHROMIUM} (Debian: apt-get install chromium)`);
    const bundle = await build({
      entryPoints: [new URL("./browser-entry.ts", import.meta.url).pathname], bundle: true, format: "iife",
      globalName: "kindlingWebGpu", platform: "neutral", write: false, logLevel: "error",
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--enable-unsafe-webgpu", "--enable-features=Vulkan", "--use-angle=swiftshader", "--use-webgpu-adapter=swiftshader"],
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.route("https://kindling.test/**", (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>webgpu</title>" }));
    await page.goto("https://kindling.test/");
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    const r = await page.evaluate(() => (globalThis as unknown as { kindlingWebGpu: { runWebGpu: typeof runWebGpu } }).kindlingWebGpu.runWebGpu());
    expect(errors).toEqual([]);
    const x = [0, 1, -1, 2, Number.NaN, 0.5];
    expect(mismatch(r.exp, x.map(Math.exp), { atol: 2e-6, rtol: 4e-6 })).toBeNull();
    expect(r.matmul).toEqual([14, 32, 32, 77]);
    expect(r.argmax).toEqual([1, 1]); // the NaN wins the second row
    expect(r.sum).toEqual([2997]);
  });
});
