/**
 * Beyond the TensorFlow Playground, in headless Chromium. Pace and stopping: a run stops by itself at a maximum epoch, at a
 * target test accuracy or early (patience), and "Show code" stops at the same epoch with
 * the same numbers; a stop condition that would not have stopped the run already changes
 * it without a restart; learning-rate schedules train what the shown code trains; the speed
 * (epochs per frame) bounds the epochs by the frames shown; loss and accuracy are drawn side by side.
 * Activations: the op table's (SELU, Mish, Hardtanh, Softsign, LogSigmoid, …), one per layer
 * if chosen, in the link, the shown code and the downloaded model.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import type { Page } from "playwright-core";
import { HANG_GUARD, LAPTOP, OUT, PHONE, Playground, drawnResult, epochOf, readShownCode, ready, step, text } from "./support/playground.js";
import { runShownCode } from "./support/run-code.js";

const pg = new Playground();
beforeAll(() => pg.start(), 300_000);
afterAll(() => pg.stop());

/** Types a number into a field and commits it, then waits for the link to carry `expect`. */
async function setNumber(page: Page, sel: string, value: string, expectInHash: string): Promise<void> {
  await page.fill(sel, value);
  await page.locator(sel).blur();
  await page.waitForFunction((s) => location.hash.includes(s), expectInHash);
}

/** Plays until the page says the run stopped by itself; returns the epoch it stopped at. */
async function playToStop(page: Page): Promise<number> {
  await page.click("#play");
  await page.waitForFunction(() => document.body.dataset.stopped !== undefined && document.body.dataset.running === "false");
  return Number(await page.evaluate(() => document.body.dataset.stopped));
}

