/**
 * The "Show code" dialog's two tabs and the regression chart's R² curve, in headless
 * Chromium. The PyTorch tab shows generatePython's text for the page's run, and that
 * script, run with python3 and torch, ends on the page's numbers.
 */
import { execFileSync } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
vi.mock("kindling", async () => await import("../../src/index.js"));
import type { Page } from "playwright-core";
import { Session } from "../../web/src/engine/session.js";
import { generatePython } from "../../web/src/code/generate-py.js";
import { DEFAULT_CONFIG, type Config } from "../../web/src/state/config.js";
import { configToParams } from "../../web/src/state/url.js";
import { CLASS_COLORS } from "../../web/src/ui/palette.js";
import { HANG_GUARD, LAPTOP, OUT, PHONE, Playground, drawnResult, ready, step, text } from "./support/playground.js";

const PYTHON = process.env.KINDLING_PYTHON ?? "/usr/bin/python3";
const pg = new Playground();
beforeAll(() => pg.start(), 300_000);
afterAll(() => pg.stop());

const hashOf = (c: Config): string => `#${configToParams(c).toString()}`;

async function openCode(page: Page): Promise<void> {
  await page.click("#show-code");
  await page.waitForSelector("#code-dialog[open]");
}

const selected = (page: Page): Promise<string[]> =>
  page.$$eval('#code-dialog [role="tab"]', (tabs) => tabs.filter((t) => t.getAttribute("aria-selected") === "true").map((t) => t.id));

