/**
 * How responsive the playground is while it trains spiral with six layers of eight
 * neurons: drawn frames per second (animation frames in which the epoch counter changed),
 * epochs per second, and how long a click takes to show (the Play/Pause label; a changed
 * control's restarted run on screen), measured in the page from the input event's time
 * to the next animation frame after the change. It prints the figures and writes them to
 * test-output/responsiveness.json; it asserts no timing (the machine may be busy), only
 * that the measurement happened. Run it alone: `npx vitest run test/web/playground-responsive.e2e.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { HANG_GUARD, OUT, Playground, sleep } from "./support/playground.js";

const pg = new Playground();
beforeAll(() => pg.start(), 300_000);
afterAll(() => pg.stop());

const SPIRAL_6x8 = "#ds=spiral&k=2&n=500&noise=0.03&h=8,8,8,8,8,8&act=tanh&loss=bce&opt=adam&lr=0.01&bs=32&seed=1";
const MEASURE_MS = 8000;

interface Probe {
  frames: number;
  playLatency: number[];
  restartLatency: number[];
}

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

describe("responsiveness while training spiral 6 × 8", () => {
  it("prints drawn frames/s, epochs/s and click response times", async () => {
    const { page, errors } = await pg.open(SPIRAL_6x8);
    await page.evaluate(() => {
      const probe = { frames: 0, playLatency: [] as number[], restartLatency: [] as number[] };
      (window as unknown as { probe_: Probe }).probe_ = probe;
      const epoch = document.getElementById("epoch") as HTMLElement;
      let shown = epoch.textContent;
      const tick = (): void => {
        if (epoch.textContent !== shown) {
          shown = epoch.textContent;
          probe.frames++;
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      // A click on Play/Pause: from the event to the frame after its label changed.
      const play = document.getElementById("play") as HTMLElement;
      let clickAt = -1;
      play.addEventListener("click", (e) => (clickAt = e.timeStamp), { capture: true });
      new MutationObserver(() => {
        if (clickAt < 0) return;
        const t0 = clickAt;
        clickAt = -1;
        requestAnimationFrame(() => probe.playLatency.push(performance.now() - t0));
      }).observe(play, { childList: true, characterData: true, subtree: true });
      // A changed learning rate: from the event to the frame after the restarted run's epoch 0 arrived.
      let changeAt = -1;
      document.getElementById("lr")?.addEventListener("change", (e) => (changeAt = e.timeStamp), { capture: true });
      new MutationObserver(() => {
        if (changeAt < 0 || document.body.dataset.epoch !== "0") return;
        const t0 = changeAt;
        changeAt = -1;
        requestAnimationFrame(() => probe.restartLatency.push(performance.now() - t0));
      }).observe(document.body, { attributes: true, attributeFilter: ["data-epoch"] });
    });
    const probe = (): Promise<Probe> => page.evaluate(() => (window as unknown as { probe_: Probe }).probe_);
    const epoch = async (): Promise<number> => Number(await page.evaluate(() => document.body.dataset.epoch));
    const running = (on: boolean): Promise<unknown> => page.waitForFunction((r) => document.body.dataset.running === String(r), on);

    await page.click("#play");
    await running(true);
    await sleep(1500);
    const f0 = (await probe()).frames, e0 = await epoch(), t0 = Date.now();
    await sleep(MEASURE_MS);
    const f1 = (await probe()).frames, e1 = await epoch(), seconds = (Date.now() - t0) / 1000;

    for (let i = 0; i < 10; i++) {
      await page.click("#play"); // pause
      await running(false);
      await sleep(200);
      await page.click("#play"); // play
      await running(true);
      await sleep(300);
    }
    const playLatency = (await probe()).playLatency;
    for (let i = 0; i < 8; i++) {
      await page.selectOption("#lr", i % 2 ? "0.01" : "0.03");
      await page.waitForFunction((n) => (window as unknown as { probe_: Probe }).probe_.restartLatency.length > n, i);
      if (await page.evaluate(() => document.body.dataset.running === "false")) await page.click("#play");
      await running(true);
      await sleep(300);
    }
    await page.click("#play");
    await running(false);

    const p = { ...(await probe()), playLatency };
    const figures = {
      framesPerSecond: Number(((f1 - f0) / seconds).toFixed(1)),
      epochsPerSecond: Number(((e1 - e0) / seconds).toFixed(1)),
      playLabelMs: { p50: Math.round(percentile(p.playLatency, 50)), p95: Math.round(percentile(p.playLatency, 95)), n: p.playLatency.length },
      restartMs: { p50: Math.round(percentile(p.restartLatency, 50)), p95: Math.round(percentile(p.restartLatency, 95)), n: p.restartLatency.length },
      dist: pg.dist,
    };
    console.log(`playground responsiveness (spiral, 6 × 8 neurons): ${JSON.stringify(figures)}`);
    writeFileSync(`${OUT}responsiveness${process.env.PLAYGROUND_DIST ? "-other-build" : ""}.json`, JSON.stringify(figures, null, 2) + "\n");
    expect(f1 - f0).toBeGreaterThan(0);
    expect(e1 - e0).toBeGreaterThan(0);
    expect(p.playLatency.length).toBe(20);
    expect(p.restartLatency.length).toBe(8);
    expect(errors).toEqual([]);
    await page.close();
  }, HANG_GUARD);
});
