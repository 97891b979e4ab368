/**
 * Parity with the TensorFlow Playground, in headless Chromium: the output's view options
 * ("Show test data", "Discretize output", the loss chart's log scale) redraw the picture without restarting training
 * and travel in the link; L1 regularisation beside L2 trains what the shown code trains.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { HANG_GUARD, LAPTOP, OUT, Playground, drawnResult, epochOf, readShownCode, ready, step } from "./support/playground.js";
import { runShownCode } from "./support/run-code.js";

const pg = new Playground();
beforeAll(() => pg.start(), 300_000);
afterAll(() => pg.stop());

/** The share of the boundary canvas's pixels in its two commonest colours, and how many pixels are near-black (the test diamonds' outline). */
async function colours(page: Page): Promise<{ top2: number; dark: number }> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => {
    const c = document.getElementById("boundary") as HTMLCanvasElement;
    const d = (c.getContext("2d") as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
    const counts = new Map<number, number>();
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) {
      const key = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (d[i] < 40 && d[i + 1] < 40 && d[i + 2] < 40 && d[i + 3] > 0) dark++;
    }
    const sorted = Array.from(counts.values()).sort((a, b) => b - a);
    return { top2: (sorted[0] + (sorted[1] ?? 0)) / (d.length / 4), dark };
  });
}

describe("the output's view options", () => {
  it("hides the test points, discretizes the boundary and puts the loss on a log scale without restarting, and the link keeps them", async () => {
    const { page, errors } = await pg.open("#ds=moons&noise=0.2&h=6&act=tanh&seed=3", LAPTOP);
    await step(page, 5);
    const shown = await colours(page);
    await page.click("#show-test");
    await page.waitForFunction(() => location.hash.includes("td=0"));
    const hidden = await colours(page);
    // The diamonds' dark outlines go; the frame, ticks and titles (also dark) stay.
    expect(hidden.dark).toBeLessThan(shown.dark * 0.7);
    await page.click("#discretize");
    await page.waitForFunction(() => location.hash.includes("disc=1"));
    const discrete = await colours(page);
    // Two flat class colours instead of a gradient of confidence.
    console.log(`boundary: the two commonest colours cover ${hidden.top2.toFixed(3)} of it, discretized ${discrete.top2.toFixed(3)}`);
    expect(discrete.top2).toBeGreaterThan(hidden.top2 + 0.25);
    // The loss chart on a log scale: redrawn, its bottom label a loss instead of 0.
    const linear = await page.evaluate(() => (document.getElementById("loss-chart") as HTMLCanvasElement).toDataURL());
    await page.click("#loss-log");
    await page.waitForFunction(() => location.hash.includes("log=1"));
    await page.waitForFunction((before) => (document.getElementById("loss-chart") as HTMLCanvasElement).toDataURL() !== before, linear);
    expect(await epochOf(page)).toBe(5);
    await page.screenshot({ path: `${OUT}view-options-1440.png` });

    const again = await pg.open(new URL(page.url()).hash, LAPTOP);
    expect(await again.page.isChecked("#show-test")).toBe(false);
    expect(await again.page.isChecked("#discretize")).toBe(true);
    expect(await again.page.isChecked("#loss-log")).toBe(true);
    expect(errors).toEqual([]);
    expect(again.errors).toEqual([]);
    await page.close();
    await again.page.close();
  }, HANG_GUARD);

  it("regenerates the data with a new seed: new points, back at epoch 0, the link and the shown code follow", async () => {
    const { page, errors } = await pg.open("#ds=moons&n=200&h=4&seed=11", LAPTOP);
    await step(page, 2);
    const before = await page.evaluate(() => (document.getElementById("boundary") as HTMLCanvasElement).toDataURL());
    await page.click("#reseed");
    await page.waitForFunction(() => !location.hash.includes("seed=11&") && /seed=\d+/.test(location.hash));
    await ready(page);
    const seed = Number(new URLSearchParams(new URL(page.url()).hash.slice(1)).get("seed"));
    expect(seed).not.toBe(11);
    expect(await page.inputValue("#seed")).toBe(String(seed));
    await page.waitForFunction((b) => (document.getElementById("boundary") as HTMLCanvasElement).toDataURL() !== b, before);
    expect(await readShownCode(page)).toContain(`const SEED = ${seed};`);
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);

  it("trains with L1 beside L2, and the shown code adds the same term and prints the page's numbers", async () => {
    const { page, errors } = await pg.open("#ds=circles&n=300&h=6,4&act=relu&opt=sgd&lr=0.1&seed=6&l2=0.001", LAPTOP);
    await page.selectOption("#l1", "0.01");
    await page.waitForFunction(() => location.hash.includes("l1=0.01"));
    await ready(page);
    await step(page, 6);
    const result = await drawnResult(page);
    const code = await readShownCode(page);
    expect(code).toContain(".mul(0.01));");
    expect(code).toContain("weightDecay: 0.001");
    expect(runShownCode(code, "parity-l1.ts")).toEqual({ epoch: 6, ...result });
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);
});