describe("Show code in two languages", () => {
  it("has a TypeScript and a PyTorch tab; the PyTorch script is the generator's and prints the page's numbers", async () => {
    // Spiral (a Kindling generator, ported), L1, a step schedule, a point drawn, a weight set by hand.
    const config: Config = {
      ...DEFAULT_CONFIG, dataset: "spiral", classes: 3, loss: "ce", points: 240, seed: 7, hidden: [6, 4], activation: "tanh",
      l1: 0.002, schedule: "step", stepSize: 2, gamma: 0.5, drawn: [{ x: 0.25, y: -0.5, label: 2 }],
      edits: [{ epoch: 1, layer: 1, to: 0, from: 2, value: 0.75 }],
    };
    const { page, errors } = await pg.open(hashOf(config), LAPTOP);
    await step(page, 3);
    const shown = await drawnResult(page);

    await openCode(page);
    expect(await page.$$eval('#code-dialog [role="tab"]', (tabs) => tabs.map((t) => t.textContent))).toEqual(["TypeScript", "PyTorch"]);
    expect(await selected(page)).toEqual(["code-tab-ts"]);
    expect(await text(page, "#code-text")).toContain('import * as kd from "kindling";');

    await page.click("#code-tab-py");
    expect(await selected(page)).toEqual(["code-tab-py"]);
    expect(await page.getAttribute("#code-panel", "aria-labelledby")).toBe("code-tab-py");
    expect(await text(page, "#code-help")).toContain("python3 playground.py");
    const python = (await page.textContent("#code-text")) ?? "";
    const session = new Session(config);
    expect(python).toBe(generatePython({ config: session.info.config, epochs: 3, nClasses: session.info.nClasses, csv: null }));
    expect(python).toContain("def make_spiral(");
    expect(python).not.toContain("sklearn");
    await page.screenshot({ path: `${OUT}playground-code-pytorch-1440.png` });

    // The arrow keys move between the tabs; the tab chosen is the one shown at the next opening.
    await page.focus("#code-tab-py");
    await page.keyboard.press("ArrowLeft");
    expect(await selected(page)).toEqual(["code-tab-ts"]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("code-tab-ts");
    await page.keyboard.press("ArrowRight");
    await page.click("#close-code");
    await openCode(page);
    expect(await selected(page)).toEqual(["code-tab-py"]);
    expect(await page.textContent("#code-text")).toBe(python);
    await page.click("#close-code");

    const file = `${OUT}shown-pytorch-spiral.py`;
    writeFileSync(file, python);
    const lines = execFileSync(PYTHON, [file], { encoding: "utf8", env: { ...process.env, PYTHONIOENCODING: "utf-8" } }).trim().split("\n");
    expect(lines[lines.length - 1]).toBe(
      `Epoch: 3 | Loss: ${shown.loss}, Accuracy: ${shown.acc}% | Test loss: ${shown.testLoss}, Test acc: ${shown.testAcc}%`,
    );
    expect(errors).toEqual([]);
    await page.close();

    const phone = await pg.open(hashOf(config), PHONE);
    await openCode(phone.page);
    await phone.page.click("#code-tab-py");
    await phone.page.screenshot({ path: `${OUT}playground-code-pytorch-390.png` });
    // Both tabs fit beside each other on a phone, and the dialog does not scroll sideways.
    const fits = await phone.page.evaluate(() => {
      const d = document.getElementById("code-dialog") as HTMLElement;
      const tabs = Array.from(d.querySelectorAll('[role="tab"]')).map((t) => t.getBoundingClientRect());
      return d.scrollWidth <= d.clientWidth && tabs[0].top === tabs[1].top && tabs[1].right <= d.getBoundingClientRect().right;
    });
    expect(fits).toBe(true);
    expect(phone.errors).toEqual([]);
    await phone.page.close();
    expect(statSync(`${OUT}playground-code-pytorch-1440.png`).size).toBeGreaterThan(10_000);
  }, HANG_GUARD);
});

/** Rows (top = 0) of the accuracy/R² chart's pixels in a colour, per column band: the curve's height at its start and end. */
async function curveRows(page: Page, rgb: readonly number[]): Promise<{ first: number; last: number; count: number }> {
  return page.evaluate((c) => {
    const canvas = document.getElementById("acc-chart") as HTMLCanvasElement;
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no canvas");
    const { width, height } = canvas;
    const d = ctx.getImageData(0, 0, width, height).data;
    const rows: number[][] = [];
    for (let x = 0; x < width; x++) {
      for (let y = 0; y < height; y++) {
        const i = (y * width + x) * 4;
        if (Math.abs(d[i] - c[0]) + Math.abs(d[i + 1] - c[1]) + Math.abs(d[i + 2] - c[2]) < 30 && d[i + 3] > 200) rows.push([x, y]);
      }
    }
    if (rows.length === 0) return { first: NaN, last: NaN, count: 0 };
    // Found column by column, so the first and last are the curve's ends.
    const lo = rows[0][0], hi = rows[rows.length - 1][0];
    const mean = (at: number): number => {
      const ys = rows.filter(([x]) => Math.abs(x - at) <= 2).map(([, y]) => y);
      return ys.reduce((a, b) => a + b, 0) / ys.length;
    };
    return { first: mean(lo), last: mean(hi), count: rows.length };
  }, rgb);
}

describe("the regression chart", () => {
  it("draws R² beside the loss, rising as the model learns", async () => {
    const config: Config = { ...DEFAULT_CONFIG, dataset: "plane", loss: "mse", points: 300, hidden: [6], activation: "tanh", seed: 5 };
    const { page, errors } = await pg.open(hashOf(config), LAPTOP);
    await ready(page);
    expect(await page.isVisible("#acc-chart")).toBe(true);
    expect(await text(page, "#acc-caption")).toBe("test R²");
    expect(await page.getAttribute("#acc-chart", "aria-label")).toBe("Train and test R² by epoch");
    await step(page, 8);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const train = await curveRows(page, CLASS_COLORS[0]);
    console.log(`R² curve (train): ${train.count} pixels, from row ${train.first.toFixed(1)} to row ${train.last.toFixed(1)}; test R² ${await text(page, "#test-acc")}`);
    expect(train.count).toBeGreaterThan(50);
    // Higher R² is higher on the chart: a smaller row.
    expect(train.last).toBeLessThan(train.first - 10);
    expect((await curveRows(page, CLASS_COLORS[1])).count).toBeGreaterThan(20);
    await page.locator(".charts").screenshot({ path: `${OUT}playground-r2-chart.png` });

    // Back to classification: the accuracy chart again.
    await page.selectOption("#problem", "classification");
    await page.waitForFunction(() => location.hash.includes("ds=circles"));
    await ready(page);
    expect(await text(page, "#acc-caption")).toBe("test acc. (%)");
    expect(await page.getAttribute("#acc-chart", "aria-label")).toBe("Train and test accuracy by epoch");
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);
});
