/**
 * `kindling train --stream`: training on a CSV file that need not fit in memory. The file
 * is read through kd.data.CsvDataset, a chunk at a time:
 *   1. one pass finds the classes and the rows, and fits the scaling on the training rows;
 *   2. each epoch, a shuffled pass over the training rows (segments in a random order and a
 *      shuffle buffer) trains, and an in-order pass over the test rows measures.
 * The test rows are chosen by a hash of the row's index and the seed (a fixed fraction,
 * the same rows every run with the same seed), so no index of the file is held. Memory is
 * the model, one chunk, the shuffle buffer, and the test set's labels and predictions.
 */
import * as kd from "../../index.js";
import type { LoadProgress } from "../../data/csv/columnar.js";
import { createByteProgress, type ByteProgress } from "../load-progress.js";
import type { EpochRecord } from "./history.js";
import type { Affine, ScaleName } from "./scale.js";
import { applyScaling } from "./scale.js";
import { accuracyOf, makeOptimizer, type OptimizerName } from "./train-loop.js";
import { logitsToLabels, type LossFn } from "./task.js";

/** Whether data row `index` is a test row: a hash of (seed, index) against the test fraction. */
export function isTestRow(index: number, seed: number, testSize: number): boolean {
  // splitmix32-style mixing: neighbouring rows land independently.
  let h = (index ^ Math.imul(seed | 0, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h / 4294967296 < testSize;
}

/** Per-feature running statistics (Welford), turned into the affine map fitScaling gives. */
export class RunningScale {
  private n = 0;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;

  constructor(features: number) {
    this.mean = new Float64Array(features);
    this.m2 = new Float64Array(features);
    this.min = new Float64Array(features).fill(Infinity);
    this.max = new Float64Array(features).fill(-Infinity);
  }

  add(x: Float32Array): void {
    this.n++;
    for (let j = 0; j < this.mean.length; j++) {
      const v = x[j];
      const d = v - this.mean[j];
      this.mean[j] += d / this.n;
      this.m2[j] += d * (v - this.mean[j]);
      if (v < this.min[j]) this.min[j] = v;
      if (v > this.max[j]) this.max[j] = v;
    }
  }

  get count(): number {
    return this.n;
  }

  /** StandardScaler's or MinMaxScaler's map x·scale + offset (a constant feature gets scale 1). */
  affine(name: ScaleName): Affine | null {
    if (name === "none") return null;
    const f = this.mean.length;
    const scale: number[] = [];
    const offset: number[] = [];
    for (let j = 0; j < f; j++) {
      if (name === "standard") {
        const std = Math.sqrt(this.m2[j] / Math.max(1, this.n));
        const s = std > 1e-12 * Math.max(1, Math.abs(this.mean[j])) ? 1 / std : 1;
        scale.push(s);
        offset.push(-this.mean[j] * s);
      } else {
        const range = this.max[j] - this.min[j];
        const s = range > 0 ? 1 / range : 1;
        scale.push(s);
        offset.push(-this.min[j] * s);
      }
    }
    return { scale, offset };
  }
}

export interface StreamTrainSetup {
  path: string;
  target: string;
  seed: number;
  testSize: number;
  scale: ScaleName;
  batchSize: number;
  log: NodeJS.WriteStream;
  quiet: boolean;
}

export interface StreamData {
  featureNames: string[];
  classNames: string[];
  trainRows: number;
  testRows: number;
  scaling: Affine | null;
  train: kd.data.CsvDataset;
  test: kd.data.CsvDataset;
  /** Shows the progress of the next pass under this label. */
  progress(label: string): void;
  /** Ends the progress display of the last pass. */
  done(): void;
}

/** The first pass: classes, row counts and the scaling, then the two datasets. */
export function prepareStream(o: StreamTrainSetup): StreamData {
  let bar: ByteProgress | null = null;
  const probe = new kd.data.CsvDataset(o.path, { target: o.target, onProgress: (p) => bar?.update(p.bytes, p.rows) });
  const progress = (label: string): void => {
    bar?.done();
    bar = createByteProgress({ label, total: probe.size, stream: o.log, quiet: o.quiet });
  };
  const done = (): void => {
    bar?.done();
    bar = null;
  };
  const test = (i: number): boolean => isTestRow(i, o.seed, o.testSize);
  const stats = new RunningScale(probe.featureNames.length);
  progress(`scanning ${o.path}`);
  const { rows, classNames } = probe.scan((x, i) => {
    if (!test(i)) stats.add(x);
  });
  done();
  const onProgress = (p: LoadProgress): void => bar?.update(p.bytes, p.rows);
  return {
    featureNames: probe.featureNames,
    classNames,
    trainRows: stats.count,
    testRows: rows - stats.count,
    scaling: stats.affine(o.scale),
    train: probe.derive({ shuffle: true, generator: new kd.Generator().manualSeed(o.seed), rowFilter: (i) => !test(i), onProgress }),
    test: probe.derive({ rowFilter: test, onProgress }),
    progress,
    done,
  };
}

export interface StreamLoopOptions {
  epochs: number;
  lr: number;
  optimizer: OptimizerName;
  batchSize: number;
  weightDecay?: number;
  onEpoch?: (r: EpochRecord) => void;
}

/** The epochs; returns the history and the last epoch's test labels and predictions. */
export function trainStream(
  model: kd.nn.Module, lossFn: LossFn, prepareTarget: (y: kd.Tensor) => kd.Tensor, data: StreamData, opts: StreamLoopOptions,
): { history: EpochRecord[]; yTest: kd.Tensor; predTest: kd.Tensor } {
  const optimizer = makeOptimizer(opts.optimizer, model.parameters(), opts.lr, opts.weightDecay);
  const history: EpochRecord[] = [];
  const yTest = new Float64Array(data.testRows);
  const predTest = new Float64Array(data.testRows);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    model.train();
    let lossSum = 0, correct = 0, n = 0;
    data.progress(`epoch ${epoch + 1}/${opts.epochs}, training`);
    for (const [xb, yb] of new kd.data.DataLoader(data.train, { batchSize: opts.batchSize })) {
      const logits = model.forward(applyScaling(data.scaling, xb));
      const loss = lossFn.forward(logits, prepareTarget(yb));
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      const b = xb.shape[0];
      lossSum += loss.item() * b;
      correct += accuracyOf(yb, logitsToLabels(logits.detach())) * b;
      n += b;
    }
    model.eval();
    let testLoss = 0, testCorrect = 0, m = 0;
    data.progress(`epoch ${epoch + 1}/${opts.epochs}, testing`);
    kd.inferenceMode(() => {
      for (const [xb, yb] of new kd.data.DataLoader(data.test, { batchSize: 8192 })) {
        const logits = model.forward(applyScaling(data.scaling, xb));
        const labels = logitsToLabels(logits);
        const b = xb.shape[0];
        testLoss += lossFn.forward(logits, prepareTarget(yb)).item() * b;
        testCorrect += accuracyOf(yb, labels) * b;
        yTest.set(yb.data, m);
        predTest.set(labels.data, m);
        m += b;
      }
    });
    const record: EpochRecord = {
      epoch, trainLoss: lossSum / Math.max(1, n), trainAccuracy: correct / Math.max(1, n),
      testLoss: testLoss / Math.max(1, m), testAccuracy: testCorrect / Math.max(1, m),
    };
    data.done();
    history.push(record);
    opts.onEpoch?.(record);
  }
  return {
    history,
    yTest: new kd.Tensor(yTest, [data.testRows], "int64"),
    predTest: new kd.Tensor(predTest, [data.testRows], "int64"),
  };
}
