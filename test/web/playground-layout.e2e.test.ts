/**
 * The playground on a phone (390 × 844) and a laptop (1440 × 900): the picture first, a
 * slim header, touch targets of at least 44 px, nothing wider than the screen; and the
 * screenshots a person looks at (written to test-output/).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { HANG_GUARD, LAPTOP, OUT, PHONE, Playground, playUntil, uploadCsv } from "./support/playground.js";

const pg = new Playground();
beforeAll(() => pg.start(), 300_000);
afterAll(() => pg.stop());

/** Visible controls a finger must hit whose box is under 44 × 44 px (a checkbox counts by its label). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("button, select, input, summary"))) {
      const target = el instanceof HTMLInputElement && el.type === "checkbox" ? (el.closest("label") ?? el) : el;
      const r = target.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not shown (closed dialog, hidden row)
      const needsWidth = !(el instanceof HTMLInputElement && (el.type === "range" || el.type === "file"));
      if (r.height < 44 || (needsWidth && r.width < 44)) small.push(`${el.id || el.getAttribute("aria-label") || el.tagName} ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return small;
  });
}

const widthOf = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth);

describe("the playground on a phone", () => {
  it("shows the picture first under a slim header", async () => {
    const { page, errors } = await pg.open("", PHONE);
    const box = async (sel: string): Promise<{ top: number; bottom: number }> =>
      page.evaluate((s) => {
        const r = document.querySelector(s)?.getBoundingClientRect();
        return { top: r?.top ?? NaN, bottom: r?.bottom ?? NaN };
      }, sel);
    const header = await box("header.top");
    const picture = await box("#boundary");
    const data = await box("#data-panel");
    // The header takes at most a tenth of the screen (it was 19 %).
    expect(header.bottom - header.top).toBeLessThanOrEqual(PHONE.height * 0.1);
    // The decision boundary comes before the controls and is on the first screen.
    expect(picture.top).toBeLessThan(data.top);
    expect(picture.bottom).toBeLessThanOrEqual(PHONE.height);
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);

  it("has touch targets of at least 44 px and nothing wider than the screen", async () => {
    const long = ["a,b,label", ...Array.from({ length: 60 }, (_, i) => `${i % 9},${(i * 5) % 13},a rather long class name ${i % 6}`)];
    for (const hash of ["", "#ds=blobs&k=6&n=600&loss=ce&h=8,8,8,8,8,8"]) {
      const { page } = await pg.open(hash, PHONE);
      expect(await smallTargets(page)).toEqual([]);
      expect(await widthOf(page)).toBeLessThanOrEqual(PHONE.width);
      if (hash === "") {
        await uploadCsv(page, "long.csv", long.join("\n"));
        await page.waitForFunction(() => (document.getElementById("csv-message")?.textContent ?? "").includes("6 classes"));
        expect(await widthOf(page)).toBeLessThanOrEqual(PHONE.width);
      }
      await page.close();
    }
  }, HANG_GUARD);

  it("writes screenshots at 1440 × 900 and 390 × 844", async () => {
    const shots: [string, string, { width: number; height: number }][] = [
      ["playground-1440.png", "#ds=spiral&k=3&n=600&f=x1,x2,sinx1,sinx2&h=8,8,8&act=tanh&loss=ce&lr=0.01&seed=1", LAPTOP],
      ["playground-390.png", "#ds=spiral&k=3&n=600&f=x1,x2,sinx1,sinx2&h=8,8,8&act=tanh&loss=ce&lr=0.01&seed=1", PHONE],
      ["playground-390-blobs6.png", "#ds=blobs&k=6&n=600&loss=ce&seed=4", PHONE],
    ];
    for (const [file, hash, viewport] of shots) {
      const { page, errors } = await pg.open(hash, viewport);
      await playUntil(page, 30);
      await page.screenshot({ path: `${OUT}${file}` });
      await page.screenshot({ path: `${OUT}${file.replace(".png", "-full.png")}`, fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }
  }, HANG_GUARD);
});
