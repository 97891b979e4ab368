/**
 * Time and peak memory of figures drawn from many points (issue 15: a 100k-point scatter
 * took 8.6 s and 820 MB when every point was drawn). Run: npx tsx bench/figures-large.ts
 *
 * Measured once on the project's shared 2-core machine (SVG only, one process):
 *   before (every point drawn):  scatter 100k 3.87 s, SVG 28.3 MB, rss 414 MB; ROC 100k 1.42 s, rss 551 MB;
 *                                scatter 1M: "Maximum call stack size exceeded"
 *   after (5,000 drawn, curves thinned): scatter 100k 1.13 s, SVG 1.4 MB, rss 172 MB; ROC 100k 0.42 s;
 *                                scatter 1M 0.46 s, rss 208 MB; ROC 1M 1.83 s, rss 417 MB
 */
import * as kd from "../src/index.js";

async function measure(name: string, make: () => kd.plot.Figure): Promise<void> {
  const t0 = performance.now();
  const svg = await make().toSVG();
  const ms = performance.now() - t0;
  const rss = process.memoryUsage().rss / 2 ** 20;
  console.log(`${name}: ${(ms / 1000).toFixed(2)} s, SVG ${(svg.length / 2 ** 20).toFixed(1)} MB, rss ${rss.toFixed(0)} MB`);
}

async function main(): Promise<void> {
  for (const n of [100_000, 1_000_000]) {
    kd.manualSeed(0);
    const X = kd.randn([n, 2]);
    const y = kd.randint(0, 2, [n]);
    await measure(`scatter ${n.toLocaleString("en-US")} points`, () => kd.plot.scatter(X, y));
    const scores = kd.rand([n]);
    await measure(`ROC ${n.toLocaleString("en-US")} scores`, () => kd.plot.plotRocCurve(scores, y));
  }
}

void main();
