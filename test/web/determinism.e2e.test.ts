/**
 * The same bits in Chromium as in Node: the five determinism programs
 * (test/engine/determinism/programs.ts), bundled with the library and run in a headless
 * Chromium page on its default backend (wasm, one thread: the page is not cross-origin
 * isolated), hash equal to a Node process's run and to the committed hashes
 * (test/engine/determinism/expected.ts); and Kindling's libm gives the same bits in both
 * engines over a spread of arguments. test/engine/determinism.test.ts checks the thread
 * counts.
 */
import type { Browser } from "playwright-core";
import { build, type Rollup } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserRun } from "../engine/determinism/browser-entry.js";
import { REPO, hashes, runPrograms, sha256 } from "../engine/determinism/child.js";
import { EXPECTED } from "../engine/determinism/expected.js";
import { libmGrid } from "../engine/determinism/libm-grid.js";
import { TEST_EPOCHS } from "../engine/determinism/programs.js";
import { launchChromium } from "./support/browser.js";

let browser: Browser;
let run: BrowserRun;

beforeAll(async () => {
  // One script for the page, bundled by Vite as the playground is (no file written).
  const built = await build({
    configFile: false, logLevel: "error", root: REPO,
    build: { write: false, minify: false, lib: { entry: "test/engine/determinism/browser-entry.ts", formats: ["iife"], name: "kindlingDeterminism" } },
  });
  const code = (built as Rollup.RollupOutput[])[0].output[0].code;
  browser = await launchChromium();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.addScriptTag({ content: code });
  run = await page.evaluate(
    (epochs) => (globalThis as unknown as { runDeterminism: (e: Record<string, number>) => BrowserRun }).runDeterminism(epochs),
    { ...TEST_EPOCHS },
  );
  expect(errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
});

describe("in headless Chromium", () => {
  it("the five training programs hash as in Node", () => {
    expect(run.threads).toBe(1);
    const browserHashes = Object.fromEntries(
      Object.entries(run.programs).map(([k, v]) => [k, sha256(new Uint8Array(Uint32Array.from(v.bits).buffer))]),
    );
    expect(browserHashes).toEqual(hashes(runPrograms({ KINDLING_NUM_THREADS: "1" })));
    expect(browserHashes).toEqual(EXPECTED.programs);
  });

  it("libm gives the same bits as in Node", () => {
    const node = new Uint32Array(libmGrid().buffer);
    expect(run.libm.length).toBe(node.length);
    let differ = 0;
    for (let i = 0; i < node.length; i++) if (run.libm[i] !== node[i]) differ++;
    expect(differ).toBe(0);
    expect(sha256(new Uint8Array(Uint32Array.from(run.libm).buffer))).toBe(EXPECTED.libm);
  });
});
