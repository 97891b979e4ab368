/** Writes every figure kind to /tmp/plots (or argv[2]) as PNG and SVG, to look at them. */
import { mkdirSync } from "node:fs";
import * as kd from "../../src/index.js";
import * as plot from "../../src/plot/index.js";

const out = process.argv[2] ?? "/tmp/plots";
mkdirSync(out, { recursive: true });

/** Standard normal samples by Box–Muller (kept local: only kd.rand is needed). */
function randn(shape: number[]): kd.Tensor {
  const u1 = kd.rand(shape).clamp(1e-7, 1);
  const u2 = kd.rand(shape);
  return u1.log().mul(-2).sqrt().mul(u2.mul(2 * Math.PI).cos());
}
const randint = (hi: number, n: number) => kd.rand([n]).mul(hi).floor().long();

// Circles like sklearn's make_circles(noise=0.03, factor=0.8): outer ring class 0, inner class 1.
function circles(n: number, seed: number): { X: kd.Tensor; y: kd.Tensor } {
  kd.manualSeed(seed);
  const t = kd.rand([n]).mul(2 * Math.PI);
  const inner = kd.rand([n]).lt(0.5);
  const r = kd.where(inner, 0.8, 1);
  const x1 = r.mul(t.cos()).add(randn([n]).mul(0.03));
  const x2 = r.mul(t.sin()).add(randn([n]).mul(0.03));
  return { X: kd.stack([x1, x2], 1), y: inner.float() };
}

const train = circles(800, 1);
const test = circles(200, 2);
const ring = (x: kd.Tensor) => x.square().sum({ dim: 1, keepdim: true }).sub(0.81).neg().mul(20);
const blobs4 = (x: kd.Tensor) => kd.stack([x.select(1, 0), x.select(1, 1), x.select(1, 0).neg(), x.select(1, 1).neg()], 1);

const figs: [string, plot.Figure][] = [
  ["decision_boundary", plot.plotDecisionBoundary(ring, train.X, train.y)],
  ["decision_boundaries", plot.plotDecisionBoundaries({ train: [train.X, train.y], test: [test.X, test.y] }, ring)],
  ["decision_boundary_4", plot.plotDecisionBoundary(blobs4, randn([300, 2]).mul(5), randint(4, 300), { classNames: ["north", "east", "south", "west"] })],
  ["scatter", plot.scatter(train.X, train.y)],
  ["predictions", (() => {
    const x = kd.arange(0, 1, 0.02);
    const y = x.mul(0.7).add(0.3);
    const split = 40;
    return plot.plotPredictions(x.slice([0, split]), y.slice([0, split]), x.slice([split, null]), y.slice([split, null]), x.slice([split, null]).mul(0.6).add(0.35));
  })()],
  ["loss_curves", plot.plotLossCurves(Array.from({ length: 20 }, (_, e) => ({
    trainLoss: 0.7 * Math.exp(-e / 5) + 0.05, testLoss: 0.72 * Math.exp(-e / 6) + 0.08,
    trainAcc: 50 + 48 * (1 - Math.exp(-e / 4)), testAcc: 50 + 45 * (1 - Math.exp(-e / 5)),
  })))],
  ["loss_only", plot.plotLossCurves({ trainLoss: [1, 0.6, 0.4, 0.3], testLoss: [1.1, 0.7, 0.5, 0.45] })],
  ["confusion", plot.plotConfusionMatrix([[50, 2, 0, 1], [3, 45, 4, 0], [0, 5, 40, 7], [1, 0, 6, 44]], { classNames: ["cat", "dog", "sheep", "hedgehog"], showPercent: true })],
  ["confusion_10", plot.plotConfusionMatrix({ preds: randint(10, 500), target: randint(10, 500) })],
  ["roc_binary", plot.plotRocCurve(train.X.square().sum({ dim: 1 }).neg(), train.y)],
  ["roc_multi", (() => {
    const t = randint(4, 400);
    const noise = randn([400, 4]);
    const onehot = kd.eye(4).index(t);
    return plot.plotRocCurve(onehot.mul(1.2).add(noise), t, { classNames: ["north", "east", "south", "west"] });
  })()],
];
for (const [name, fig] of figs) {
  await fig.save(`${out}/${name}.png`);
  await fig.save(`${out}/${name}.svg`);
  console.log(name);
}
