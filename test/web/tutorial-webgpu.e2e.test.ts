/**
 * examples/tutorial-webgpu.ts in headless Chromium on WebGPU (`--enable-unsafe-webgpu`
 * gives SwiftShader's adapter): bundled as a module for the page, with `--quick --epochs 20`
 * (the first model and the blobs, 20 epochs each: SwiftShader in the browser's GPU process
 * takes about 2 s an epoch here), it prints the same epoch lines as PyTorch's CPU run
 * (test/fixtures/tutorial/tutorial_cpu.json) for those epochs; test/examples/
 * tutorial-webgpu.test.ts checks the whole 100 epochs of each in Node.
 */
import { chromium, type Browser } from "playwright-core";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, type Rollup } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchChromium } from "./support/browser.js";
import { serveStatic, type StaticServer } from "./support/static-server.js";

const REPO = join(import.meta.dirname, "../..");
const fixture = JSON.parse(readFileSync(join(REPO, "test/fixtures/tutorial/tutorial_cpu.json"), "utf8")) as { lines: string[] };
let browser: Browser;
let server: StaticServer;
const lines: string[] = [];

beforeAll(async () => {
  await (await launchChromium()).close(); // its clear message when Chromium is missing
  const built = await build({
    configFile: false, logLevel: "error", root: REPO,
    build: {
      write: false, minify: false, target: "es2022", rollupOptions: { output: { inlineDynamicImports: true } },
      lib: { entry: "examples/tutorial-webgpu.ts", formats: ["es"], fileName: "tutorial-webgpu" },
    },
  });
  const code = (built as Rollup.RollupOutput[])[0].output[0].code;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--enable-unsafe-webgpu"] });
  // WebGPU is only offered to secure contexts: a page from localhost, not about:blank.
  const dir = mkdtempSync(join(tmpdir(), "kindling-webgpu-page-"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>tutorial on webgpu</title>");
  server = await serveStatic(dir);
  const page = await browser.newPage();
  await page.goto(server.url);
  page.on("console", (m) => {
    if (m.type() === "log") lines.push(...m.text().split("\n"));
  });
  page.on("pageerror", (e) => lines.push(`ERROR ${e.message}`));
  // The page has no command line: the example's arguments as a Node process would have them.
  await page.evaluate(() => {
    (globalThis as { process?: unknown }).process = { argv: ["node", "tutorial-webgpu.ts", "--quick", "--epochs", "20"] };
  });
  await page.addScriptTag({ content: code, type: "module" });
  const done = (): boolean => lines.some((l) => l.startsWith("Test accuracy") || l.startsWith("ERROR"));
  for (let waited = 0; !done() && waited < 420_000; waited += 250) await new Promise((r) => setTimeout(r, 250));
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the tutorial's async variant in Chromium", () => {
  it("runs on webgpu and prints PyTorch's CPU numbers", () => {
    expect(lines.filter((l) => l.startsWith("ERROR"))).toEqual([]);
    expect(lines[0]).toBe("Using device: webgpu");
    const epochs = (ls: string[]): string[] => ls.filter((l) => l.startsWith("Epoch:"));
    const want = epochs(fixture.lines);
    // Epochs 0 and 10 of model_0 and of the blobs.
    expect(epochs(lines)).toEqual([...want.slice(0, 2), ...want.slice(want.length - 10, want.length - 8)]);
    expect(lines.some((l) => l.startsWith("Test accuracy: "))).toBe(true);
    expect(lines.some((l) => l.includes("device='webgpu'"))).toBe(true);
  });
});