describe("stop conditions", () => {
  it("stop at a maximum epoch, go on when it is raised, restart when a new condition would have stopped earlier; the shown code stops alike", async () => {
    const { page, errors } = await pg.open("#ds=circles&n=300&h=6&seed=4&max=12", LAPTOP);
    expect(await page.inputValue("#max-epochs")).toBe("12");
    expect(await playToStop(page)).toBe(12);
    expect(await epochOf(page)).toBe(12);
    expect(await text(page, "#stop-note")).toContain("maximum of 12 epochs");
    // Play again: still stopped, and says why.
    await page.click("#play");
    await page.waitForFunction(() => document.body.dataset.running === "false" && document.getElementById("play")?.getAttribute("aria-pressed") === "false");
    expect(await epochOf(page)).toBe(12);

    // A higher maximum would not have stopped the run before epoch 12: it goes on from there.
    await setNumber(page, "#max-epochs", "20", "max=20");
    expect(await epochOf(page)).toBe(12);
    expect(await text(page, "#stop-note")).toBe("");
    expect(await playToStop(page)).toBe(20);
    const result = await drawnResult(page);
    const code = await readShownCode(page);
    expect(code).toContain("MAX_EPOCHS = 20");
    expect(runShownCode(code, "pace-max.ts")).toEqual({ epoch: 20, ...result });

    // A target of 1 % test accuracy would have stopped it at epoch 1: the run restarts.
    await setNumber(page, "#target-acc", "1", "target=1");
    await ready(page);
    expect(await playToStop(page)).toBe(1);
    expect(await text(page, "#stop-note")).toContain("reached the target of 1 %");
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);

  it("stop early on the test loss, and a link carries the conditions", async () => {
    const { page, errors } = await pg.open("#ds=moons&noise=0.3&n=200&h=8,8&opt=sgd&lr=1&seed=2&patience=3&max=300", LAPTOP);
    const stopped = await playToStop(page);
    const note = await text(page, "#stop-note");
    console.log(`early stopping: ${note}`);
    expect(note).toMatch(/not improved for 3 epochs|maximum of 300/);
    const result = await drawnResult(page);
    const code = await readShownCode(page);
    expect(code).toContain("PATIENCE = 3");
    expect(runShownCode(code, "pace-patience.ts")).toEqual({ epoch: stopped, ...result });
    const again = await pg.open(new URL(page.url()).hash, LAPTOP);
    expect(await again.page.inputValue("#patience")).toBe("3");
    expect(await again.page.inputValue("#max-epochs")).toBe("300");
    expect(await again.page.inputValue("#target-acc")).toBe("");
    expect(errors).toEqual([]);
    await page.close();
    await again.page.close();
  }, HANG_GUARD);
});

describe("learning-rate schedules", () => {
  it("step and cosine: the page shows the rate, the link keeps the schedule, the shown code prints the page's numbers", async () => {
    const { page, errors } = await pg.open("#ds=xor&n=300&h=6,4&opt=sgd&lr=0.3&seed=5", LAPTOP);
    expect(await page.isHidden("#step-size-row")).toBe(true);
    await page.selectOption("#schedule", "step");
    await page.waitForFunction(() => location.hash.includes("sched=step"));
    await ready(page);
    await setNumber(page, "#step-size", "2", "ss=2");
    await ready(page);
    await page.selectOption("#gamma", "0.2");
    await page.waitForFunction(() => location.hash.includes("gamma=0.2"));
    await ready(page);
    await step(page, 5);
    // 0.3, 0.3, then × 0.2 after epochs 2 and 4: the sixth epoch would train at 0.012.
    expect(await text(page, "#lr-now")).toBe("0.0120");
    let result = await drawnResult(page);
    let code = await readShownCode(page);
    expect(code).toContain("new kd.optim.lrScheduler.StepLR(optimizer, { stepSize: 2, gamma: 0.2 })");
    expect(runShownCode(code, "pace-step.ts")).toEqual({ epoch: 5, ...result });

    await page.selectOption("#schedule", "cosine");
    await page.waitForFunction(() => location.hash.includes("sched=cosine"));
    await ready(page);
    await setNumber(page, "#tmax", "8", "tmax=8");
    await ready(page);
    expect(await page.isHidden("#step-size-row")).toBe(true);
    await step(page, 4);
    // Half way down the cosine: 0.3 × (1 + cos(π/2)) / 2.
    expect(await text(page, "#lr-now")).toBe("0.150");
    result = await drawnResult(page);
    code = await readShownCode(page);
    expect(code).toContain("CosineAnnealingLR(optimizer, { tMax: 8 })");
    expect(runShownCode(code, "pace-cosine.ts")).toEqual({ epoch: 4, ...result });
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);
});

describe("the pace", () => {
  it("trains at most the chosen epochs per animation frame, and the link keeps the pace", async () => {
    const { page, errors } = await pg.open("#ds=circles&n=400&h=4&seed=1&speed=0.05", LAPTOP);
    expect(await page.inputValue("#speed")).toBe("0.05");
    await page.click("#play");
    // Epochs only as the frames go by: one epoch per 20 frames.
    await page.waitForFunction(() => Number(document.body.dataset.epoch) >= 2);
    await page.click("#play");
    await page.waitForFunction(() => document.body.dataset.running === "false");
    const ticks = Number(await page.evaluate(() => document.body.dataset.ticks));
    const epochs = await epochOf(page);
    console.log(`pace 1 epoch / 20 frames: ${epochs} epochs in ${ticks} frames`);
    // The pause finishes the epoch under way: one more than the frames paid for, at most.
    expect(epochs).toBeLessThanOrEqual(Math.floor(ticks * 0.05) + 1);
    await page.selectOption("#speed", "0");
    await page.waitForFunction(() => !location.hash.includes("speed="));
    await page.selectOption("#speed", "5");
    await page.waitForFunction(() => location.hash.includes("speed=5"));
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);

  it("draws loss and accuracy side by side, with labelled axes; screenshots at 1440 × 900 and 390 × 844", async () => {
    const { page, errors } = await pg.open("#ds=spiral&k=3&h=8,8,8&seed=3&max=60&sched=cosine&tmax=60", LAPTOP);
    await playToStop(page);
    const boxes = await page.evaluate(() => ["loss-chart", "acc-chart"].map((id) => {
      const r = (document.getElementById(id) as HTMLCanvasElement).getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    }));
    // Beside each other, not overlapping.
    expect(boxes[1].left).toBeGreaterThanOrEqual(boxes[0].right);
    expect(Math.abs(boxes[1].top - boxes[0].top)).toBeLessThan(2);
    const inked = await page.evaluate(() => (document.getElementById("acc-chart") as HTMLCanvasElement).toDataURL().length);
    expect(inked).toBeGreaterThan(3000);
    await page.screenshot({ path: `${OUT}pace-1440.png` });
    await page.locator(".charts").screenshot({ path: `${OUT}pace-charts-1440.png` });
    const phone = await pg.open(new URL(page.url()).hash, PHONE);
    await playToStop(phone.page);
    await phone.page.screenshot({ path: `${OUT}pace-390.png`, fullPage: true });
    await phone.page.locator("#output-panel").screenshot({ path: `${OUT}pace-output-390.png` });
    await phone.page.locator("#train-panel").screenshot({ path: `${OUT}pace-training-390.png` });
    expect(errors).toEqual([]);
    expect(phone.errors).toEqual([]);
    await page.close();
    await phone.page.close();
  }, HANG_GUARD);
});

describe("activations", () => {
  it("one per layer: the link, the shown code and the downloaded model have them", async () => {
    const { page, errors } = await pg.open("#ds=moons&n=300&h=5,4&seed=3", LAPTOP);
    expect(await page.locator("#activation option").count()).toBe(14);
    await page.selectOption("#activation", "mish");
    await page.waitForFunction(() => location.hash.includes("act=mish"));
    await ready(page);
    await page.click("#layer-acts-box summary");
    expect(await page.inputValue("#layer-act-2")).toBe("mish");
    await page.selectOption("#layer-act-2", "selu");
    await page.waitForFunction(() => location.hash.includes("acts=mish%2Cselu"));
    await ready(page);
    await step(page, 3);
    const result = await drawnResult(page);
    const code = await readShownCode(page);
    expect(code).toContain("new kd.nn.Mish(),");
    expect(code).toContain("new kd.nn.SELU(),");
    expect(runShownCode(code, "beyond-activations.ts")).toEqual({ epoch: 3, ...result });

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    const path = `${OUT}beyond-activations.safetensors`;
    await download.saveAs(path);
    const loaded = kd.io.deserializeModel(new Uint8Array(readFileSync(path)));
    expect(loaded.info.layers.map((l) => l.type)).toEqual(["Linear", "Mish", "Linear", "SELU", "Linear"]);

    // The common activation again sets every layer.
    const again = await pg.open(new URL(page.url()).hash, LAPTOP);
    expect(await again.page.inputValue("#layer-act-1")).toBe("mish");
    expect(await again.page.inputValue("#layer-act-2")).toBe("selu");
    await again.page.selectOption("#activation", "softsign");
    await again.page.waitForFunction(() => location.hash.includes("act=softsign") && !location.hash.includes("acts="));
    expect(await again.page.inputValue("#layer-act-2")).toBe("softsign");
    expect(errors).toEqual([]);
    expect(again.errors).toEqual([]);
    await page.close();
    await again.page.close();
  }, HANG_GUARD);
});

/** How many drawn points the link holds. */
async function drawnInLink(page: Page, n: number): Promise<void> {
  await page.waitForFunction((k) => (new URLSearchParams(location.hash.slice(1)).get("pts") ?? "").split(",").filter((x) => x !== "").length === k, n);
}

describe("drawing your own data", () => {
  it("click adds a point of the chosen class, shift-click removes the nearest; the link and the shown code have them", async () => {
    const { page, errors } = await pg.open("#ds=moons&n=200&h=5&seed=1", LAPTOP);
    const box = await page.locator("#boundary").boundingBox();
    if (!box) throw new Error("no plot on the page");
    const at = (fx: number, fy: number) => ({ x: box.x + 46 + fx * (box.width - 52), y: box.y + 6 + fy * (box.height - 42) });
    const first = at(0.5, 0.3), second = at(0.25, 0.7);
    await page.selectOption("#draw-mode", "1");
    await page.mouse.click(first.x, first.y);
    await drawnInLink(page, 1);
    await ready(page);
    await page.selectOption("#draw-mode", "0");
    await page.mouse.click(second.x, second.y);
    await drawnInLink(page, 2);
    await ready(page);
    expect(await text(page, "#clear-drawn")).toBe("Clear 2 drawn points");
    // Shift-click a pixel off the first: it goes, the second stays.
    await page.keyboard.down("Shift");
    await page.mouse.click(first.x + 2, first.y - 1);
    await page.keyboard.up("Shift");
    await drawnInLink(page, 1);
    await ready(page);
    await step(page, 3);
    const result = await drawnResult(page);
    const code = await readShownCode(page);
    const drawnRows = code.split("\n").filter((l) => /^ {2}\[-?[\d.]+, -?[\d.]+, \d\],$/.test(l));
    expect(drawnRows).toHaveLength(1);
    expect(drawnRows[0]).toMatch(/, 0\],$/);
    expect(runShownCode(code, "beyond-drawn.ts")).toEqual({ epoch: 3, ...result });
    await page.locator("#output-panel").screenshot({ path: `${OUT}beyond-drawn-1440.png` });

    const again = await pg.open(new URL(page.url()).hash, LAPTOP);
    expect(await text(again.page, "#clear-drawn")).toBe("Clear 1 drawn point");
    await again.page.click("#clear-drawn");
    await drawnInLink(again.page, 0);
    expect(await again.page.isHidden("#clear-drawn")).toBe(true);
    expect(errors).toEqual([]);
    expect(again.errors).toEqual([]);
    await page.close();
    await again.page.close();
  }, HANG_GUARD);
});

describe("the web component", () => {
  it("<kindling-playground config> shows the playground set up by its config, and follows a new config", async () => {
    const ctx = await pg.browser.newContext({ viewport: LAPTOP });
    const page = await ctx.newPage();
    page.setDefaultTimeout(0);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(`${pg.server.url}embed.html`);
    const iframe = await page.locator("#moons").evaluateHandle((el) => el.shadowRoot?.querySelector("iframe") ?? null);
    const frame = await iframe.asElement()?.contentFrame();
    if (!frame) throw new Error("the element shows no frame");
    await frame.waitForFunction(() => document.body.dataset.epoch === "0" && document.body.dataset.running === "false");
    expect(await frame.inputValue("#dataset")).toBe("moons");
    expect(await frame.inputValue("#activation")).toBe("tanh");
    expect(await frame.evaluate(() => location.hash)).toContain("h=6%2C4");
    await frame.click("#play");
    await frame.waitForFunction(() => Number(document.body.dataset.epoch) >= 3);
    await frame.click("#play");
    await frame.waitForFunction(() => document.body.dataset.running === "false");
    await page.screenshot({ path: `${OUT}beyond-embed-1440.png` });
    // A new config sets the playground up anew.
    await page.evaluate(() => document.getElementById("moons")?.setAttribute("config", "ds=xor&h=3&act=selu"));
    await frame.waitForFunction(() => (document.getElementById("dataset") as HTMLSelectElement).value === "xor" && document.body.dataset.epoch === "0");
    expect(await frame.inputValue("#activation")).toBe("selu");
    expect(await page.evaluate(() => (document.querySelector("#moons") as HTMLElement & { frameUrl: string }).frameUrl)).toMatch(/index\.html#ds=xor&h=3&act=selu&embed=1$/);
    // In the frame the picture comes first.
    expect(await frame.evaluate(() => document.body.classList.contains("embedded"))).toBe(true);
    const order = await frame.evaluate(() => ["output-panel", "data-panel"].map((id) => document.getElementById(id)?.getBoundingClientRect().top ?? NaN));
    expect(order[0]).toBeLessThan(order[1]);
    expect(errors).toEqual([]);
    await ctx.close();
  }, HANG_GUARD);
});
