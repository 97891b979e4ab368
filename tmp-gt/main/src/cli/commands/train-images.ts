/**
 * `kindling train` on images: Fashion-MNIST (`--data fashion-mnist`), scikit-learn's
 * digits as 8×8 images (`--data digits --model tinyvgg`) or a folder per class
 * (`--images DIR`), with TinyVGG (`--model tinyvgg`, learnpytorch chapter 03's network
 * and training: SGD at 0.1, batches of 32, 3 epochs, unless given) or the multi-layer
 * perceptron on the flattened pixels (`--model mlp`, the same defaults as on tables).
 * The same order as tabular training: outputs checked first, the model saved before the
 * report and the figures (loss curves, the confusion matrix with class names, and a
 * grid of test images with their predicted and true classes).
 */
import * as kd from "../../index.js";
import { UsageError } from "../errors.js";
import { exitCleanlyOnSignals, OutputError, reasonOf } from "../outputs.js";
import { resolveTraining } from "../pipeline/defaults.js";
import { writeTrainingFigures } from "../pipeline/figures.js";
import { loadImageData, type ModelName } from "../pipeline/images.js";
import { buildMlp } from "../pipeline/model.js";
import { saveModelFile } from "../pipeline/model-file.js";
import { finalReport } from "../pipeline/report.js";
import { makeLoss, outputUnits, taskFor } from "../pipeline/task.js";
import { checkTrainOutputs, trainWithProgress, type TrainOptions, type TrainResult } from "./train.js";

export interface ImageTrainOptions extends Omit<TrainOptions, "samples"> {
  model: ModelName;
  images?: string;
  samples?: number;
}

/** learnpytorch chapter 03's training of TinyVGG, for the options not given. */
const TINYVGG = { hidden: "10", optimizer: "sgd", lr: 0.1, batchSize: 32, epochs: 3 } as const satisfies Partial<TrainOptions>;

/** Test images drawn in the predictions figure (chapter 03 draws 9, in a 3 × 3 grid). */
const SHOWN = 9;

