/**
 * One training run: data, split, features, model, loss, optimiser and loader, built
 * from a Config in a fixed order so a seed gives the same run every time, and the
 * same run as the code "Show code" prints (see code/generate.ts, which follows this
 * file step by step). It knows nothing of workers or pages: the worker drives it, and
 * the tests can drive it directly.
 */
import * as kd from "kindling";
import { activationsOf, normalizeConfig, outputUnits, problemOf, type Config, type LossName, type WeightEdit } from "../state/config.js";
import type { CsvData } from "./csv.js";
import { featurize } from "./features.js";
import {
  addDrawn, buildNetwork, confusionMatrix, regressionScores, generateDataset, l1Penalty, lossFunction, makeLoader, makeOptimizer, makeScheduler, setWeight, splitData,
  type Network, type Optimizer, type Scheduler,
} from "./library.js";
import { gridPoints, padDomain, type Domain } from "./grid.js";

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  testLoss: number;
  trainAcc: number;
  testAcc: number;
  /** Regression: R² and RMSE on both sets (NaN for classification, whose accuracies are NaN for regression). */
  trainR2: number;
  testR2: number;
  trainRmse: number;
  testRmse: number;
  /** The learning rate the next epoch trains with (the schedule's, after this epoch's step). */
  lr: number;
}

/** What the page needs once per run to draw the data. */
export interface RunInfo {
  /** The run's set-up; a weight set by hand (Session.edit) adds to its edits. */
  config: Config;
  /** 1 for regression. */
  nClasses: number;
  /** A number to predict for each point, not a class: the picture is the predicted value per cell. */
  regression: boolean;
  classNames: string[];
  featureNames: [string, string];
  domain: Domain;
  /** Raw points, x and y interleaved, and their classes. */
  trainPoints: Float32Array;
  trainLabels: Int32Array;
  testPoints: Float32Array;
  testLabels: Int32Array;
  /** The targets as numbers: the regression values (the classes again for classification). */
  trainValues: Float32Array;
  testValues: Float32Array;
  /** Width of each hidden layer, for the neuron maps. */
  hidden: number[];
  /** How many of the training points (the last ones) were drawn on the page. */
  drawnCount: number;
  /** Where the run trains: "webgpu" only when the config asked for it and the worker found a GPU. */
  device: kd.Device;
}

/** What the network's output means for each loss: the tensor the loss sees and the predicted class. */
function lossInput(loss: LossName, out: kd.Tensor, regression: boolean): kd.Tensor {
  if (loss === "bce" || regression) return out.squeeze(1);
  if (loss === "mse") return out.softmax(1);
  return out;
}

function predictClasses(loss: LossName, out: kd.Tensor): kd.Tensor {
  return loss === "bce" ? out.squeeze(1).sigmoid().round().long() : out.argmax({ dim: 1 });
}

/** Targets as each loss wants them: float 0/1 (or the regression values), class indices, or one-hot rows. */
function targetsFor(loss: LossName, y: kd.Tensor, nClasses: number, regression: boolean): kd.Tensor {
  if (loss === "bce" || regression) return y.float();
  if (loss === "mse") return kd.eye(nClasses).index(y);
  return y;
}

/** What the network looks like now, from one forward pass over the grid (see Session.picture). */
export interface PictureData {
  /** K class probabilities per grid cell; for regression, the predicted value. */
  boundary: Float32Array;
  /** Each hidden neuron's map, every `step`-th row and column: layer by layer, neuron by neuron, cell by cell. */
  neurons: Float32Array;
  /** Each input feature's map, the same cells, feature by feature. */
  inputs: Float32Array;
  neuronSize: number;
  /** 1 for a hidden neuron whose output is 0 over the whole grid (a dead ReLU), in the order of `neurons`. */
  dead: Uint8Array;
  /** Every Linear layer's weight matrix ([out, in], row-major), input side first. */
  weights: Float32Array;
}

interface Scores {
  loss: number;
  acc: number;
  r2: number;
  rmse: number;
}

