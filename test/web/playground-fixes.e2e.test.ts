/**
 * The playground's bugs found by trying it as a new user would (issue 17), each replayed in
 * headless Chromium. Every test here failed on the build before the fixes
 * (PLAYGROUND_DIST=<old build> runs them against one).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { HANG_GUARD, PHONE, Playground, epochOf, pageResult, ready, sleep, step, text, uploadCsv } from "./support/playground.js";
import { runCli } from "../cli/run-cli.js";

const pg = new Playground();
beforeAll(() => pg.start(), 300_000);
afterAll(() => pg.stop());

/**
 * Plays until the page shows `target` epochs. Stops early (and returns) when the epoch
 * counter has not moved for `stallMs` or an error was seen, so a frozen page fails quickly.
 */
async function playTo(page: Page, errors: string[], target: number, stallMs = 15_000): Promise<number> {
  await page.click("#play");
  let last = -1, lastMove = Date.now();
  for (;;) {
    const e = await epochOf(page);
    if (e !== last) [last, lastMove] = [e, Date.now()];
    if (e >= target || errors.length > 0 || Date.now() - lastMove > stallMs) break;
    await sleep(250);
  }
  return last;
}

/** x, y and a 0/1 label: two clusters, `n` rows, plus a second categorical column `group`. */
function xyCsv(n: number): string {
  const rows = ["x,y,label,group"];
  for (let i = 0; i < n; i++) {
    const k = i % 2;
    rows.push(`${(k ? 2 : -2) + Math.sin(i * 12.9898)},${(k ? 1 : -1) + Math.cos(i * 78.233)},${k},${i % 3 === 0 ? "a" : "b"}`);
  }
  return rows.join("\n");
}

