/**
 * How responsive the playground is while it trains spiral with six layers of eight
 * neurons: frames per second in which the epoch counter's text changed, drawn frames per
 * second (animation frames in which the header's counter or progress bar changed or the
 * decision boundary was redrawn), epochs per second, and how long a click takes to show (the Play/Pause label; a changed
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
  counterFrames: number;
  frames: number;
  playLatency: number[];
  restartLatency: number[];
  dimLatency: number[];
}

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

describe("responsiveness while training spiral 6 × 8", () => {
  it("prints drawn frames/s, epochs/s and click response times", async () => {
    const { page, errors } = await pg.open(SPIRAL_6x8);
    await page.evaluate(() => {
      const probe = { counterFrames: 0, frames: 0, playLatency: [] as number[], restartLatency: [] as number[], dimLatency: [] as number[] };
      (window as unknown as { probe_: Probe }).probe_ = probe;
      const epoch = document.getElementById("epoch") as HTMLElement;
      let shown = epoch.textContent;
      let drew = false;
      new MutationObserver(() => (drew = true)).observe(document.querySelector("header") as HTMLElement, {
        childList: true, characterData: true, attributes: true, subtree: true,
      });
      const drawImage = CanvasRenderingContext2D.prototype.drawImage;
      CanvasRenderingContext2D.prototype.drawImage = function (this: CanvasRenderingContext2D, ...args: unknown[]) {
        if (this.canvas.id === "boundary") drew = true;
        return (drawImage as (...a: unknown[]) => void).apply(this, args);
      } as typeof drawImage;
      // Counted at the start of the next animation frame: what changed was painted in between.
      const tick = (): void => {
        if (epoch.textContent !== shown) {
          shown = epoch.textContent;
          probe.counterFrames++;
        }
        if (drew) probe.frames++;
        drew = false;
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
      let changeAt = -1, dimAt = -1;
      document.getElementById("lr")?.addEventListener("change", (e) => (changeAt = dimAt = e.timeStamp), { capture: true });
      // This build's immediate answer to a change, if it has one: the old run's picture dims.
      const output = document.getElementById("output-panel") as HTMLElement;
      new MutationObserver(() => {
        if (dimAt < 0 || !output.classList.contains("restarting")) return;
        const t0 = dimAt;
        dimAt = -1;
        requestAnimationFrame(() => probe.dimLatency.push(performance.now() - t0));
      }).observe(output, { attributes: true, attributeFilter: ["class"] });
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
    const p0 = await probe(), e0 = await epoch(), t0 = Date.now();
    await sleep(MEASURE_MS);
    const p1 = await probe(), e1 = await epoch(), seconds = (Date.now() - t0) / 1000;
    const [f0, f1] = [p0.frames, p1.frames];

    const before = (await probe()).playLatency.length;
    for (let i = 0; i < 10; i++) {
      await page.click("#play"); // pause
      await running(false);
      await sleep(200);
      await page.click("#play"); // play
      await running(true);
      await sleep(300);
    }
    const playLatency = (await probe()).playLatency.slice(before);
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
      counterUpdatesPerSecond: Number(((p1.counterFrames - p0.counterFrames) / seconds).toFixed(1)),
      epochsPerSecond: Number(((e1 - e0) / seconds).toFixed(1)),
      playLabelMs: { p50: Math.round(percentile(p.playLatency, 50)), p95: Math.round(percentile(p.playLatency, 95)), n: p.playLatency.length },
      dimMs: p.dimLatency.length > 0 ? { p50: Math.round(percentile(p.dimLatency, 50)), p95: Math.round(percentile(p.dimLatency, 95)), n: p.dimLatency.length } : null,
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