export class Session {
  readonly info: RunInfo;
  epoch = 0;
  private cfg: Config;
  /** The network that trains, on `device`. */
  private readonly net: Network;
  /**
   * The network the pictures, the model file and hand-set weights use: `net` itself on the
   * CPU; on a GPU a CPU copy that `syncView()` fills with the trained weights. The grid
   * pictures stay on the CPU because they read every hidden layer's activations cell by cell
   * (sampling, dead-neuron checks), which would be one read-back per layer on the device,
   * while the weights of a network of at most six layers of eight are a few hundred numbers.
   */
  private readonly view: Network;
  readonly device: kd.Device;
  /** The training and test features on the device, for scoring (the same tensors as `F` on the CPU). */
  private readonly onDevice: { train: kd.Tensor; test: kd.Tensor };
  private readonly optimizer: Optimizer;
  private readonly scheduler: Scheduler | null;
  private readonly loss: kd.nn.Loss;
  private readonly loader: Iterable<[kd.Tensor, kd.Tensor]>;
  private readonly F: { train: kd.Tensor; test: kd.Tensor };
  private readonly T: { train: kd.Tensor; test: kd.Tensor };
  private readonly y: { train: kd.Tensor; test: kd.Tensor };
  private readonly toFeatures: (X: kd.Tensor) => kd.Tensor;
  private readonly gridCache = new Map<number, kd.Tensor>();
  private pass: Iterator<[kd.Tensor, kd.Tensor]> | null = null;
  /** Minibatches trained in the pass under way, and how many a pass has. */
  private batchesDone = 0;
  readonly batchesPerEpoch: number;
  /** The training set's per-column mean and standard deviation that inputs are standardised with. */
  readonly standardization: { mean: number[]; std: number[] };
  private readonly regression: boolean;
  /**
   * The L1 factor: a number on the CPU; on a GPU a float32 tensor there, because the
   * gradient of a 0-d tensor times a number is taken in float64, which WebGPU lacks.
   */
  private readonly l1: number | kd.Tensor;

  /** A config asking for "webgpu" needs `await kd.webgpu.init()` to have found a GPU first. */
  constructor(config: Config, csv: CsvData | null = null) {
    const [X, y] = csv ? [csv.X, csv.y] : generateDataset(config);
    const regression = !csv && problemOf(config.dataset) === "regression";
    this.regression = regression;
    const nClasses = csv ? csv.summary.classNames.length : regression ? 1 : Math.round(y.max().item()) + 1;
    const cfg = normalizeConfig(config, nClasses);
    this.cfg = cfg;

    const [XSplit, XTest, ySplit, yTest] = splitData(X, y, cfg.testFraction, cfg.seed);
    const [XTrain, yTrain] = addDrawn(XSplit, ySplit, cfg.drawn);
    const mean = XTrain.mean({ dim: 0 }), std = XTrain.std({ dim: 0 });
    this.toFeatures = (x) => featurize(x, mean, std, cfg.features);
    this.standardization = { mean: Array.from(mean.data), std: Array.from(std.data) };
    this.F = { train: this.toFeatures(XTrain), test: this.toFeatures(XTest) };
    this.y = { train: yTrain, test: yTest };
    this.T = { train: targetsFor(cfg.loss, yTrain, nClasses, regression), test: targetsFor(cfg.loss, yTest, nClasses, regression) };

    const device: kd.Device = cfg.device === "webgpu" ? "webgpu" : "cpu";
    this.device = device;
    const build = (): Network => buildNetwork(cfg.features.length, cfg.hidden, activationsOf(cfg), cfg.dropout, outputUnits(cfg.loss, nClasses));
    // The CPU copy is built before seeding, so the trained network's weights and dropout
    // masks come from the same random stream as on the CPU.
    const view = device === "cpu" ? null : build();
    kd.manualSeed(cfg.seed);
    this.net = build();
    // Edits at epoch 0 are made on the CPU, before the network moves.
    this.applyEdits(0);
    if (device !== "cpu") this.net.model.to(device);
    this.view = view ?? this.net;
    this.onDevice = device === "cpu" ? this.F : { train: this.F.train.to(device), test: this.F.test.to(device) };
    this.l1 = device === "cpu" ? cfg.l1 : kd.tensor(cfg.l1, { device });
    this.loss = lossFunction(cfg.loss);
    this.optimizer = makeOptimizer(cfg.optimizer, this.net.model.parameters(), cfg.lr, cfg.l2);
    this.scheduler = makeScheduler(cfg, this.optimizer);
    this.loader = makeLoader(this.F.train, this.T.train, cfg.batchSize, cfg.seed);
    this.batchesPerEpoch = Math.ceil(yTrain.shape[0] / cfg.batchSize);

    this.info = {
      config: cfg,
      nClasses,
      regression,
      // Generated labels are the integers 0 … K-1, and a model file names its classes by them,
      // so `kindling evaluate --target label` matches a CSV's 0/1 labels to the model's classes.
      classNames: csv ? csv.summary.classNames : regression ? ["value"] : Array.from({ length: nClasses }, (_, i) => String(i)),
      featureNames: csv ? csv.summary.featureNames : ["x₁", "x₂"],
      domain: padDomain(X),
      trainPoints: Float32Array.from(XTrain.data),
      trainLabels: regression ? new Int32Array(yTrain.shape[0]) : Int32Array.from(yTrain.data),
      testPoints: Float32Array.from(XTest.data),
      testLabels: regression ? new Int32Array(yTest.shape[0]) : Int32Array.from(yTest.data),
      trainValues: Float32Array.from(yTrain.data),
      testValues: Float32Array.from(yTest.data),
      hidden: [...cfg.hidden],
      drawnCount: cfg.drawn.length,
      device,
    };
  }

