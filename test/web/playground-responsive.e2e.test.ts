/**
 * How responsive the playground is while it trains spiral with six layers of eight
 * neurons: frames per second in which the epoch counter changed (its text, or what a
 * canvas in the header painted), drawn frames per second (animation frames in which the
 * header's counter or progress changed or the decision boundary was redrawn), epochs per second, and how long a click takes to show:
 * the Play/Pause label; for a changed control, the page's first answer (the old picture
 * dims, where the build does that) and the restarted run's first frame on screen. Each is
 * measured in the page, from the input event's time to the next animation frame after
 * the change. It prints the figures and writes them to test-output/responsiveness.json;
 * it asserts no timing (the machine may be busy), only that the measurement happened.
 * PLAYGROUND_COMPARE=<other build's folder> measures that build and this one in turns,
 * three rounds, so both see the same machine. Run it alone:
 * `npx vitest run test/web/playground-responsive.e2e.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { HANG_GUARD, OUT, Playground, sleep } from "./support/playground.js";
import { serveStatic, type StaticServer } from "./support/static-server.js";

const pg = new Playground();
let other: StaticServer | null = null;
beforeAll(async () => {
  await pg.start();
  if (process.env.PLAYGROUND_COMPARE) other = await serveStatic(process.env.PLAYGROUND_COMPARE);
}, 300_000);
afterAll(async () => {
  await other?.close();
  await pg.stop();
});

const SPIRAL_6x8 = "#ds=spiral&k=2&n=500&noise=0.03&h=8,8,8,8,8,8&act=tanh&loss=bce&opt=adam&lr=0.01&bs=32&seed=1";
const MEASURE_MS = 8000;

interface Probe {
  counterFrames: number;
  frames: number;
  playLatency: number[];
  restartLatency: number[];
  dimLatency: number[];
}

interface Figures {
  framesPerSecond: number;
  counterUpdatesPerSecond: number;
  epochsPerSecond: number;
  /** Seconds per second the page's main thread spent on tasks (script, style, layout, paint) while training. */
  mainThreadBusy: number;
  playLabelMs: { p50: number; p95: number };
  dimMs: { p50: number; p95: number } | null;
  restartMs: { p50: number; p95: number };
}

const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const spread = (xs: readonly number[]): { p50: number; p95: number } => ({ p50: Math.round(percentile(xs, 50)), p95: Math.round(percentile(xs, 95)) });

/** Installs the probe: counts drawn frames and times clicks and changes, all inside the page. */
function installProbe(): void {
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
  // A build may paint the counter on a canvas in the header instead of writing text.
  let painted: string | null = null;
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, w?: number) {
    if (this.canvas.closest("header")) {
      drew = true;
      painted = text;
    }
    return w === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, w);
  };
  // Counted at the start of the next animation frame: what changed was painted in between.
  const tick = (): void => {
    const now = painted ?? epoch.textContent;
    if (now !== shown) {
      shown = now;
      probe.counterFrames++;
    }
    if (drew) probe.frames++;
    drew = false;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  /** When `changed()` first holds after an event, the next frame's time since the event goes into `into`. */
  const timeTo = (target: Node, options: MutationObserverInit, changed: () => boolean, into: number[]): ((t: number) => void) => {
    let at = -1;
    new MutationObserver(() => {
      if (at < 0 || !changed()) return;
      const t0 = at;
      at = -1;
      requestAnimationFrame(() => into.push(performance.now() - t0));
    }).observe(target, options);
    return (t) => (at = t);
  };
  const play = document.getElementById("play") as HTMLElement;
  const onClick = timeTo(play, { childList: true, characterData: true, subtree: true }, () => true, probe.playLatency);
  play.addEventListener("click", (e) => onClick(e.timeStamp), { capture: true });
  const output = document.getElementById("output-panel") as HTMLElement;
  const onDim = timeTo(output, { attributes: true, attributeFilter: ["class"] }, () => output.classList.contains("restarting"), probe.dimLatency);
  const onRestart = timeTo(document.body, { attributes: true, attributeFilter: ["data-epoch"] }, () => document.body.dataset.epoch === "0", probe.restartLatency);
  document.getElementById("lr")?.addEventListener("change", (e) => {
    onDim(e.timeStamp);
    onRestart(e.timeStamp);
  }, { capture: true });
}

async function measure(url: string): Promise<Figures> {
  const { page, errors } = await pg.openUrl(url);
  await page.evaluate(installProbe);
  const probe = (): Promise<Probe> => page.evaluate(() => (window as unknown as { probe_: Probe }).probe_);
  const epoch = async (): Promise<number> => Number(await page.evaluate(() => document.body.dataset.epoch));
  const running = (on: boolean): Promise<unknown> => page.waitForFunction((r) => document.body.dataset.running === String(r), on);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const busy = async (): Promise<number> =>
    (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration")?.value ?? NaN;

  await page.click("#play");
  await running(true);
  await sleep(1500);
  const p0 = await probe(), e0 = await epoch(), b0 = await busy(), t0 = Date.now();
  await sleep(MEASURE_MS);
  const p1 = await probe(), e1 = await epoch(), b1 = await busy(), seconds = (Date.now() - t0) / 1000;

  const before = p1.playLatency.length;
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
  const p = await probe();
  expect(p1.frames - p0.frames).toBeGreaterThan(0);
  expect(e1 - e0).toBeGreaterThan(0);
  expect(playLatency).toHaveLength(20);
  expect(p.restartLatency).toHaveLength(8);
  expect(errors).toEqual([]);
  await page.close();
  return {
    framesPerSecond: Number(((p1.frames - p0.frames) / seconds).toFixed(1)),
    counterUpdatesPerSecond: Number(((p1.counterFrames - p0.counterFrames) / seconds).toFixed(1)),
    epochsPerSecond: Number(((e1 - e0) / seconds).toFixed(1)),
    mainThreadBusy: Number(((b1 - b0) / seconds).toFixed(3)),
    playLabelMs: spread(playLatency),
    dimMs: p.dimLatency.length > 0 ? spread(p.dimLatency) : null,
    restartMs: spread(p.restartLatency),
  };
}

describe("responsiveness while training spiral 6 × 8", () => {
  it("prints drawn frames/s, epochs/s and click response times", async () => {
    const rounds: { build: string; figures: Figures }[] = [];
    for (let round = 0; round < (other ? 3 : 1); round++) {
      if (other) rounds.push({ build: process.env.PLAYGROUND_COMPARE ?? "", figures: await measure(`${other.url}${SPIRAL_6x8}`) });
      rounds.push({ build: pg.dist, figures: await measure(`${pg.server.url}${SPIRAL_6x8}`) });
    }
    for (const r of rounds) console.log(`playground responsiveness (spiral, 6 × 8 neurons), ${r.build}: ${JSON.stringify(r.figures)}`);
    writeFileSync(`${OUT}responsiveness.json`, JSON.stringify(rounds, null, 2) + "\n");
  }, HANG_GUARD * 2);
});