export async function runTrainImages(o: ImageTrainOptions): Promise<TrainResult> {
  if (o.csv) throw new UsageError("--csv trains on a table; for images use --data fashion-mnist or --images DIR");
  if (o.exportPytorch !== undefined) throw new UsageError("--export-pytorch writes projects for tabular models only; save the image model with --save (PyTorch loads it) or --onnx");
  if (o.samples !== undefined && (!Number.isInteger(o.samples) || o.samples < 10)) throw new UsageError(`--samples must be a whole number of at least 10, got ${o.samples}`);
  checkTrainOutputs(o);
  const log = o.json ? process.stderr : process.stdout;
  const say = (s: string): void => {
    if (!o.quiet) log.write(`${s}\n`);
  };
  const data = loadImageData(o);
  const [c, h, w] = data.shape;
  const numClasses = data.classNames.length;
  const task = taskFor(numClasses);
  const tiny = o.model === "tinyvgg";
  const defaulted = tiny ? (Object.keys(TINYVGG) as (keyof typeof TINYVGG)[]).filter((k) => o[k] === undefined) : [];
  // The learning rate follows the optimizer (0.1 for SGD), as resolveTraining picks it.
  const request = tiny
    ? { ...o, hidden: o.hidden ?? TINYVGG.hidden, optimizer: o.optimizer ?? TINYVGG.optimizer, batchSize: o.batchSize ?? TINYVGG.batchSize, epochs: o.epochs ?? TINYVGG.epochs }
    : o;
  const t = resolveTraining(request, data.Xtrain, data.ytrain);

  kd.manualSeed(o.seed);
  const outputs = outputUnits(task, numClasses);
  let model: kd.nn.Sequential;
  if (tiny) {
    if (t.hidden.length !== 1) throw new UsageError(`--model tinyvgg takes one --hidden value, the channels of its convolutions (default 10), got '${o.hidden}'`);
    if (h < 4 || w < 4) throw new UsageError(`TinyVGG pools twice by 2×2: the images must be at least 4×4 pixels, not ${w}×${h}`);
    model = kd.nn.tinyVGG(c, outputs, { hidden: t.hidden[0], imageSize: [h, w] });
  } else {
    const mlp = buildMlp({ inFeatures: c * h * w, hidden: t.hidden, outFeatures: outputs, activation: o.activation, dropout: o.dropout });
    model = new kd.nn.Sequential(new kd.nn.Flatten(), ...mlp.children());
  }
  const { loss, prepareTarget, name: lossName } = makeLoss(o.loss, task, numClasses);
  say(`Data: ${data.name} — ${data.Xtrain.shape[0] + data.Xtest.shape[0]} images of ${c}×${h}×${w}, ${numClasses} classes; ` +
    `train ${t.Xtrain.shape[0]}${t.validation ? ` (+ ${t.validation.X.shape[0]} validation)` : ""} / test ${data.Xtest.shape[0]} (${data.note}); pixels scaled to [0, 1]`);
  say(`Model: ${model.toString()}`);
  const chapter = defaulted.length > 0 ? ` (learnpytorch chapter 03's TinyVGG training for ${defaulted.map((k) => `--${k === "batchSize" ? "batch-size" : k}`).join(", ")})` : "";
  const what = tiny ? t.description.replace(/^hidden (\d+)/, "$1 channels").replace(/ \(defaults as scikit-learn's MLPClassifier for [^)]*\)$/, "") : t.description;
  say(`Loss: ${lossName}; ${what}${chapter}`);

  const split = { Xtrain: t.Xtrain, ytrain: t.ytrain, Xtest: data.Xtest, ytest: data.ytest };
  const { history, stopped } = await trainWithProgress(model, { loss, prepareTarget }, split, t, o, log);
  if (stopped) say(stopped);

  const files: string[] = [];
  const restore = exitCleanlyOnSignals(() => (files.length > 0 ? `wrote ${files.join(", ")} before stopping` : "nothing was written"));
  try {
    const card = { featureNames: [], inputShape: [...data.shape], classNames: data.classNames, task, scaling: null, dataset: data.name };
    if (o.save) {
      try {
        files.push(await saveModelFile(o.save, model, card));
      } catch (e) {
        throw new OutputError(`cannot save the model to ${o.save}: ${reasonOf(e)}`);
      }
    }
    if (o.onnx) {
      try {
        kd.io.exportOnnx(model, data.Xtest.slice([0, 1]), o.onnx, { metadata: { classNames: JSON.stringify(data.classNames), inputShape: JSON.stringify(data.shape) } });
        files.push(o.onnx);
      } catch (e) {
        throw new OutputError(`cannot export the ONNX model to ${o.onnx}: ${reasonOf(e)}${files.length ? ` (the model was saved to ${files[0]})` : ""}`);
      }
    }
    const report = finalReport(model, data.Xtest, data.ytest, data.classNames);
    const last = history[history.length - 1];
    if (o.quiet && !o.json) process.stdout.write(`test accuracy ${kd.format(report.accuracy, ".2%")} (test loss ${kd.format(last.testLoss, ".5f")}, ${history.length} epochs)\n`);
    say(`\n${report.text}`);
    const warnings: string[] = [];
    if (o.out) {
      // Test images picked at random (by --seed), as the chapter picks its nine.
      const n = data.Xtest.shape[0];
      const pick = kd.randperm(n, { generator: new kd.Generator().manualSeed(o.seed) }).slice([0, Math.min(SHOWN, n)]);
      const shown = { X: data.Xtest.indexSelect(0, pick), labels: data.ytest.indexSelect(0, pick), predictions: report.predictions.indexSelect(0, pick) };
      const labelled = { name: data.name, X: data.Xtest, y: data.ytest, featureNames: [], classNames: data.classNames };
      const figs = await writeTrainingFigures(o.out, {
        model, history, report, Xtrain: data.Xtrain, ytrain: data.ytrain, Xtest: data.Xtest, ytest: data.ytest, data: labelled, title: data.name, images: shown,
      });
      for (const f of figs.files) files.push(f);
      for (const wn of figs.warnings) warnings.push(wn);
    }
    for (const f of files) say(`wrote ${f}`);
    for (const wn of warnings) process.stderr.write(`kindling: warning: ${wn}\n`);
    if (o.json) {
      process.stdout.write(JSON.stringify({
        dataset: data.name, model: o.model, inputShape: data.shape, task, numClasses, classNames: data.classNames,
        options: { optimizer: t.optimizer, lr: t.lr, epochs: t.epochs, batchSize: t.batchSize, hidden: t.hidden, seed: o.seed },
        history, stopped: stopped ?? null, trainLoss: last.trainLoss, testLoss: last.testLoss, trainAccuracy: last.trainAccuracy,
        testAccuracy: last.testAccuracy, perClass: report.perClass, confusionMatrix: report.confusionMatrix, files, warnings,
      }) + "\n");
    }
    return { data: { name: data.name, X: data.Xtest, y: data.ytest, featureNames: [], classNames: data.classNames }, history, report, files };
  } finally {
    restore();
  }
}