  /**
   * Trains minibatches of the current pass over the shuffled training set until the pass
   * ends (then returns that epoch's losses and accuracies) or `more()` says to stop for
   * now (then returns null and the next call goes on where this one stopped). The batches
   * and their order are those of a plain `for (const batch of loader)` loop.
   */
  train(more: () => boolean): EpochRecord | null {
    this.requireCpu("train", "trainAsync");
    do {
      if (!this.trainBatch()) {
        this.applyEdits(this.epoch);
        return this.evaluate();
      }
    } while (more());
    return null;
  }

  /**
   * `train` on any device. On a GPU each minibatch's work is awaited before `more()` is asked
   * (so a time slice measures training done, not work queued), and the scores are read back
   * asynchronously.
   */
  async trainAsync(more: () => boolean): Promise<EpochRecord | null> {
    if (this.device === "cpu") return this.train(more);
    do {
      if (!this.trainBatch()) {
        await this.applyEditsAsync(this.epoch);
        return this.evaluateAsync();
      }
      await kd.webgpu.synchronize();
    } while (more());
    return null;
  }

  /**
   * Trains the next minibatch of the pass (starting one if none is under way); false, having
   * trained nothing, when the pass has ended: then the schedule steps and the epoch counts.
   * Minibatches are drawn on the CPU and moved to the device (the loader indexes by tensors).
   */
  private trainBatch(): boolean {
    const { model } = this.net;
    model.train();
    this.pass ??= this.loader[Symbol.iterator]();
    const next = this.pass.next();
    if (next.done) {
      this.pass = null;
      this.batchesDone = 0;
      this.scheduler?.step();
      this.epoch++;
      return false;
    }
    const [xb, tb] = next.value.map((t) => t.to(this.device));
    let loss = this.loss(lossInput(this.cfg.loss, model(xb), this.regression), tb);
    // The L1 term is trained on, not scored: the losses shown are the data's alone.
    if (this.cfg.l1 > 0) loss = loss.add(l1Penalty(this.net.linears, this.l1));
    this.optimizer.zeroGrad();
    loss.backward();
    this.optimizer.step();
    this.batchesDone++;
    return true;
  }

  /** The synchronous forms read tensors at once, which only the CPU's allow. */
  private requireCpu(what: string, instead: string): void {
    if (this.device !== "cpu") throw new Error(`Session.${what} reads the model synchronously; on ${this.device} use ${instead}`);
  }

  /** The weights set by hand at this epoch, in the order they were made. */
  private applyEdits(epoch: number): void {
    for (const e of this.cfg.edits) if (e.epoch === epoch) setWeight(this.net.linears, e);
  }

  private async applyEditsAsync(epoch: number): Promise<void> {
    const edits = this.cfg.edits.filter((e) => e.epoch === epoch);
    if (edits.length === 0) return;
    await this.syncView();
    for (const e of edits) this.setWeightOnDevice(e);
  }

  /**
   * Sets one weight of the trained network on the GPU: on the CPU copy (as setWeight does
   * it there), whose whole matrix is then copied into the device's, outside the graph.
   * The CPU copy must hold the trained weights (syncView) first.
   */
  private setWeightOnDevice(e: WeightEdit): void {
    setWeight(this.view.linears, e);
    const w = this.net.linears[e.layer].weight;
    kd.noGrad(() => w.copy_(this.view.linears[e.layer].weight.to(this.device)));
  }

  /** Copies the trained weights into the CPU copy the pictures use (nothing to do on the CPU). */
  async syncView(): Promise<void> {
    if (this.view === this.net) return;
    const from = this.net.model.parameters(), to = this.view.model.parameters();
    for (let i = 0; i < from.length; i++) {
      const values = await from[i].toArrayAsync();
      kd.noGrad(() => to[i].copy_(kd.fromArray(Float32Array.from(values), to[i].shape)));
    }
  }

