/**
 * `kindling train`: fit an MLP on a built-in data set or a CSV file, then save, report, plot.
 *
 * The order protects the user's work: every output path is checked before training starts,
 * the model is saved before anything else is written, and a figure that fails is a
 * warning. A loss that becomes NaN stops the run with the epoch and the likely cause.
 */
import { chooseDevice, type DeviceChoice } from "../pipeline/device.js";
import { dirname, resolve } from "node:path";
import * as kd from "../../index.js";
import { UsageError } from "../errors.js";
import { checkFigureDir, checkOutputFile, exitCleanlyOnSignals, OutputError, reasonOf } from "../outputs.js";
import { createProgress } from "../progress.js";
import { loadBuiltin, loadCsvData, type LabelledData } from "../pipeline/data.js";
import { writeTrainingFigures } from "../pipeline/figures.js";
import type { EpochRecord } from "../pipeline/history.js";
import { buildMlp, type ActivationName } from "../pipeline/model.js";
import { saveModelFile } from "../pipeline/model-file.js";
import { checkExportDir, trainingRecord, TRAINING_KEY, writePytorchProject } from "../pipeline/pytorch-export.js";
import { finalReport, type FinalReport } from "../pipeline/report.js";
import { applyScaling, fitScaling, type Affine, type ScaleName } from "../pipeline/scale.js";
import { makeLoss, outputUnits, taskFor, type LossFn, type LossName } from "../pipeline/task.js";
import { trainClassifier, type Split } from "../pipeline/train-loop.js";
import { resolveTraining, type TrainingChoice, type TrainingRequest } from "../pipeline/defaults.js";

/** Unset training options (hidden, optimizer, lr, epochs, batch size) take scikit-learn MLPClassifier's defaults. */
export interface TrainOptions extends TrainingRequest {
  /** Where the training loop runs (pipeline/device.ts); cpu unless asked. */
  device?: DeviceChoice;
  data: string;
  csv?: string;
  target?: string;
  samples: number;
  /** Whether --samples was given: a bundled table is then a seeded draw of that many rows (otherwise whole). */
  samplesGiven?: boolean;
  noise?: number;
  classes?: number;
  activation: ActivationName;
  dropout: number;
  loss: LossName | "auto";
  weightDecay: number;
  testSize: number;
  scale: ScaleName;
  out?: string;
  save?: string;
  onnx?: string;
  /** Write a PyTorch project (model.py, train.py, weights.safetensors, README.md) to this folder. */
  exportPytorch?: string;
  json: boolean;
  every: number;
  quiet: boolean;
}

export interface TrainResult {
  data: LabelledData;
  history: EpochRecord[];
  report: FinalReport;
  files: string[];
}

/** Generated data sets are held in memory three times over (data, split, scaled): beyond this, use --csv. */
const MAX_SAMPLES = 10_000_000;

/** Grouped by hand: toLocaleString would load the locale data (about 20 ms) on every run, only to check a number. */
const MAX_SAMPLES_WORDS = `a whole number from 10 to ${String(MAX_SAMPLES).replace(/\B(?=(\d{3})+$)/g, ",")} (for more, train on a --csv file)`;

function checkNumber(name: string, v: number | undefined, ok: (v: number) => boolean, expected: string): void {
  if (v === undefined) return;
  if (!Number.isFinite(v) || !ok(v)) throw new UsageError(`--${name} must be ${expected}, got ${v}`);
}

function checkOptions(o: TrainOptions): void {
  checkNumber("epochs", o.epochs, (v) => Number.isInteger(v) && v > 0, "a positive whole number");
  checkNumber("test-size", o.testSize, (v) => v > 0 && v < 1, "a fraction between 0 and 1");
  checkNumber("batch-size", o.batchSize, (v) => Number.isInteger(v) && v >= 0, "a whole number (0 = full batch)");
  checkNumber("samples", o.samples, (v) => Number.isInteger(v) && v >= 10 && v <= MAX_SAMPLES, MAX_SAMPLES_WORDS);
  checkNumber("validation-fraction", o.validationFraction, (v) => v > 0 && v < 1, "a fraction between 0 and 1");
  checkNumber("classes", o.classes, (v) => Number.isInteger(v) && v >= 2 && v <= 10_000, "a whole number from 2 to 10000");
  if (o.csv && !o.target) throw new UsageError("--csv needs --target COLUMN (the label column)");
  if (o.target && !o.csv) throw new UsageError("--target goes with --csv FILE");
  checkTrainOutputs(o);
}

