/** `kindling train`: fit an MLP on a built-in data set or a CSV file, report, plot, save. */
import * as kd from "../../index.js";
import { UsageError } from "../errors.js";
import { createProgress } from "../progress.js";
import { loadBuiltin, loadCsvData, type LabelledData } from "../pipeline/data.js";
import { writeTrainingFigures } from "../pipeline/figures.js";
import type { EpochRecord } from "../pipeline/history.js";
import { buildMlp, parseHidden, type ActivationName } from "../pipeline/model.js";
import { saveModelFile } from "../pipeline/model-file.js";
import { checkExportDir, trainingRecord, TRAINING_KEY, writePytorchProject } from "../pipeline/pytorch-export.js";
import { finalReport, type FinalReport } from "../pipeline/report.js";
import { applyScaling, fitScaling, type ScaleName } from "../pipeline/scale.js";
import { makeLoss, outputUnits, taskFor, type LossName } from "../pipeline/task.js";
import { trainClassifier, type OptimizerName } from "../pipeline/train-loop.js";

export interface TrainOptions {
  data: string;
  csv?: string;
  target?: string;
  samples: number;
  noise?: number;
  classes?: number;
  hidden: string;
  activation: ActivationName;
  dropout: number;
  loss: LossName | "auto";
  optimizer: OptimizerName;
  lr: number;
  epochs: number;
  batchSize: number;
  weightDecay: number;
  seed: number;
  testSize: number;
  scale: ScaleName;
  out?: string;
  save?: string;
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

function checkNumber(name: string, v: number, ok: (v: number) => boolean, expected: string): void {
  if (!Number.isFinite(v) || !ok(v)) throw new UsageError(`--${name} must be ${expected}, got ${v}`);
}

export async function runTrain(o: TrainOptions): Promise<TrainResult> {
  checkNumber("epochs", o.epochs, (v) => Number.isInteger(v) && v > 0, "a positive whole number");
  checkNumber("test-size", o.testSize, (v) => v > 0 && v < 1, "a fraction between 0 and 1");
  checkNumber("batch-size", o.batchSize, (v) => Number.isInteger(v) && v >= 0, "a whole number (0 = full batch)");
  checkNumber("samples", o.samples, (v) => Number.isInteger(v) && v >= 10, "a whole number of at least 10");
  if (o.csv && !o.target) throw new UsageError("--csv needs --target COLUMN (the label column)");
  if (o.target && !o.csv) throw new UsageError("--target goes with --csv FILE");
  if (o.exportPytorch !== undefined) checkExportDir(o.exportPytorch);

  const log = o.json ? process.stderr : process.stdout;
  const data = o.csv ? await loadCsvData(o.csv, o.target as string, log, o.quiet) : loadBuiltin(o.data, { samples: o.samples, noise: o.noise, classes: o.classes, seed: o.seed });
  const numClasses = data.classNames.length;
  const task = taskFor(numClasses);
  const [Xtrain0, Xtest0, ytrain, ytest] = kd.data.trainTestSplit(data.X, data.y, { testSize: o.testSize, randomState: o.seed }) as kd.Tensor[];
  const scaling = fitScaling(o.scale, Xtrain0);
  const Xtrain = applyScaling(scaling, Xtrain0);
  const Xtest = applyScaling(scaling, Xtest0);

  kd.manualSeed(o.seed);
  const spec = { inFeatures: data.X.shape[1], hidden: parseHidden(o.hidden), outFeatures: outputUnits(task, numClasses), activation: o.activation, dropout: o.dropout };
  const model = buildMlp(spec);
  const { loss, prepareTarget, name: lossName } = makeLoss(o.loss, task, numClasses);

  if (!o.quiet) {
    log.write(`Data: ${data.name} — ${data.X.shape[0]} samples, ${data.X.shape[1]} features, ${numClasses} classes (${task}); train ${Xtrain.shape[0]} / test ${Xtest.shape[0]}\n`);
    log.write(`Model: ${model.toString()}\n`);
    log.write(`Loss: ${lossName}, optimizer: ${o.optimizer} (lr ${o.lr}), epochs: ${o.epochs}, batch size: ${o.batchSize || "full"}\n`);
  }
  const progress = createProgress({ epochs: o.epochs, every: o.every, stream: log, quiet: o.quiet });
  const history = trainClassifier(model, loss, prepareTarget, { Xtrain, ytrain, Xtest, ytest }, {
    epochs: o.epochs, lr: o.lr, optimizer: o.optimizer, batchSize: o.batchSize, weightDecay: o.weightDecay, seed: o.seed,
    onEpoch: (r) => progress.epoch(r),
  });
  progress.done();

  const report = finalReport(model, Xtest, ytest, data.classNames);
  const files: string[] = [];
  if (o.out) {
    files.push(...(await writeTrainingFigures(o.out, { model, history, report, Xtrain, ytrain, Xtest, ytest, data, title: data.name })));
  }
  const card = { featureNames: data.featureNames, classNames: data.classNames, task, scaling, dataset: data.name };
  const record = trainingRecord({ ...o, loss: lossName }, data);
  // The export first: it wants an empty folder, and --save may point into it.
  if (o.exportPytorch !== undefined) files.push(...(await writePytorchProject(o.exportPytorch, { model, card, record })));
  if (o.save) files.push(await saveModelFile(o.save, model, card, { [TRAINING_KEY]: JSON.stringify(record) }));
  if (!o.quiet) {
    log.write(`\n${report.text}\n`);
    for (const f of files) log.write(`wrote ${f}\n`);
  }
  if (o.json) {
    const last = history[history.length - 1];
    const summary = {
      dataset: data.name,
      options: { ...o },
      task,
      numClasses,
      classNames: data.classNames,
      featureNames: data.featureNames,
      history,
      trainLoss: last.trainLoss,
      testLoss: last.testLoss,
      trainAccuracy: last.trainAccuracy,
      testAccuracy: last.testAccuracy,
      perClass: report.perClass,
      confusionMatrix: report.confusionMatrix,
      files,
    };
    process.stdout.write(JSON.stringify(summary) + "\n");
  }
  return { data, history, report, files };
}
