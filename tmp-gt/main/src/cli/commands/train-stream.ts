/**
 * `kindling train --csv FILE --target COL --stream`: the train command on a file read a
 * chunk at a time (see pipeline/stream-train.ts), in bounded memory. The same model,
 * loss, optimizer and outputs as `train`, except figures, which need the data in memory.
 */
import * as kd from "../../index.js";
import { UsageError } from "../errors.js";
import { createProgress } from "../progress.js";
import { DEFAULTS } from "../pipeline/defaults.js";
import { buildMlp, parseHidden } from "../pipeline/model.js";
import { saveModelFile } from "../pipeline/model-file.js";
import { reportFromLabels } from "../pipeline/report.js";
import { prepareStream, trainStream } from "../pipeline/stream-train.js";
import { makeLoss, outputUnits, taskFor } from "../pipeline/task.js";
import type { TrainOptions } from "./train.js";

export async function runTrainStream(o: TrainOptions): Promise<void> {
  if (!o.csv || !o.target) throw new UsageError("--stream trains on a file: give --csv FILE --target COLUMN");
  if (o.out) throw new UsageError("--stream cannot draw figures (--out): they need the data in memory; leave out --out, or --stream");
  if (!(o.testSize > 0 && o.testSize < 1)) throw new UsageError(`--test-size must be a fraction between 0 and 1, got ${o.testSize}`);
  // scikit-learn's MLPClassifier defaults, as `train` takes them, except the epochs: each
  // reads the whole file, so a streamed run says how many it wants.
  if (o.epochs === undefined) throw new UsageError("--stream needs --epochs N: each epoch reads the whole file once");
  const epochs = o.epochs;
  const batchSize = o.batchSize ?? DEFAULTS.maxBatch;
  const optimizer = o.optimizer ?? DEFAULTS.optimizer;
  const lr = o.lr ?? (optimizer === "sgd" ? DEFAULTS.lrSgd : DEFAULTS.lrAdam);
  if (!Number.isInteger(epochs) || epochs < 1) throw new UsageError(`--epochs must be a positive whole number, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError(`--stream needs a --batch-size of at least 1 (the whole file is never one batch), got ${batchSize}`);
  const log = o.json ? process.stderr : process.stdout;
  const data = prepareStream({ path: o.csv, target: o.target, seed: o.seed, testSize: o.testSize, scale: o.scale, batchSize, log, quiet: o.quiet });
  const numClasses = data.classNames.length;
  if (data.trainRows === 0 || data.testRows === 0) {
    throw new UsageError(`${o.csv} has ${data.trainRows + data.testRows} rows: too few to split into training and test rows with --test-size ${o.testSize}`);
  }
  const task = taskFor(numClasses);
  kd.manualSeed(o.seed);
  const model = buildMlp({ inFeatures: data.featureNames.length, hidden: parseHidden(o.hidden ?? DEFAULTS.hidden), outFeatures: outputUnits(task, numClasses), activation: o.activation, dropout: o.dropout });
  const { loss, prepareTarget, name: lossName } = makeLoss(o.loss, task, numClasses);
  if (!o.quiet) {
    log.write(`Data: ${o.csv} (streamed) — ${data.trainRows + data.testRows} samples, ${data.featureNames.length} features, ${numClasses} classes (${task}); train ${data.trainRows} / test ${data.testRows}\n`);
    log.write(`Model: ${model.toString()}\n`);
    log.write(`Loss: ${lossName}, optimizer: ${optimizer} (lr ${lr}), epochs: ${epochs}, batch size: ${batchSize}\n`);
  }
  // Plain epoch lines: a byte bar per pass already shows progress on a terminal.
  const progress = createProgress({ epochs, every: o.every, stream: log, quiet: o.quiet, plain: true });
  const { history, yTest, predTest } = trainStream(model, loss, prepareTarget, data, {
    epochs, lr, optimizer, batchSize, weightDecay: o.weightDecay, onEpoch: (r) => progress.epoch(r),
  });
  progress.done();
  const report = reportFromLabels(yTest, predTest, kd.zeros([0, numClasses]), data.classNames);
  const files: string[] = [];
  if (o.save) {
    files.push(await saveModelFile(o.save, model, { featureNames: data.featureNames, classNames: data.classNames, task, scaling: data.scaling, dataset: o.csv }));
  }
  if (!o.quiet) {
    log.write(`\n${report.text}\n`);
    for (const f of files) log.write(`wrote ${f}\n`);
  }
  if (o.json) {
    const last = history[history.length - 1];
    process.stdout.write(JSON.stringify({
      dataset: o.csv, options: { ...o }, task, numClasses, classNames: data.classNames, featureNames: data.featureNames, history,
      trainLoss: last.trainLoss, testLoss: last.testLoss, trainAccuracy: last.trainAccuracy, testAccuracy: last.testAccuracy,
      perClass: report.perClass, confusionMatrix: report.confusionMatrix, files,
    }) + "\n");
  }
}
