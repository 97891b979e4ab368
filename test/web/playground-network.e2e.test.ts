/**
 * The network drawing in headless Chromium: its elements (input, neuron and output maps,
 * the links' canvas), six layers of eight without sideways scrolling at 1440 px and on a
 * phone, links that follow the weights as it trains, the large map on hover and focus,
 * dead neurons marked, and a weight set by hand (by a click on its line, and by keyboard)
 * that the link and "Show code" reproduce. Screenshots go to test-output/network-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { HANG_GUARD, LAPTOP, OUT, PHONE, Playground, drawnResult, pageResult, playUntil, readShownCode, ready, step } from "./support/playground.js";
import { runShownCode } from "./support/run-code.js";

const pg = new Playground();
beforeAll(() => pg.start(), 300_000);
afterAll(() => pg.stop());

const ALL_FEATURES = "f=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2";
/** ReLU at a high learning rate: several neurons die within a few epochs (seeded, so always the same ones). */
const DEEP_RELU = `#ds=spiral&k=2&n=500&noise=0.03&h=8,8,8,8,8,8&act=relu&loss=bce&opt=adam&lr=0.03&bs=32&seed=1&${ALL_FEATURES}`;

/** A fingerprint of a canvas's pixels, and how many are not transparent. */
async function pixels(page: Page, selector: string): Promise<{ sum: number; painted: number }> {
  return page.evaluate((sel) => {
    const c = document.querySelector<HTMLCanvasElement>(sel);
    if (!c || c.width === 0 || c.height === 0) return { sum: 0, painted: 0 };
    const d = (c.getContext("2d") as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
    let sum = 0, painted = 0;
    for (let i = 0; i < d.length; i += 4) {
      sum = (sum * 31 + d[i] * 3 + d[i + 1] * 5 + d[i + 2] * 7 + d[i + 3]) % 1_000_000_007;
      if (d[i + 3] > 0) painted++;
    }
    return { sum, painted };
  }, selector);
}

/** Where (in page pixels) a point `t` of the way along the line from input/neuron `from` of column `col` to node `to` of the next column lies. */
async function alongLink(page: Page, col: number, from: number, to: number, t: number): Promise<{ x: number; y: number }> {
  return page.evaluate(([c, f, o, tt]) => {
    const cols = Array.from(document.querySelectorAll("#layers .net-col, #layers .layer"));
    const a = cols[c].querySelectorAll("canvas")[f].getBoundingClientRect();
    const b = cols[c + 1].querySelectorAll("canvas")[o].getBoundingClientRect();
    const x0 = a.right, y0 = a.top + a.height / 2, x1 = b.left, y1 = b.top + b.height / 2;
    return { x: x0 + (x1 - x0) * tt, y: y0 + (y1 - y0) * tt };
  }, [col, from, to, t] as const);
}

/** Nodes whose map box lies outside the network panel, and whether the drawing scrolls sideways. */
async function fit(page: Page): Promise<{ outside: number; scrolls: boolean; pageWidth: number }> {
  return page.evaluate(() => {
    const panel = (document.getElementById("network-panel") as HTMLElement).getBoundingClientRect();
    const net = document.getElementById("layers") as HTMLElement;
    const outside = Array.from(net.querySelectorAll(".node canvas, .layer-head button")).filter((c) => {
      const r = c.getBoundingClientRect();
      return r.left < panel.left || r.right > panel.right || r.width === 0;
    }).length;
    return { outside, scrolls: net.scrollWidth > net.clientWidth, pageWidth: document.documentElement.scrollWidth };
  });
}

describe("the network drawing", () => {
  it("draws inputs, six layers of eight, the output and the links at 1440 px without sideways scrolling, and they follow the training", async () => {
    const { page, errors } = await pg.open(DEEP_RELU, LAPTOP);
    expect(await page.locator("#layers canvas.input-map").count()).toBe(7);
    expect(await page.locator("#layers canvas.neuron").count()).toBe(48);
    expect(await page.locator("#layers canvas.output-map").count()).toBe(1);
    expect(await page.locator("#layers .layer").count()).toBe(6);
    expect(await page.locator("#layers .node-label").allTextContents()).toEqual(["x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂"]);
    expect(await fit(page)).toEqual({ outside: 0, scrolls: false, pageWidth: LAPTOP.width });
    const links0 = await pixels(page, "#layers canvas.links");
    const neuron0 = await pixels(page, "#layers canvas.neuron");
    expect(links0.painted).toBeGreaterThan(1000);
    expect(neuron0.painted).toBeGreaterThan(0);
    await step(page, 3);
    const links3 = await pixels(page, "#layers canvas.links");
    expect(links3.sum).not.toBe(links0.sum);
    expect((await pixels(page, "#layers canvas.output-map")).painted).toBeGreaterThan(0);
    await playUntil(page, 20);
    await page.screenshot({ path: `${OUT}network-1440.png` });
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);

  it("marks dead ReLU neurons: struck through, said so, and 0 (white) everywhere on their map", async () => {
    const { page, errors } = await pg.open(DEEP_RELU, LAPTOP);
    await step(page, 10);
    const dead = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLCanvasElement>("#layers .node.dead canvas")).map((c) => {
        const d = (c.getContext("2d") as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
        let white = true;
        for (let i = 0; i < d.length; i += 4) if (d[i] !== 255 || d[i + 1] !== 255 || d[i + 2] !== 255) white = false;
        return white;
      }),
    );
    expect(dead.length).toBeGreaterThan(0);
    expect(dead.every(Boolean)).toBe(true);
    await page.locator("#layers .node.dead").first().focus();
    await page.waitForSelector("#node-zoom:not([hidden])");
    expect(await page.textContent("#node-zoom")).toContain("Dead: it outputs 0 everywhere on the plot");
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);

  it("shows a node's map large on hover and on keyboard focus", async () => {
    const { page, errors } = await pg.open("#ds=circles&h=4,3&act=tanh&seed=2", LAPTOP);
    await step(page, 2);
    await page.locator("#layers .layer").nth(1).locator(".node").nth(1).hover();
    await page.waitForSelector("#node-zoom:not([hidden])");
    expect(await page.textContent("#node-zoom")).toContain("Layer 2, neuron 2");
    expect((await pixels(page, "#node-zoom canvas")).painted).toBe(160 * 160);
    await page.mouse.move(5, 5);
    await page.waitForSelector("#node-zoom[hidden]", { state: "attached" });
    await page.locator("#layers .net-col.inputs .node").first().focus();
    await page.waitForSelector("#node-zoom:not([hidden])");
    expect(await page.textContent("#node-zoom")).toContain("Input feature x₁");
    await page.keyboard.press("Tab");
    expect(await page.textContent("#node-zoom")).toContain("Input feature x₂");
    await page.locator("#layers .net-col.outputs .node").focus();
    expect(await page.textContent("#node-zoom")).toContain("Output: the probability of class 1");
    await page.screenshot({ path: `${OUT}network-zoom.png` });
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);

  it("sets a weight by a click on its line and by keyboard; the link and the shown code reproduce the run", async () => {
    const hash = "#ds=xor&n=300&noise=0.1&seed=4&h=4,3&act=tanh&loss=bce&opt=adam&lr=0.03&bs=16";
    const { page, errors } = await pg.open(hash, LAPTOP);
    const before = await pageResult(page);
    // The line from x₁ to layer 1's first neuron, a third of the way along (no other line passes there).
    const at = await alongLink(page, 0, 0, 0, 0.3);
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector("#weight-editor:not([hidden])");
    expect(await page.textContent("#weight-target")).toBe("Set a weight into layer 1 neuron 1");
    expect(await page.inputValue("#weight-from")).toBe("0");
    expect(Number(await page.inputValue("#weight-value"))).not.toBe(2.5);
    // A value that is not a number is refused with a message.
    await page.fill("#weight-value", "");
    await page.click("#weight-set");
    expect(await page.textContent("#weight-error")).toContain("Enter a number");
    await page.fill("#weight-value", "2.5");
    await page.click("#weight-set");
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes("w=0:0:0:0:2.5"));
    await page.waitForFunction((b) => document.getElementById("test-loss")?.textContent !== b, before.testLoss);
    expect(await page.isHidden("#weight-editor")).toBe(true);
    expect(await page.textContent("#edits-summary")).toContain("1 weight set by hand (at epoch 0)");

    // Three epochs later, by keyboard: Enter on the output node, choose the source, type the value.
    await step(page, 3);
    await page.locator("#layers .net-col.outputs .node").focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("#weight-editor:not([hidden])");
    expect(await page.textContent("#weight-target")).toBe("Set a weight into the output");
    await page.selectOption("#weight-from", "2");
    await page.fill("#weight-value", "-1.5");
    await page.press("#weight-value", "Enter");
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes("w=0:0:0:0:2.5,3:2:0:2:-1.5"));
    await step(page, 4);
    const result = await drawnResult(page);
    const code = await readShownCode(page);
    expect(code).toContain("[0, 0, 0, 0, 2.5],");
    expect(code).toContain("[3, 2, 0, 2, -1.5],");
    expect(runShownCode(code, "network-edited.ts")).toEqual({ epoch: 7, loss: result.loss, acc: result.acc, testLoss: result.testLoss, testAcc: result.testAcc });

    // The link replays both edits at their epochs: the same numbers at epoch 7.
    const again = await pg.open(new URL(page.url()).hash, LAPTOP);
    expect(await again.page.textContent("#edits-summary")).toContain("2 weights set by hand (at epoch 0, 3)");
    await step(again.page, 7);
    expect(await drawnResult(again.page)).toEqual(result);
    // Reset replays them too; "Forget them" drops them and restarts.
    await page.click("#reset");
    await ready(page);
    await step(page, 7);
    expect(await drawnResult(page)).toEqual(result);
    await page.click("#clear-edits");
    await page.waitForFunction(() => !location.hash.includes("w="));
    expect(await page.isHidden("#edits-row")).toBe(true);
    expect(errors).toEqual([]);
    expect(again.errors).toEqual([]);
    await page.close();
    await again.page.close();
  }, HANG_GUARD);

  it("pauses a running page to set a weight, at a whole epoch", async () => {
    const { page, errors } = await pg.open("#ds=circles&h=3&seed=8", LAPTOP);
    await page.click("#play");
    await page.waitForFunction(() => Number(document.body.dataset.epoch) >= 3);
    const at = await alongLink(page, 1, 0, 0, 0.5);
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector("#weight-editor:not([hidden])");
    await page.waitForFunction(() => document.body.dataset.running === "false");
    const epoch = await page.evaluate(() => document.body.dataset.epoch);
    await page.fill("#weight-value", "0.75");
    await page.click("#weight-set");
    await page.waitForFunction((e) => decodeURIComponent(location.hash).includes(`w=${e}:1:0:0:0.75`), epoch);
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);

  it("fits six layers of eight on a phone without sideways scrolling", async () => {
    const { page, errors } = await pg.open(DEEP_RELU.replace("&f=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2", ""), PHONE);
    expect(await page.locator("#layers canvas.neuron").count()).toBe(48);
    expect(await fit(page)).toEqual({ outside: 0, scrolls: false, pageWidth: PHONE.width });
    // The − / + buttons stay finger-sized.
    const small = await page.evaluate(() =>
      Array.from(document.querySelectorAll("#layers button")).filter((b) => {
        const r = b.getBoundingClientRect();
        return r.width < 44 || r.height < 44;
      }).length,
    );
    expect(small).toBe(0);
    await step(page, 5);
    await page.locator("#network-panel").screenshot({ path: `${OUT}network-390.png` });
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);
});
