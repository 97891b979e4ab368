/**
 * One training run: data, split, features, model, loss, optimiser and loader, built
 * from a Config in a fixed order so a seed gives the same run every time, and the
 * same run as the code "Show code" prints (see code/generate.ts, which follows this
 * file step by step). It knows nothing of workers or pages: the worker drives it, and
 * the tests can drive it directly.
 */
import * as kd from "kindling";
import { normalizeConfig, outputUnits, type Config, type LossName } from "../state/config.js";
import type { CsvData } from "./csv.js";
import { featurize } from "./features.js";
import {
  buildNetwork, confusionMatrix, generateDataset, lossFunction, makeLoader, makeOptimizer, splitData,
  type Network, type Optimizer,
} from "./library.js";
import { gridPoints, padDomain, type Domain } from "./grid.js";

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  testLoss: number;
  trainAcc: number;
  testAcc: number;
}

/** What the page needs once per run to draw the data. */
export interface RunInfo {
  config: Config;
  nClasses: number;
  classNames: string[];
  featureNames: [string, string];
  domain: Domain;
  /** Raw points, x and y interleaved, and their classes. */
  trainPoints: Float32Array;
  trainLabels: Int32Array;
  testPoints: Float32Array;
  testLabels: Int32Array;
  /** Width of each hidden layer, for the neuron maps. */
  hidden: number[];
}

/** What the network's output means for each loss: the tensor the loss sees and the predicted class. */
function lossInput(loss: LossName, out: kd.Tensor): kd.Tensor {
  if (loss === "bce") return out.squeeze(1);
  if (loss === "mse") return out.softmax(1);
  return out;
}

function predictClasses(loss: LossName, out: kd.Tensor): kd.Tensor {
  return loss === "bce" ? out.squeeze(1).sigmoid().round().long() : out.argmax({ dim: 1 });
}

/** Targets as each loss wants them: float 0/1, class indices, or one-hot rows. */
function targetsFor(loss: LossName, y: kd.Tensor, nClasses: number): kd.Tensor {
  if (loss === "bce") return y.float();
  if (loss === "mse") return kd.eye(nClasses).index(y);
  return y;
}

export class Session {
  readonly info: RunInfo;
  epoch = 0;
  private readonly cfg: Config;
  private readonly net: Network;
  private readonly optimizer: Optimizer;
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
  private readonly batchesPerEpoch: number;
  /** The training set's per-column mean and standard deviation that inputs are standardised with. */
  readonly standardization: { mean: number[]; std: number[] };

  constructor(config: Config, csv: CsvData | null = null) {
    const [X, y] = csv ? [csv.X, csv.y] : generateDataset(config);
    const nClasses = csv ? csv.summary.classNames.length : Math.round(y.max().item()) + 1;
    const cfg = normalizeConfig(config, nClasses);
    this.cfg = cfg;

    const [XTrain, XTest, yTrain, yTest] = splitData(X, y, cfg.testFraction, cfg.seed);
    const mean = XTrain.mean({ dim: 0 }), std = XTrain.std({ dim: 0 });
    this.toFeatures = (x) => featurize(x, mean, std, cfg.features);
    this.standardization = { mean: Array.from(mean.data), std: Array.from(std.data) };
    this.F = { train: this.toFeatures(XTrain), test: this.toFeatures(XTest) };
    this.y = { train: yTrain, test: yTest };
    this.T = { train: targetsFor(cfg.loss, yTrain, nClasses), test: targetsFor(cfg.loss, yTest, nClasses) };

    kd.manualSeed(cfg.seed);
    this.net = buildNetwork(cfg.features.length, cfg.hidden, cfg.activation, cfg.dropout, outputUnits(cfg.loss, nClasses));
    this.loss = lossFunction(cfg.loss);
    this.optimizer = makeOptimizer(cfg.optimizer, this.net.model.parameters(), cfg.lr, cfg.l2);
    this.loader = makeLoader(this.F.train, this.T.train, cfg.batchSize, cfg.seed);
    this.batchesPerEpoch = Math.ceil(yTrain.shape[0] / cfg.batchSize);

    this.info = {
      config: cfg,
      nClasses,
      // Generated labels are the integers 0 … K-1, and a model file names its classes by them,
      // so `kindling evaluate --target label` matches a CSV's 0/1 labels to the model's classes.
      classNames: csv ? csv.summary.classNames : Array.from({ length: nClasses }, (_, i) => String(i)),
      featureNames: csv ? csv.summary.featureNames : ["x₁", "x₂"],
      domain: padDomain(X),
      trainPoints: Float32Array.from(XTrain.data),
      trainLabels: Int32Array.from(yTrain.data),
      testPoints: Float32Array.from(XTest.data),
      testLabels: Int32Array.from(yTest.data),
      hidden: [...cfg.hidden],
    };
  }