/** Outputs first: a typo in a path must not cost a whole training run. */
export function checkTrainOutputs(o: Pick<TrainOptions, "out" | "save" | "onnx" | "exportPytorch">): void {
  if (o.out) checkFigureDir(o.out);
  // A model saved into the PyTorch export's folder: the export (written first) creates it.
  const saveInExport = o.save !== undefined && o.exportPytorch !== undefined && resolve(dirname(o.save)) === resolve(o.exportPytorch);
  if (o.save && !saveInExport) checkOutputFile(o.save, "save the model", "--save");
  if (o.onnx) checkOutputFile(o.onnx, "export the ONNX model", "--onnx");
  if (o.exportPytorch !== undefined) checkExportDir(o.exportPytorch);
}

/** The sizes the split makes (scikit-learn rounds the test share up); both must be usable. */
function checkSplit(n: number, testSize: number, name: string): void {
  const nTest = Math.ceil(testSize * n);
  const nTrain = n - nTest;
  if (nTrain < 2 || nTest < 1) {
    throw new UsageError(`--test-size ${testSize} leaves ${nTrain} of ${n} samples of ${name} for training and ${nTest} for testing; choose a fraction such as 0.2`);
  }
}

/** The model with its input scaling in front, as a diagonal Linear layer, so the ONNX file takes raw features. */
function withScaling(model: kd.nn.Sequential, scaling: Affine | null): kd.nn.Module {
  if (!scaling) return model;
  const f = scaling.scale.length;
  const first = new kd.nn.Linear(f, f);
  kd.noGrad(() => {
    first.weight.copy_(kd.tensor(Array.from({ length: f }, (_, i) => Array.from({ length: f }, (_, j) => (i === j ? scaling.scale[i] : 0)))));
    first.bias!.copy_(kd.tensor(scaling.offset));
  });
  return new kd.nn.Sequential(first, ...model.children());
}

function summaryOptions(o: TrainOptions, t: TrainingChoice): Record<string, unknown> {
  const source = o.csv ? { csv: o.csv, target: o.target } : { data: o.data, samples: o.samples, noise: o.noise, classes: o.classes };
  return {
    ...source,
    hidden: t.hidden, activation: o.activation, dropout: o.dropout, loss: o.loss, optimizer: t.optimizer, lr: t.lr,
    epochs: t.epochs, batchSize: t.batchSize, earlyStopping: t.earlyStopping, weightDecay: o.weightDecay, seed: o.seed,
    testSize: o.testSize, scale: o.scale, out: o.out, save: o.save, onnx: o.onnx,
  };
}

/** The training loop with its progress display (a bar on a terminal, epoch lines in a log); says why it stopped early, if it did. */
export async function trainWithProgress(
  model: kd.nn.Module, l: { loss: LossFn; prepareTarget: (y: kd.Tensor) => kd.Tensor }, split: Split, t: TrainingChoice,
  o: Pick<TrainOptions, "every" | "quiet" | "weightDecay" | "seed">, log: NodeJS.WriteStream, device: kd.Device = "cpu",
): Promise<{ history: EpochRecord[]; stopped?: string }> {
  const progress = createProgress({ epochs: t.epochs, every: o.every, stream: log, quiet: o.quiet });
  let stopped: string | undefined;
  try {
    const history = await trainClassifier(model, l.loss, l.prepareTarget, split, {
      epochs: t.epochs, lr: t.lr, optimizer: t.optimizer, batchSize: t.batchSize, weightDecay: o.weightDecay, seed: o.seed,
      stopping: t.stopping, onEpoch: (r) => progress.epoch(r), onStop: (why) => (stopped = why), device,
    });
    return { history, stopped };
  } finally {
    progress.done();
  }
}