  /**
   * Sets a weight by hand now, between epochs (the worker finishes the epoch under way
   * first), and keeps the edit in the run's config so Reset and the shown code replay it.
   * Returns the edit as kept (at this epoch) and the scores after it.
   */
  edit(e: Omit<WeightEdit, "epoch">): { edit: WeightEdit; record: EpochRecord } {
    this.requireCpu("edit", "editAsync");
    const edit = this.keepEdit(e);
    setWeight(this.net.linears, edit);
    return { edit, record: this.evaluate() };
  }

  /** `edit` on any device. */
  async editAsync(e: Omit<WeightEdit, "epoch">): Promise<{ edit: WeightEdit; record: EpochRecord }> {
    if (this.device === "cpu") return this.edit(e);
    const edit = this.keepEdit(e);
    await this.syncView();
    this.setWeightOnDevice(edit);
    return { edit, record: await this.evaluateAsync() };
  }

  /** Checks a hand-set weight and adds it to the run's config, at this epoch. */
  private keepEdit(e: Omit<WeightEdit, "epoch">): WeightEdit {
    if (this.midEpoch) throw new Error("a weight can only be set between epochs");
    const edit: WeightEdit = { epoch: this.epoch, layer: e.layer, to: e.to, from: e.from, value: e.value };
    const cfg = normalizeConfig({ ...this.cfg, edits: [...this.cfg.edits, edit] }, this.info.nClasses);
    if (cfg.edits.length === 0 || JSON.stringify(cfg.edits[cfg.edits.length - 1]) !== JSON.stringify(edit)) {
      throw new Error(`layer ${e.layer} has no weight from ${e.from} to ${e.to}, or ${e.value} is not a number`);
    }
    this.cfg = cfg;
    this.info.config = cfg;
    return edit;
  }

  /** Trains to the end of the current epoch (a whole one if none is under way). */
  trainEpoch(): EpochRecord {
    for (;;) {
      const r = this.train(() => true);
      if (r) return r;
    }
  }

  /** `trainEpoch` on any device. */
  async trainEpochAsync(): Promise<EpochRecord> {
    for (;;) {
      const r = await this.trainAsync(() => true);
      if (r) return r;
    }
  }

  /** True between epochs' batches, when a pass over the data has started but not finished. */
  get midEpoch(): boolean {
    return this.pass !== null;
  }

  /** How far the pass under way has got, from 0 (none started) to 1 (all its batches trained). */
  get progress(): number {
    return this.pass === null ? 0 : this.batchesDone / this.batchesPerEpoch;
  }

  /** Loss and accuracy (in %) on both sets, or for regression loss, R² and RMSE, in eval mode without a graph. */
  evaluate(): EpochRecord {
    this.requireCpu("evaluate", "evaluateAsync");
    const { model } = this.net;
    model.eval();
    return kd.inferenceMode(() => this.record(this.score(model(this.F.train), this.T.train, this.y.train), this.score(model(this.F.test), this.T.test, this.y.test)));
  }

  /**
   * `evaluate` on any device: the forward passes run there and only the outputs (a few
   * numbers per point) come back, to be scored on the CPU by the same code as `evaluate`'s,
   * so the metrics (accuracy, R², RMSE) need no device kernels and an epoch costs two reads.
   */
  async evaluateAsync(): Promise<EpochRecord> {
    if (this.device === "cpu") return this.evaluate();
    const { model } = this.net;
    model.eval();
    const [train, test] = kd.inferenceMode(() => [model(this.onDevice.train), model(this.onDevice.test)]);
    const [trainOut, testOut] = [await train.cpuAsync(), await test.cpuAsync()];
    return kd.inferenceMode(() => this.record(this.score(trainOut, this.T.train, this.y.train), this.score(testOut, this.T.test, this.y.test)));
  }

  private record(train: Scores, test: Scores): EpochRecord {
    return {
      epoch: this.epoch, trainLoss: train.loss, testLoss: test.loss, trainAcc: train.acc, testAcc: test.acc,
      trainR2: train.r2, testR2: test.r2, trainRmse: train.rmse, testRmse: test.rmse, lr: this.optimizer.paramGroups[0].lr,
    };
  }