  /**
   * Trains minibatches of the current pass over the shuffled training set until the pass
   * ends (then returns that epoch's losses and accuracies) or `more()` says to stop for
   * now (then returns null and the next call goes on where this one stopped). The batches
   * and their order are those of a plain `for (const batch of loader)` loop.
   */
  train(more: () => boolean): EpochRecord | null {
    const { model } = this.net;
    model.train();
    this.pass ??= this.loader[Symbol.iterator]();
    do {
      const next = this.pass.next();
      if (next.done) {
        this.pass = null;
        this.batchesDone = 0;
        this.epoch++;
        return this.evaluate();
      }
      const [xb, tb] = next.value;
      const loss = this.loss(lossInput(this.cfg.loss, model(xb)), tb);
      this.optimizer.zeroGrad();
      loss.backward();
      this.optimizer.step();
      this.batchesDone++;
    } while (more());
    return null;
  }

  /** Trains to the end of the current epoch (a whole one if none is under way). */
  trainEpoch(): EpochRecord {
    for (;;) {
      const r = this.train(() => true);
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

  /** Loss and accuracy (in %) on both sets, in eval mode without a graph. */
  evaluate(): EpochRecord {
    const { model } = this.net;
    model.eval();
    return kd.inferenceMode(() => {
      const [trainLoss, trainAcc] = this.score(this.F.train, this.T.train, this.y.train);
      const [testLoss, testAcc] = this.score(this.F.test, this.T.test, this.y.test);
      return { epoch: this.epoch, trainLoss, testLoss, trainAcc, testAcc };
    });
  }

  private score(F: kd.Tensor, T: kd.Tensor, y: kd.Tensor): [number, number] {
    const out = this.net.model(F);
    const loss = this.loss(lossInput(this.cfg.loss, out), T).item();
    const correct = predictClasses(this.cfg.loss, out).eq(y).sum().item();
    return [loss, (correct / y.shape[0]) * 100];
  }

  /** Test-set confusion matrix (rows true, columns predicted). */
  confusion(): number[][] {
    this.net.model.eval();
    const pred = kd.inferenceMode(() => predictClasses(this.cfg.loss, this.net.model(this.F.test)));
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

  /** Class probabilities from the network's outputs, K per row. */
  private probabilities(out: kd.Tensor): kd.Tensor {
    return this.cfg.loss === "bce"
      ? kd.stack([out.squeeze(1).sigmoid().neg().add(1), out.squeeze(1).sigmoid()], 1)
      : out.softmax(1);
  }

  /** Class probabilities over a size × size grid, row-major from the top left, K per cell. */
  boundary(size: number): Float32Array {
    this.net.model.eval();
    return kd.inferenceMode(() => Float32Array.from(this.probabilities(this.net.model(this.gridFeatures(size))).data));
  }

  /** Each hidden neuron's activation over a size × size grid: layer by layer, neuron by neuron, cell by cell. */
  neurons(size: number): Float32Array {
    return this.picture(size, 1).neurons;
  }

  /**
   * The boundary and the neuron maps from one forward pass over a size × size grid (the
   * page's picture, at half the cost of two passes). The neuron maps keep every `step`-th
   * row and column of the grid: ⌈size / step⌉² cells each, layer by layer, neuron by neuron.
   */
  picture(size: number, step: number): { boundary: Float32Array; neurons: Float32Array; neuronSize: number } {
    const { modules, hiddenTaps, model } = this.net;
    model.eval();
    const neuronSize = Math.ceil(size / step), cells = neuronSize * neuronSize;
    const total = this.cfg.hidden.reduce((a, b) => a + b, 0);
    const neurons = new Float32Array(total * cells);
    // The grid cell each neuron-map cell samples.
    const picks = new Int32Array(cells);
    for (let r = 0, c = 0; r < neuronSize; r++) for (let q = 0; q < neuronSize; q++) picks[c++] = r * step * size + q * step;
    const boundary = kd.inferenceMode(() => {
      let h = this.gridFeatures(size), offset = 0;
      modules.forEach((m, i) => {
        h = m.forward(h);
        if (!hiddenTaps.includes(i)) return;
        const width = h.shape[1], d = h.data;
        for (let c = 0; c < cells; c++) for (let j = 0; j < width; j++) neurons[offset + j * cells + c] = d[picks[c] * width + j];
        offset += width * cells;
      });
      return Float32Array.from(this.probabilities(h).data);
    });
    return { boundary, neurons, neuronSize };
  }

  get model(): Network["model"] {
    return this.net.model;
  }
}
