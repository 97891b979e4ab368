/**
 * Regression, as the TensorFlow Playground has it, in headless Chromium: the problem type
 * switches the data sets to plane and multi-Gaussian, the network trains one output with
 * MSE, the stats show R² and RMSE (getting better), the output is a continuous colour map
 * (blue for low values, orange for high ones), the link and "Show code" keep the set-up and
 * its numbers, and the downloaded model is a regression model (`kindling predict` takes it:
 * test/web/regression.test.ts).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import * as kd from "../../src/index.js";
import { HANG_GUARD, LAPTOP, OUT, Playground, playUntil, ready, step, text } from "./support/playground.js";
import { runShownRegression } from "./support/run-code.js";

const pg = new Playground();
beforeAll(() => pg.start(), 300_000);
afterAll(() => pg.stop());

/** The page's regression numbers as the shown code prints them, after the stats have been drawn. */
async function regressionResult(page: Page): Promise<{ loss: string; r2: string; rmse: string; testLoss: string; testR2: string; testRmse: string }> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return {
    loss: await text(page, "#train-loss"), r2: await text(page, "#train-acc"), rmse: await text(page, "#train-rmse"),
    testLoss: await text(page, "#test-loss"), testR2: await text(page, "#test-acc"), testRmse: await text(page, "#test-rmse"),
  };
}

/**
 * The output map along the plot's diagonal, bottom left to top right: red minus blue of
 * the mean colour of a small patch at each of `n` steps (orange is positive, blue negative).
 */
async function diagonal(page: Page, n: number): Promise<number[]> {
  return page.evaluate((steps) => {
    const c = document.getElementById("boundary") as HTMLCanvasElement;
    const ctx = c.getContext("2d");
    if (!ctx) throw new Error("no canvas");
    const s = c.width / c.clientWidth;
    // The plot's area in CSS pixels (boundary-view.ts MARGIN: left 46, bottom 36, top 6, right 6).
    const left = 46, top = 6, w = c.clientWidth - 52, h = c.clientHeight - 42;
    const out: number[] = [];
    for (let i = 0; i < steps; i++) {
      const t = (i + 0.5) / steps;
      const x = Math.round((left + t * w) * s), y = Math.round((top + (1 - t) * h) * s);
      const d = ctx.getImageData(x - 3, y - 3, 7, 7).data;
      let rb = 0;
      for (let p = 0; p < d.length; p += 4) rb += d[p] - d[p + 2];
      out.push(rb / (d.length / 4));
    }
    return out;
  }, n);
}

describe("regression", () => {
  it("switches to plane and multi-Gaussian, trains with R² and RMSE getting better, shows a continuous map; link, code and model follow", async () => {
    const { page, errors } = await pg.open("#ds=circles&n=300&h=6,4&act=tanh&seed=5", LAPTOP);
    await ready(page);
    await page.selectOption("#problem", "regression");
    await page.waitForFunction(() => location.hash.includes("ds=plane"));
    await ready(page);
    expect(await page.inputValue("#dataset")).toBe("plane");
    const offered = await page.$$eval("#dataset option", (os) => os.filter((o) => !(o as HTMLOptionElement).disabled).map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(["plane", "multigauss"]);
    expect(await page.inputValue("#loss")).toBe("mse");
    expect(await text(page, "#train-acc-label")).toBe("Train R²");
    expect(await page.isVisible("#test-rmse")).toBe(true);
    expect(await page.isVisible("#confusion")).toBe(false);
    expect(await page.getAttribute("#boundary", "aria-label")).toContain("Predicted value");

    await step(page, 1);
    const early = await regressionResult(page);
    await step(page, 7);
    const later = await regressionResult(page);
    console.log(`plane: epoch 1 ${JSON.stringify(early)}, epoch 8 ${JSON.stringify(later)}`);
    expect(Number(later.testR2)).toBeGreaterThan(Number(early.testR2));
    expect(Number(later.testRmse)).toBeLessThan(Number(early.testRmse));
    expect(Number(later.testR2)).toBeGreaterThan(0.8);

    // The plane's value grows from the bottom left to the top right: blue through white to orange, by degrees.
    const diag = await diagonal(page, 9);
    console.log(`red − blue along the diagonal: ${diag.map((v) => v.toFixed(0)).join(" ")}`);
    expect(diag[0]).toBeLessThan(-40);
    expect(diag[8]).toBeGreaterThan(40);
    for (let i = 1; i < diag.length; i++) expect(diag[i]).toBeGreaterThan(diag[i - 1] - 15);
    const levels = new Set(diag.map((v) => Math.round(v / 10)));
    expect(levels.size).toBeGreaterThanOrEqual(6);
    await page.screenshot({ path: `${OUT}playground-regression-plane-1440.png` });

    // "Show code" prints the page's numbers.
    await page.click("#show-code");
    await page.waitForSelector("#code-dialog[open]");
    const code = (await page.textContent("#code-text")) ?? "";
    await page.click("#close-code");
    expect(code).toContain("makePlane(");
    expect(runShownRegression(code, "regression-plane.ts")).toEqual({ epoch: 8, ...later });

    // The download is a regression model.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    const path = `${OUT}regression-plane.safetensors`;
    await download.saveAs(path);
    const loaded = kd.io.deserializeModel(new Uint8Array(readFileSync(path)));
    expect(loaded.info.task).toBe("regression");
    expect(kd.io.outputWidth(loaded.info.layers)).toBe(1);

    // Multi-Gaussian, with noise: the link keeps it.
    await page.selectOption("#dataset", "multigauss");
    await page.waitForFunction(() => location.hash.includes("ds=multigauss"));
    await ready(page);
    await page.$eval("#noise", (el) => {
      (el as HTMLInputElement).value = "0.1";
      el.dispatchEvent(new Event("change"));
    });
    await page.waitForFunction(() => location.hash.includes("noise=0.1"));
    await ready(page);
    await step(page, 1);
    const g1 = await regressionResult(page);
    // Six bumps take a few dozen epochs to find.
    const at = await playUntil(page, 40);
    const g40 = await regressionResult(page);
    console.log(`multi-Gaussian: epoch 1 ${JSON.stringify(g1)}, epoch ${at} ${JSON.stringify(g40)}`);
    expect(Number(g40.loss)).toBeLessThan(Number(g1.loss));
    expect(Number(g40.testR2)).toBeGreaterThan(Number(g1.testR2) + 0.2);
    expect(Number(g40.testRmse)).toBeLessThan(Number(g1.testRmse));
    await page.screenshot({ path: `${OUT}playground-regression-multigauss-1440.png` });

    const again = await pg.open(new URL(page.url()).hash, LAPTOP);
    await ready(again.page);
    expect(await again.page.inputValue("#problem")).toBe("regression");
    expect(await again.page.inputValue("#dataset")).toBe("multigauss");
    expect(await again.page.inputValue("#noise")).toBe("0.1");
    expect(await text(again.page, "#test-acc-label")).toBe("Test R²");
    expect(again.errors).toEqual([]);
    await again.page.close();

    // Back to classification: circles, accuracies, the confusion matrix.
    await page.selectOption("#problem", "classification");
    await page.waitForFunction(() => location.hash.includes("ds=circles"));
    await ready(page);
    expect(await text(page, "#train-acc-label")).toBe("Train accuracy");
    expect(await page.isVisible("#test-rmse")).toBe(false);
    expect(await page.isVisible("#confusion")).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);
});