export async function runTrain(o: TrainOptions): Promise<TrainResult> {
  checkOptions(o);
  const log = o.json ? process.stderr : process.stdout;
  const data = o.csv ? await loadCsvData(o.csv, o.target as string, log, o.quiet) : loadBuiltin(o.data, { samples: o.samples, noise: o.noise, classes: o.classes, seed: o.seed, drawRows: o.samplesGiven === true });
  checkSplit(data.X.shape[0], o.testSize, data.name);
  const numClasses = data.classNames.length;
  const task = taskFor(numClasses);
  const [Xtrain0, Xtest0, ytrain, ytest] = kd.data.trainTestSplit(data.X, data.y, { testSize: o.testSize, randomState: o.seed }) as kd.Tensor[];
  const scaling = fitScaling(o.scale, Xtrain0);
  // The ONNX export's example input, in the file's units.
  const sample = Xtest0.slice([0, 1]);
  // The split's rows are this run's own copies: unless the figures plot them in the
  // file's units, they are scaled where they lie (a million rows: 80 MB and a pass saved).
  const keepRaw = o.out !== undefined;
  const Xtest = applyScaling(scaling, Xtest0, !keepRaw);
  const t = resolveTraining(o, applyScaling(scaling, Xtrain0, !keepRaw), ytrain);

  kd.manualSeed(o.seed);
  const spec = { inFeatures: data.X.shape[1], hidden: t.hidden, outFeatures: outputUnits(task, numClasses), activation: o.activation, dropout: o.dropout };
  const model = buildMlp(spec);
  const { loss, prepareTarget, name: lossName } = makeLoss(o.loss, task, numClasses);

  const say = (s: string): void => {
    if (!o.quiet) log.write(`${s}\n`);
  };
  say(`Data: ${data.name} — ${data.X.shape[0]} samples, ${data.X.shape[1]} features, ${numClasses} classes (${task}); train ${t.Xtrain.shape[0]}${t.validation ? ` (+ ${t.validation.X.shape[0]} validation)` : ""} / test ${Xtest.shape[0]}`);
  say(`Model: ${model.toString()}`);
  say(`Loss: ${lossName}; ${t.description}`);
  const device = await chooseDevice(o.device ?? "cpu", model, t.batchSize && t.batchSize > 0 ? Math.min(t.batchSize, t.Xtrain.shape[0]) : t.Xtrain.shape[0], say);
  const { history, stopped } = await trainWithProgress(model, { loss, prepareTarget }, { Xtrain: t.Xtrain, ytrain: t.ytrain, Xtest, ytest }, t, o, log, device);
  if (stopped) say(stopped);

  // From here on the run's work exists: a signal waits for the write in progress, then exits.
  const files: string[] = [];
  const restore = exitCleanlyOnSignals(() => (files.length > 0 ? `wrote ${files.join(", ")} before stopping` : "nothing was written"));
  try {
    const card = { featureNames: data.featureNames, classNames: data.classNames, task, scaling, dataset: data.name };
    // What the PyTorch project repeats: the choices made, and the epochs actually run.
    const record = trainingRecord({
      ...o, loss: lossName, optimizer: t.optimizer, lr: t.lr, epochs: history.length, batchSize: t.batchSize,
    }, data);
    // The export first: it wants an empty folder, and --save may point into it.
    if (o.exportPytorch !== undefined) {
      try {
        for (const f of await writePytorchProject(o.exportPytorch, { model, card, record })) files.push(f);
      } catch (e) {
        throw new OutputError(`cannot write the PyTorch project to ${o.exportPytorch}: ${reasonOf(e)}`);
      }
    }
    if (o.save) {
      try {
        files.push(await saveModelFile(o.save, model, card, { [TRAINING_KEY]: JSON.stringify(record) }));
      } catch (e) {
        throw new OutputError(`cannot save the model to ${o.save}: ${reasonOf(e)}`);
      }
    }
    if (o.onnx) {
      try {
        kd.io.exportOnnx(withScaling(model, scaling), sample, o.onnx, { metadata: { classNames: JSON.stringify(data.classNames), featureNames: JSON.stringify(data.featureNames) } });
        files.push(o.onnx);
      } catch (e) {
        throw new OutputError(`cannot export the ONNX model to ${o.onnx}: ${reasonOf(e)}${files.length ? ` (the model was saved to ${files[0]})` : ""}`);
      }
    }
    const report = finalReport(model, Xtest, ytest, data.classNames);
    const last = history[history.length - 1];
    if (o.quiet && !o.json) process.stdout.write(`test accuracy ${kd.format(report.accuracy, ".2%")} (test loss ${kd.format(last.testLoss, ".5f")}, ${history.length} epochs)\n`);
    say(`\n${report.text}`);
    const warnings: string[] = [];
    if (o.out) {
      const figs = await writeTrainingFigures(o.out, { model, history, report, Xtrain: Xtrain0, ytrain, Xtest: Xtest0, ytest, scaling, data, title: data.name });
      for (const f of figs.files) files.push(f);
      for (const w of figs.warnings) warnings.push(w);
    }
    for (const f of files) say(`wrote ${f}`);
    for (const w of warnings) process.stderr.write(`kindling: warning: ${w}\n`);
    if (o.json) {
      const summary = {
        dataset: data.name,
        options: summaryOptions(o, t),
        task,
        numClasses,
        classNames: data.classNames,
        featureNames: data.featureNames,
        history,
        stopped: stopped ?? null,
        trainLoss: last.trainLoss,
        testLoss: last.testLoss,
        trainAccuracy: last.trainAccuracy,
        testAccuracy: last.testAccuracy,
        perClass: report.perClass,
        confusionMatrix: report.confusionMatrix,
        files,
        warnings,
      };
      process.stdout.write(JSON.stringify(summary) + "\n");
    }
    return { data, history, report, files };
  } finally {
    restore();
  }
}