describe("playground bugs (issue 17)", () => {
  it("keeps training and drawing past 70,000 epochs (the loss chart used to overflow the stack at ~63,000)", async () => {
    const { page, errors } = await pg.open("#ds=circles&n=20&test=0.1&bs=2000&h=2");
    const reached = await playTo(page, errors, 70_000);
    expect(errors).toEqual([]);
    expect(reached).toBeGreaterThanOrEqual(70_000);
    await page.click("#play");
    await page.waitForFunction(() => document.body.dataset.running === "false");
    expect(await text(page, "#play")).toContain("Play");
    // The chart is drawn: many opaque pixels on its canvas.
    const inked = await page.evaluate(() => {
      const c = document.getElementById("loss-chart") as HTMLCanvasElement;
      const d = c.getContext("2d")?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(500);
    await page.close();
  }, HANG_GUARD);

  it("goes on drawing pictures after a draw throws (the frame is still acknowledged)", async () => {
    const { page, errors } = await pg.open("#ds=moons&h=4");
    // The next three heat-map paints throw, as a broken canvas would; later ones are counted.
    await page.evaluate(() => {
      const w = window as unknown as { painted_: number };
      w.painted_ = 0;
      let failures = 3;
      const real = CanvasRenderingContext2D.prototype.putImageData;
      CanvasRenderingContext2D.prototype.putImageData = function (this: CanvasRenderingContext2D, ...args: unknown[]) {
        if (failures > 0) {
          failures--;
          throw new Error("test: this canvas is broken");
        }
        w.painted_++;
        return (real as (...a: unknown[]) => void).apply(this, args);
      } as typeof real;
    });
    await playTo(page, [], 60);
    await page.waitForFunction(() => (window as unknown as { painted_: number }).painted_ > 20, undefined, { timeout: 60_000 });
    expect(errors.filter((e) => !e.includes("this canvas is broken"))).toEqual([]);
    await page.close();
  }, HANG_GUARD);

  it("stops a diverging run with a message beside the picture and a way back", async () => {
    const { page, errors } = await pg.open(
      "#ds=circles&noise=0.5&n=2000&test=0.5&seed=78439&h=1&act=linear&opt=sgd&lr=10&l2=0.01&drop=0.2",
    );
    for (let i = 1; i <= 3; i++) {
      await page.click("#step");
      await page.waitForFunction(
        (e) => Number(document.body.dataset.epoch) >= e || /diverged/.test(document.getElementById("picture-message")?.textContent ?? ""),
        i,
      );
    }
    await page.waitForFunction(() => /diverged/.test(document.getElementById("picture-message")?.textContent ?? ""));
    await sleep(1000);
    expect(await text(page, "#train-error")).not.toContain("worker failed");
    expect(await text(page, "#picture-message")).toMatch(/Training diverged at epoch \d+/);
    expect(errors).toEqual([]);
    // Play does not start a run that diverged; Reset (in the message) goes back to epoch 0.
    await page.click("#play");
    await sleep(500);
    expect(await page.evaluate(() => document.body.dataset.running)).toBe("false");
    await page.click("#picture-message button");
    await ready(page, 0);
    expect(await text(page, "#picture-message")).toBe("");
    await step(page, 1);
    expect(Number(await text(page, "#train-loss"))).toBeGreaterThan(0);
    await page.close();
  }, HANG_GUARD);

  it("reads an x,y,label CSV (label, not y, is the label), counts its rows, and lets the person pick the label", async () => {
    const { page, errors } = await pg.open();
    await uploadCsv(page, "xy.csv", xyCsv(300));
    await page.waitForFunction(() => (document.getElementById("csv-message")?.textContent ?? "") !== "");
    expect(await text(page, "#csv-message")).toContain('Using "x" and "y" as features and "label" as the label (2 classes, 300 rows).');
    expect(await text(page, "#points-out")).toBe("300");
    expect(await page.locator("#label-column option").allTextContents()).toEqual(["x", "y", "label", "group"]);
    expect(await page.inputValue("#label-column")).toBe("label");
    await page.selectOption("#label-column", "group");
    await page.waitForFunction(() => document.getElementById("csv-message")?.textContent?.includes('"group" as the label'));
    await ready(page);
    await page.waitForFunction(() => location.hash.includes("label=group"));
    const again = await pg.open(new URL(page.url()).hash);
    expect(await again.page.inputValue("#label-column")).toBe("group");
    expect(await text(again.page, "#csv-message")).toContain('"group" as the label');
    expect(errors).toEqual([]);
    await again.page.close();
    await page.close();
  }, HANG_GUARD);

  it("names the features after a CSV's columns", async () => {
    const { page } = await pg.open();
    const rows = ["width,height,kind", ...Array.from({ length: 40 }, (_, i) => `${i % 7},${(i * 3) % 11},${i % 2 ? "p" : "q"}`)];
    await uploadCsv(page, "wh.csv", rows.join("\n"));
    await page.waitForFunction(() => (document.getElementById("csv-message")?.textContent ?? "") !== "");
    expect(await text(page, 'label:has(#feature-x1)')).toBe("width");
    expect(await text(page, 'label:has(#feature-x2sq)')).toBe("height²");
    expect(await text(page, 'label:has(#feature-x1x2)')).toBe("width·height");
    await page.close();
  }, HANG_GUARD);

  it("says so when a csv= link is damaged", async () => {
    const { page } = await pg.open("#ds=csv&csv=not-a-deflated-file");
    expect(await text(page, "#data-error")).toContain("The CSV in this link is damaged");
    expect(await text(page, "#picture-message")).toContain("The CSV in this link is damaged");
    expect(await page.inputValue("#dataset")).toBe("circles");
    await page.close();
  }, HANG_GUARD);

  it("keeps a refused CSV from resetting the run, and clears the file picker", async () => {
    const { page } = await pg.open();
    await step(page, 3);
    const before = await pageResult(page);
    await uploadCsv(page, "bad.csv", "name,colour,label\nab,red,0\ncd,blue,1\nef,red,0\ngh,blue,1\n");
    await page.waitForFunction(() => (document.getElementById("data-error")?.textContent ?? "") !== "");
    await sleep(500);
    expect(await epochOf(page)).toBe(3);
    expect(await pageResult(page)).toEqual(before);
    expect(await page.inputValue("#dataset")).toBe("circles");
    expect(await page.evaluate(() => (document.getElementById("csv-file") as HTMLInputElement).files?.length)).toBe(0);
    await step(page, 1);
    await page.close();
  }, HANG_GUARD);

  it("keeps keyboard focus on a neuron − / + button after Enter", async () => {
    const { page } = await pg.open("#h=4,4");
    await page.focus('[aria-label="Add a neuron to layer 1"]');
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.hash.includes("h=5%2C4"));
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Add a neuron to layer 1");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.hash.includes("h=6%2C4"));
    await page.focus('[aria-label="Remove a neuron from layer 2"]');
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.hash.includes("h=6%2C3"));
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Remove a neuron from layer 2");
    await page.close();
  }, HANG_GUARD);

  it("fits a 6-class confusion table on a phone", async () => {
    const { page } = await pg.open("#ds=blobs&k=6&n=600&loss=ce&seed=3", PHONE);
    expect(await page.locator("#confusion tbody tr").count()).toBe(6);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.close();
  }, HANG_GUARD);

  it("downloads a model of built-in data that `kindling evaluate --target label` reads with 0/1 labels", async () => {
    const { page } = await pg.open("#ds=circles&n=300&seed=5");
    await step(page, 5);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    const dir = mkdtempSync(join(tmpdir(), "kindling-pg-"));
    const model = join(dir, "circles.safetensors");
    await download.saveAs(model);
    const csv = join(dir, "points.csv");
    const rows = Array.from({ length: 40 }, (_, i) => {
      const r = i % 2 ? 0.5 : 1, t = i * 0.7;
      return `${r * Math.cos(t)},${r * Math.sin(t)},${i % 2}`;
    });
    writeFileSync(csv, ["x1,x2,label", ...rows].join("\n") + "\n");
    const r = runCli(["evaluate", "--model", model, "--csv", csv, "--target", "label"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/accuracy/);
    await page.close();
  }, HANG_GUARD);

  it("says '1 neuron', explains Reset truthfully, and Reset keeps the starting weights", async () => {
    const { page } = await pg.open("#h=1&ds=moons");
    expect(await text(page, "#layers-summary")).toBe("1 hidden layer: 1 neuron.");
    expect(await page.getAttribute("#reset", "title")).not.toMatch(/new weights/);
    expect(await page.getAttribute("#reset", "title")).toMatch(/same starting weights/);
    const start = await pageResult(page);
    await step(page, 3);
    await page.click("#reset");
    await ready(page, 0);
    expect(await pageResult(page)).toEqual(start);
    await page.close();
  }, HANG_GUARD);

  it("gives each data set its own default noise, and '+ Layer' copies the last layer's width", async () => {
    const { page } = await pg.open("#h=6");
    await page.selectOption("#dataset", "spiral");
    await page.waitForFunction(() => location.hash.includes("ds=spiral"));
    expect(Number(await page.inputValue("#noise"))).toBe(0.03);
    await page.selectOption("#dataset", "moons");
    await page.waitForFunction(() => location.hash.includes("ds=moons"));
    expect(Number(await page.inputValue("#noise"))).toBe(0.1);
    await page.click("#add-layer");
    await page.waitForFunction(() => location.hash.includes("h=6%2C6"));
    await page.close();
  }, HANG_GUARD);

  it("confirms 'Copy link' visibly", async () => {
    const { page } = await pg.open("#ds=xor", undefined, { permissions: ["clipboard-read", "clipboard-write"] });
    await page.click("#copy-link");
    await page.waitForFunction(() => /copied/i.test(document.getElementById("copy-link")?.textContent ?? ""));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
    expect(await page.isVisible("#copy-link")).toBe(true);
    await page.close();
  }, HANG_GUARD);
});
