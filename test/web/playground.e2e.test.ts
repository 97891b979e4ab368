/**
 * The playground in a real browser: built once with Vite's JS API, served from web/dist
 * by a tiny static server, driven in headless Chromium by playwright-core.
 * Epoch counts are bounded; nothing here depends on how fast the machine is.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { serveStatic } from "./support/static-server.js";
import { runShownCode } from "./support/run-code.js";
import { readSafetensorsHeader } from "./support/safetensors.js";
import { DESKTOP, HANG_GUARD, OUT, PHONE, Playground, epochOf, pageResult, playUntil, ready, step, text } from "./support/playground.js";
import * as kd from "../../src/index.js";

const pg = new Playground();
const open = pg.open.bind(pg);

beforeAll(() => pg.start(), 300_000);
afterAll(() => pg.stop());

async function shownCode(page: Page): Promise<string> {
  await page.click("#show-code");
  await page.waitForSelector("#code-dialog[open]");
  const code = await page.textContent("#code-text");
  await page.click("#close-code");
  return code ?? "";
}

/** Two well-separated clusters with an id and a note column that must be ignored. */
function clusterCsv(): string {
  const rows = ["id,width,note,height,label"];
  for (let i = 0; i < 160; i++) {
    const k = i % 2;
    const a = Math.sin(i * 12.9898) * 0.6, b = Math.cos(i * 78.233) * 0.6;
    rows.push(`${i},${(k ? 3 : -3) + a},n${i},${(k ? 2 : -2) + b},${k ? "yes" : "no"}`);
  }
  return rows.join("\n");
}

