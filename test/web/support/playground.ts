/**
 * The built playground in headless Chromium, shared by the browser tests: one build, one
 * static server and one browser per test file, and the page helpers the tests drive it with.
 * PLAYGROUND_DIST=<folder> serves an existing build instead of building web/ (to run the
 * tests against an older build and see them fail there).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { buildPlayground } from "./build.js";
import { serveStatic, type StaticServer } from "./static-server.js";
import { launchChromium } from "./browser.js";

export const OUT = fileURLToPath(new URL("../../../test-output/", import.meta.url));
export const DESKTOP = { width: 1366, height: 860 };
export const LAPTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };
/**
 * Only against a hung browser; no test asserts how fast anything runs (the machine may be
 * busy). PLAYGROUND_HANG_GUARD=<ms> shortens it, e.g. to see an old build's hangs fail fast.
 */
export const HANG_GUARD = Number(process.env.PLAYGROUND_HANG_GUARD) || 300_000;

export interface Opened {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
}

export class Playground {
  server!: StaticServer;
  browser!: Browser;
  dist = process.env.PLAYGROUND_DIST ?? "";

  /** `browserArgs`: more Chromium switches (see launchChromium). */
  async start(browserArgs: readonly string[] = []): Promise<void> {
    mkdirSync(OUT, { recursive: true });
    // Each test file builds into a folder of its own: two files run at once, and one
    // emptying web/dist while the other serves it would break the other's pages.
    if (!this.dist) {
      this.dist = mkdtempSync(`${OUT}playground-dist-`);
      await buildPlayground(this.dist);
    }
    this.server = await serveStatic(this.dist);
    this.browser = await launchChromium(browserArgs);
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.server?.close();
    if (!process.env.PLAYGROUND_DIST && this.dist) rmSync(this.dist, { recursive: true, force: true });
  }

  async open(hash = "", viewport = DESKTOP, context: BrowserContextOptions = {}): Promise<Opened> {
    return this.openUrl(`${this.server.url}${hash}`, viewport, context);
  }

  /** Opens any address (another build's server) in a fresh browser context. */
  async openUrl(url: string, viewport = DESKTOP, context: BrowserContextOptions = {}): Promise<Opened> {
    const ctx = await this.browser.newContext({ viewport, acceptDownloads: true, ...context });
    const page = await ctx.newPage();
    page.on("close", () => void ctx.close().catch(() => undefined));
    page.setDefaultTimeout(0);
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    await ready(page);
    return { page, errors };
  }
}

/** Waits until a run is set up and its first frame (epoch `epoch`) is on the page, paused. */
export async function ready(page: Page, epoch = 0): Promise<void> {
  await page.waitForFunction(
    (e) => document.body.dataset.epoch === String(e) && document.body.dataset.running === "false" && document.body.dataset.shownEpoch === String(e),
    epoch,
  );
}

export const epochOf = async (page: Page): Promise<number> => Number(await page.evaluate(() => document.body.dataset.epoch));

/** Plays until the JS condition `until` holds in the page or `maxEpochs` have passed, then pauses. */
export async function playUntil(page: Page, maxEpochs: number, until = "false"): Promise<number> {
  await page.click("#play");
  await page.waitForFunction(`Number(document.body.dataset.epoch) >= ${maxEpochs} || (${until})`);
  await page.click("#play");
  await page.waitForFunction(() => document.body.dataset.running === "false" && document.body.dataset.shownEpoch === document.body.dataset.epoch);
  return epochOf(page);
}

export async function step(page: Page, times: number): Promise<void> {
  const start = await epochOf(page);
  for (let i = 0; i < times; i++) await page.click("#step");
  // The numbers are drawn a frame after the epoch arrives: wait for them, not only the epoch.
  await page.waitForFunction((e) => document.body.dataset.epoch === String(e) && document.body.dataset.shownEpoch === String(e), start + times);
}

export const text = async (page: Page, sel: string): Promise<string> => (await page.textContent(sel))?.trim() ?? "";

/** The page's numbers in the format the shown code prints. */
export async function pageResult(page: Page): Promise<{ loss: string; acc: string; testLoss: string; testAcc: string }> {
  return {
    loss: await text(page, "#train-loss"),
    acc: (await text(page, "#train-acc")).replace(" %", ""),
    testLoss: await text(page, "#test-loss"),
    testAcc: (await text(page, "#test-acc")).replace(" %", ""),
  };
}

export async function uploadCsv(page: Page, name: string, csv: string): Promise<void> {
  await page.setInputFiles("#csv-file", { name, mimeType: "text/csv", buffer: Buffer.from(csv) });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The page's numbers once the frame that brought them has been drawn (the four are written in one draw). */
export async function drawnResult(page: Page): Promise<Awaited<ReturnType<typeof pageResult>>> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForFunction(() => document.body.dataset.epoch === "0" || document.body.dataset.shownEpoch === document.body.dataset.epoch);
  return pageResult(page);
}

/** Opens "Show code", reads the program and closes the dialog. */
export async function readShownCode(page: Page): Promise<string> {
  await page.click("#show-code");
  await page.waitForSelector("#code-dialog[open]");
  const code = await page.textContent("#code-text");
  await page.click("#close-code");
  return code ?? "";
}
