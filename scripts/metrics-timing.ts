/**
 * Times Kindling's metrics on a million predictions (the tests check results only).
 *   npx tsx scripts/metrics-timing.ts
 */
import * as kd from "../src/index.js";
import { xorshift32 } from "../programs/xorshift.js";

const N = 1_000_000;
const C = 4;
const rand = xorshift32(2463534242);

const target = new Float64Array(N);
const scores = new Float32Array(N * C);
const binScores = new Float32Array(N);
const binTarget = new Float64Array(N);
for (let i = 0; i < N; i++) {
  target[i] = Math.floor(rand() * C);
  for (let c = 0; c < C; c++) scores[i * C + c] = rand() + (c === target[i] ? 0.3 : 0);
  binTarget[i] = target[i] === 0 ? 1 : 0;
  binScores[i] = scores[i * C];
}
const t = kd.fromArray(target, [N], { dtype: "int64" });
const s = kd.fromArray(scores, [N, C], { dtype: "float32" });
const preds = kd.argmax(s, { dim: 1 });
const bs = kd.fromArray(binScores, [N], { dtype: "float32" });
const bt = kd.fromArray(binTarget, [N], { dtype: "int64" });
const labelsArray = Array.from(target);
const predsArray = Array.from(preds.data);

/** Wall time and this process's CPU time (the machine is shared: CPU time is the steadier measure). */
function time(name: string, f: () => unknown): void {
  f(); // warm up
  const runs = 3;
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i++) f();
  const used = process.cpuUsage(cpu);
  const wall = (performance.now() - start) / runs;
  const cpuMs = (used.user + used.system) / 1000 / runs;
  console.log(`${name.padEnd(58)} wall ${wall.toFixed(1).padStart(8)} ms   cpu ${cpuMs.toFixed(1).padStart(8)} ms`);
}

time("binaryAccuracy (1M probabilities)", () => kd.metrics.binaryAccuracy(bs, bt));
time("multiclassAccuracy micro (1M x 4 scores)", () => kd.metrics.multiclassAccuracy(s, t, { numClasses: C, average: "micro" }));
time("multiclassAccuracy macro (1M labels)", () => kd.metrics.multiclassAccuracy(preds, t, { numClasses: C }));
time("multiclassF1Score macro, topK=2 (1M x 4 scores)", () => kd.metrics.multiclassF1Score(s, t, { numClasses: C, topK: 2 }));
time("multiclassConfusionMatrix (1M x 4 scores)", () => kd.metrics.multiclassConfusionMatrix(s, t, { numClasses: C }));
time("multiclassMatthewsCorrcoef (1M labels)", () => kd.metrics.multiclassMatthewsCorrcoef(preds, t, { numClasses: C }));
time("binaryAuroc exact (1M scores)", () => kd.metrics.binaryAuroc(bs, bt));
time("binaryAuroc thresholds=100 (1M scores)", () => kd.metrics.binaryAuroc(bs, bt, { thresholds: 100 }));
time("binaryAveragePrecision exact (1M scores)", () => kd.metrics.binaryAveragePrecision(bs, bt));
time("multiclassAuroc exact (1M x 4 scores)", () => kd.metrics.multiclassAuroc(s, t, { numClasses: C }));
time("binaryCalibrationError (1M)", () => kd.metrics.binaryCalibrationError(bs, bt));
time("MulticlassAccuracy: 100 batches of 10k via update", () => {
  const m = new kd.metrics.MulticlassAccuracy({ numClasses: C });
  for (let b = 0; b < 100; b++) m.update(kd.fromArray(scores.subarray(b * 10000 * C, (b + 1) * 10000 * C), [10000, C]), kd.fromArray(target.subarray(b * 10000, (b + 1) * 10000), [10000], { dtype: "int64" }));
  return m.compute();
});
time("classificationReport (1M labels, arrays)", () => kd.metrics.classificationReport(labelsArray, predsArray));
time("classificationReport (1M labels, tensors)", () => kd.metrics.classificationReport(t, preds));
time("accuracyFn (1M)", () => kd.metrics.accuracyFn(t, preds));