describe("the playground in Chromium", () => {
  it("loads without console errors and draws a run", async () => {
    const { page, errors } = await open();
    expect(await page.title()).toBe("Kindling playground");
    expect(await text(page, "#epoch")).toBe("Epoch 0");
    // The boundary canvas has been painted: its centre is not blank.
    const painted = await page.evaluate(() => {
      const c = document.getElementById("boundary") as HTMLCanvasElement;
      const px = c.getContext("2d")?.getImageData(c.width / 2, c.height / 2, 1, 1).data;
      return px !== undefined && px[3] > 0;
    });
    expect(painted).toBe(true);
    await step(page, 2);
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);

  it("works from any static server: relative asset paths, served from a sub-folder", async () => {
    const html = readFileSync(`${pg.dist}/index.html`, "utf8");
    expect(html).not.toMatch(/(src|href)="\/(?!\/)/);
    const nested = await serveStatic(pg.dist, "/deep/path/playground/");
    const page = await pg.browser.newPage({ viewport: DESKTOP });
    page.setDefaultTimeout(0);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(nested.url);
    await ready(page);
    await step(page, 1);
    expect(errors).toEqual([]);
    await page.close();
    await nested.close();
  }, HANG_GUARD);

  it("learns circles with two ReLU layers to at least 95 % test accuracy within 300 epochs", async () => {
    const { page, errors } = await open("#ds=circles&n=500&noise=0.1&test=0.2&seed=42&h=8,8&act=relu&loss=bce&opt=adam&lr=0.03&bs=32");
    await page.click("#play");
    // The first epoch at which the page shows ≥ 95 % test accuracy, or the bound if it never does.
    const reached = await page.waitForFunction(() => {
      const epoch = Number(document.body.dataset.epoch);
      if (Number(document.body.dataset.testAcc) >= 95) return { epoch, ok: true };
      return epoch >= 300 ? { epoch, ok: false } : false;
    });
    await page.click("#play");
    expect(await reached.jsonValue()).toMatchObject({ ok: true });
    expect((await reached.jsonValue() as { epoch: number }).epoch).toBeLessThanOrEqual(300);
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);

  it("keeps the whole set-up in the URL: a link gives the same controls and the same numbers", async () => {
    const { page } = await open();
    await page.selectOption("#dataset", "moons");
    await ready(page);
    await page.fill("#seed", "7");
    await page.press("#seed", "Enter");
    await page.locator("#seed").blur();
    await page.waitForFunction(() => location.hash.includes("seed=7"));
    await page.click("#feature-x1sq");
    await page.click("#add-layer");
    await page.selectOption("#activation", "tanh");
    await page.selectOption("#optimizer", "sgd");
    await page.selectOption("#lr", "0.1");
    await page.fill("#batch", "16");
    await page.locator("#batch").blur();
    await page.waitForFunction(() => location.hash.includes("bs=16"));
    await ready(page);
    await step(page, 5);
    const before = await pageResult(page);
    const url = page.url();
    expect(url).toContain("ds=moons");
    expect(url).toContain("h=8%2C8%2C8");

    const again = await open(new URL(url).hash);
    const p2 = again.page;
    expect(await p2.inputValue("#dataset")).toBe("moons");
    expect(await p2.inputValue("#seed")).toBe("7");
    expect(await p2.isChecked("#feature-x1sq")).toBe(true);
    expect(await p2.inputValue("#activation")).toBe("tanh");
    expect(await p2.inputValue("#optimizer")).toBe("sgd");
    expect(await p2.inputValue("#lr")).toBe("0.1");
    expect(await p2.inputValue("#batch")).toBe("16");
    expect(await p2.locator("#layers .layer").count()).toBe(3);
    await step(p2, 5);
    expect(await pageResult(p2)).toEqual(before);
    await page.close();
    await p2.close();
  }, HANG_GUARD);

  it.each([
    ["circles", "#ds=circles&n=400&noise=0.1&test=0.25&seed=3&h=8,8&act=relu&loss=bce&opt=adam&lr=0.03&bs=32"],
    ["spiral", "#ds=spiral&k=3&n=300&noise=0.05&test=0.2&seed=11&f=x1,x2,x1sq,x2sq,sinx1&h=8,6&act=tanh&loss=ce&opt=adamw&lr=0.01&bs=20&l2=0.001&drop=0.05"],
    ["xor-mse", "#ds=xor&n=200&noise=0.1&test=0.3&seed=5&f=x1,x2,x1x2&h=4&act=gelu&loss=mse&opt=sgd&lr=0.3&bs=10"],
  ])("shows code for %s that runs in Node and reaches the page's numbers", async (name, hash) => {
    const { page, errors } = await open(hash);
    await playUntil(page, 25);
    const fromPage = await pageResult(page);
    const epochs = await epochOf(page);
    const code = await shownCode(page);
    expect(code).toContain('import * as kd from "kindling";');
    expect(code).toContain(`const EPOCHS = ${epochs};`);
    const printed = runShownCode(code, `show-code-${name}.ts`);
    expect(printed.epoch).toBe(epochs);
    expect(printed).toEqual({ epoch: epochs, ...fromPage });
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);

  it("trains on an uploaded CSV, keeps it in the link, and explains a bad one", async () => {
    const { page, errors } = await open();
    const csv = clusterCsv();
    await page.setInputFiles("#csv-file", { name: "clusters.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.waitForFunction(() => document.getElementById("csv-message")?.textContent?.includes("Ignored"));
    const message = await text(page, "#csv-message");
    expect(message).toContain('Using "width" and "height" as features and "label" as the label (2 classes, 160 rows).');
    expect(message).toContain('Ignored: "id", "note".');
    expect(await page.inputValue("#dataset")).toBe("csv");
    expect(await text(page, "#confusion")).toContain("yes");
    await playUntil(page, 30);
    expect(Number(await page.evaluate(() => document.body.dataset.testAcc))).toBeGreaterThanOrEqual(95);
    await page.screenshot({ path: `${OUT}playground-csv-desktop.png`, fullPage: true });

    // The shown code carries the CSV's data and reproduces the page.
    const fromPage = await pageResult(page);
    const printed = runShownCode(await shownCode(page), "show-code-csv.ts");
    expect(printed).toEqual({ epoch: await epochOf(page), ...fromPage });

    // The link carries the file.
    await page.waitForFunction(() => location.hash.includes("csv="));
    const again = await open(new URL(page.url()).hash);
    expect(await text(again.page, "#csv-message")).toBe(message);
    await again.page.close();

    // A file without two numeric columns is refused with a message, and the run goes on where it was.
    const epochBefore = await epochOf(page);
    const bad = "name,colour,label\nab,red,0\ncd,blue,1\nef,red,0\ngh,blue,1\n";
    await page.setInputFiles("#csv-file", { name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
    await page.waitForFunction(() => (document.getElementById("data-error")?.textContent ?? "") !== "");
    expect(await text(page, "#data-error")).toMatch(/needs two columns of \(varying\) numbers besides the label "label"/);
    expect(await epochOf(page)).toBe(epochBefore);
    expect(await page.inputValue("#dataset")).toBe("csv");
    expect(await text(page, "#csv-message")).toBe(message);
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);

  it("downloads the model as a safetensors file with the state dict's names", async () => {
    const { page } = await open("#ds=blobs&k=4&n=300&h=6,5&loss=ce&seed=2");
    await step(page, 3);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    expect(download.suggestedFilename()).toBe("kindling-playground.safetensors");
    const path = `${OUT}playground-model.safetensors`;
    await download.saveAs(path);
    const bytes = readFileSync(path);
    const header = readSafetensorsHeader(bytes);
    expect(Object.keys(header.tensors).sort()).toEqual(["0.bias", "0.weight", "2.bias", "2.weight", "4.bias", "4.weight"]);
    expect(header.tensors["0.weight"]).toMatchObject({ dtype: "F32", shape: [6, 2] });
    expect(header.tensors["4.weight"]).toMatchObject({ dtype: "F32", shape: [4, 5] });
    // Kindling rebuilds the network from the file alone (as `kindling predict` does) ...
    const loaded = kd.io.deserializeModel(new Uint8Array(bytes));
    expect(loaded.info.classNames).toEqual(["0", "1", "2", "3"]);
    expect(loaded.info.layers.map((l) => l.type)).toEqual(["Linear", "ReLU", "Linear", "ReLU", "Linear"]);
    expect(loaded.model(kd.zeros([3, 2])).shape).toEqual([3, 4]);
    // ... and the playground's input pipeline travels with it.
    const pipeline = JSON.parse(header.metadata["kindling.playground"] ?? "{}") as { features: string[]; scaling: { scale: number[] } };
    expect(pipeline.features).toEqual(["x1", "x2"]);
    expect(pipeline.scaling.scale).toHaveLength(2);
    // With x1 and x2 as the inputs, the command line's scaling entry lets `kindling predict` take raw values.
    expect(JSON.parse(header.metadata["kindling.scaling"] ?? "{}")).toEqual(pipeline.scaling);
    expect(loaded.info.featureNames).toEqual(["x1", "x2"]);
    await page.close();
  }, HANG_GUARD);

  it("stays live with 6 layers of 8 neurons and 1,000 points: frames keep coming while it trains", async () => {
    const { page, errors } = await open("#ds=spiral&k=2&n=1000&h=8,8,8,8,8,8&act=tanh&loss=bce&bs=10&seed=1");
    expect(await page.locator("canvas.neuron").count()).toBe(48);
    // Count animation frames on the page while the worker trains: a blocked page would count none.
    await page.evaluate(() => {
      const w = window as unknown as { frames_: number };
      w.frames_ = 0;
      const tick = (): void => {
        w.frames_++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.click("#play");
    await page.waitForFunction(() => Number(document.body.dataset.epoch) >= 3);
    const framesWhileTraining = await page.evaluate(() => (window as unknown as { frames_: number }).frames_);
    expect(framesWhileTraining).toBeGreaterThan(0);
    // The page still answers input: the code dialog opens (and pauses training) mid-run.
    await page.click("#show-code");
    await page.waitForSelector("#code-dialog[open]");
    await page.click("#close-code");
    await page.waitForFunction(() => document.body.dataset.running === "false");
    const painted = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLCanvasElement>("canvas.neuron")).every((c) => c.width > 1));
    expect(painted).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);

  it("is operable from the keyboard, with a name for every control", async () => {
    const { page } = await open();
    const unnamed = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>("button, input, select"))
        .filter((el) => {
          const labelled = (el as HTMLInputElement).labels?.length || el.getAttribute("aria-label") || el.closest("label");
          return !labelled && !(el.tagName === "BUTTON" && el.textContent?.trim());
        })
        .map((el) => el.id || el.outerHTML),
    );
    expect(unnamed).toEqual([]);
    await page.focus("#step");
    await page.keyboard.press("Enter");
    await ready(page, 1);
    await page.focus("#dataset");
    await page.keyboard.press("ArrowDown"); // circles → moons
    await page.waitForFunction(() => location.hash.includes("ds=moons"));
    await page.focus("#play");
    await page.keyboard.press("Space");
    await page.waitForFunction(() => Number(document.body.dataset.epoch) >= 2);
    await page.keyboard.press("Space");
    await page.waitForFunction(() => document.body.dataset.running === "false");
    await page.close();
  }, HANG_GUARD);

  it("writes desktop and phone screenshots for a person to look at", async () => {
    const shots: [string, string, { width: number; height: number }][] = [
      ["playground-desktop.png", "#ds=circles&n=500&h=8,8&seed=42", DESKTOP],
      ["playground-phone.png", "#ds=circles&n=500&h=8,8&seed=42", PHONE],
      ["playground-blobs-desktop.png", "#ds=blobs&k=5&noise=0.3&n=600&h=8,8&loss=ce&seed=4", DESKTOP],
      ["playground-spiral-laptop.png", "#ds=spiral&k=3&noise=0.05&n=600&f=x1,x2,sinx1,sinx2&h=8,8,8&act=tanh&loss=ce&lr=0.01&seed=1", { width: 1280, height: 800 }],
    ];
    for (const [file, hash, viewport] of shots) {
      const { page, errors } = await open(hash, viewport);
      await playUntil(page, 40);
      await page.screenshot({ path: `${OUT}${file}`, fullPage: true });
      expect(statSync(`${OUT}${file}`).size).toBeGreaterThan(10_000);
      expect(errors).toEqual([]);
      await page.close();
    }
    const { page } = await open("#ds=xor&h=4,4&seed=1");
    await page.click("#show-code");
    await page.waitForSelector("#code-dialog[open]");
    await page.screenshot({ path: `${OUT}playground-code-dialog.png` });
    await page.close();
    writeFileSync(`${OUT}playground-screenshots.txt`, shots.map(([f, h]) => `${f}  ${h}`).join("\n") + "\n");
  }, 600_000);
});