  /** Scores a set from the network's outputs for it (on the CPU). */
  private score(out: kd.Tensor, T: kd.Tensor, y: kd.Tensor): Scores {
    const pred = lossInput(this.cfg.loss, out, this.regression);
    const loss = this.loss(pred, T).item();
    if (this.regression) return { loss, acc: NaN, ...regressionScores(pred, T) };
    const correct = predictClasses(this.cfg.loss, out).eq(y).sum().item();
    return { loss, acc: (correct / y.shape[0]) * 100, r2: NaN, rmse: NaN };
  }

  /** Test-set confusion matrix (rows true, columns predicted); empty for regression. On a GPU, after syncView(). */
  confusion(): number[][] {
    if (this.regression) return [];
    this.view.model.eval();
    const pred = kd.inferenceMode(() => predictClasses(this.cfg.loss, this.view.model(this.F.test)));
    return confusionMatrix(this.y.test, pred, this.info.nClasses);
  }

  private gridFeatures(size: number): kd.Tensor {
    let f = this.gridCache.get(size);
    if (!f) {
      f = this.toFeatures(gridPoints(this.info.domain, size));
      this.gridCache.set(size, f);
    }
    return f;
  }

  /** Class probabilities from the network's outputs, K per row (regression: the predicted value). */
  private probabilities(out: kd.Tensor): kd.Tensor {
    if (this.regression) return out;
    return this.cfg.loss === "bce"
      ? kd.stack([out.squeeze(1).sigmoid().neg().add(1), out.squeeze(1).sigmoid()], 1)
      : out.softmax(1);
  }

  /** Class probabilities over a size × size grid, row-major from the top left, K per cell. */
  boundary(size: number): Float32Array {
    this.view.model.eval();
    return kd.inferenceMode(() => Float32Array.from(this.probabilities(this.view.model(this.gridFeatures(size))).data));
  }

  /** Each hidden neuron's activation over a size × size grid: layer by layer, neuron by neuron, cell by cell. */
  neurons(size: number): Float32Array {
    return this.picture(size, 1).neurons;
  }

  /**
   * The boundary and the neuron maps from one forward pass over a size × size grid (the
   * page's picture, at half the cost of two passes). The neuron maps keep every `step`-th
   * row and column of the grid: ⌈size / step⌉² cells each, layer by layer, neuron by neuron.
   * On a GPU, after syncView() (the pictures are drawn on the CPU copy).
   */
  picture(size: number, step: number): PictureData {
    const { modules, hiddenTaps, model, linears } = this.view;
    model.eval();
    const neuronSize = Math.ceil(size / step), cells = neuronSize * neuronSize;
    const total = this.cfg.hidden.reduce((a, b) => a + b, 0);
    const neurons = new Float32Array(total * cells);
    const dead = new Uint8Array(total);
    // The grid cell each neuron-map cell samples.
    const picks = new Int32Array(cells);
    for (let r = 0, c = 0; r < neuronSize; r++) for (let q = 0; q < neuronSize; q++) picks[c++] = r * step * size + q * step;
    /** Copies a [size², width] activation's sampled cells into `into` at `offset`, one map per column. */
    const sample = (d: ArrayLike<number>, width: number, into: Float32Array, offset: number): void => {
      for (let c = 0; c < cells; c++) for (let j = 0; j < width; j++) into[offset + j * cells + c] = d[picks[c] * width + j];
    };
    const grid = this.gridFeatures(size);
    const inputs = new Float32Array(grid.shape[1] * cells);
    sample(grid.data, grid.shape[1], inputs, 0);
    const boundary = kd.inferenceMode(() => {
      let h = grid, offset = 0, neuron = 0;
      modules.forEach((m, i) => {
        h = m.forward(h);
        if (!hiddenTaps.includes(i)) return;
        const width = h.shape[1], d = h.data, rows = h.shape[0];
        sample(d, width, neurons, offset);
        // Dead: 0 at every point of the full grid, so no gradient reaches its weights there.
        for (let j = 0; j < width; j++, neuron++) {
          let zero = 1;
          for (let r = 0; r < rows && zero; r++) if (d[r * width + j] !== 0) zero = 0;
          dead[neuron] = zero;
        }
        offset += width * cells;
      });
      return Float32Array.from(this.probabilities(h).data);
    });
    const weights = new Float32Array(linears.reduce((n, l) => n + l.weight.numel(), 0));
    let at = 0;
    for (const l of linears) {
      weights.set(l.weight.data, at);
      at += l.weight.numel();
    }
    return { boundary, neurons, inputs, neuronSize, dead, weights };
  }

  /** The model on the CPU (on a GPU, the copy: syncView() first). */
  get model(): Network["model"] {
    return this.view.model;
  }
}
