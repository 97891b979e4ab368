/**
 * The figures a run writes, each as SVG and PNG: data, decision boundaries, curves,
 * confusion matrix, ROC. Figures come last, after the model is saved, and one that fails
 * is a warning naming the figure and the cause: a figure is never worth a trained model.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import * as kd from "../../index.js";
import type { Figure } from "../../plot/index.js";
import { svgToPng } from "../../plot/png.js";
import { OutputError, reasonOf, writeOutput } from "../outputs.js";
import type { LabelledData } from "./data.js";
import type { EpochRecord } from "./history.js";
import type { FinalReport } from "./report.js";
import { applyScaling, type Affine } from "./scale.js";

export interface TrainingFigureInputs {
  model: kd.nn.Module;
  history: readonly EpochRecord[];
  report: FinalReport;
  /** The splits in the data's own units (before scaling), so the axes read as the data does. */
  Xtrain: kd.Tensor;
  ytrain: kd.Tensor;
  Xtest: kd.Tensor;
  ytest: kd.Tensor;
  /** The scaling the model expects in front of it (null: none). */
  scaling?: Affine | null;
  data: LabelledData;
  title: string;
  /** File-name prefix, so several runs can share one folder. */
  prefix?: string;
  /** For image data: test images ([N, C, H, W] in [0, 1]) drawn with their predicted and true classes. */
  images?: { X: kd.Tensor; labels: kd.Tensor; predictions: kd.Tensor };
}

export interface FigureFiles {
  files: string[];
  /** One line per figure that could not be drawn or written. */
  warnings: string[];
}

function makeDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new OutputError(`cannot write figures to ${dir}: ${reasonOf(e)}`);
  }
}

/** Renders once to SVG, rasterises that SVG for the PNG; both written through temp files. */
async function writeBoth(dir: string, name: string, fig: Figure): Promise<string[]> {
  makeDir(dir);
  const svgPath = join(dir, `${name}.svg`);
  const pngPath = join(dir, `${name}.png`);
  const svg = await fig.toSVG();
  writeOutput(svgPath, svg, "a figure");
  writeOutput(pngPath, await svgToPng(svg), "a figure");
  return [svgPath, pngPath];
}

/** Builds and writes one figure; a failure becomes a warning (the other figures still come). */
async function attempt(out: FigureFiles, what: string, dir: string, name: string, build: () => Figure): Promise<void> {
  try {
    for (const f of await writeBoth(dir, name, build())) out.files.push(f);
  } catch (e) {
    out.warnings.push(`could not write the ${what} figure (${join(dir, name)}.svg/.png): ${e instanceof OutputError ? e.message : reasonOf(e)}`);
  }
}

export async function writeScatter(dir: string, data: LabelledData, name: string, title: string): Promise<string[]> {
  const fig = kd.plot.scatter(data.X, data.y, { title, featureNames: [data.featureNames[0], data.featureNames[1]], classNames: data.classNames });
  return writeBoth(dir, name, fig);
}

export async function writeTrainingFigures(dir: string, f: TrainingFigureInputs): Promise<FigureFiles> {
  const p = f.prefix ? `${f.prefix}-` : "";
  const out: FigureFiles = { files: [], warnings: [] };
  const names = f.data.featureNames;
  if (f.Xtrain.ndim === 2 && f.Xtrain.shape[1] === 2) {
    // The model sees scaled inputs; the figure shows the data's own units.
    const scaling = f.scaling ?? null;
    const predictor = (x: kd.Tensor): kd.Tensor => f.model.forward(applyScaling(scaling, x));
    await attempt(out, "decision boundary", dir, `${p}decision-boundary`, () => kd.plot.plotDecisionBoundaries(
      { Train: [f.Xtrain, f.ytrain], Test: [f.Xtest, f.ytest] },
      predictor,
      { title: f.title, featureNames: [names[0], names[1]], classNames: f.data.classNames },
    ));
  }
  await attempt(out, "loss curves", dir, `${p}curves`, () => kd.plot.plotLossCurves(
    f.history.map((r) => ({ epoch: r.epoch, trainLoss: r.trainLoss, testLoss: r.testLoss, trainAcc: r.trainAccuracy, testAcc: r.testAccuracy })),
    { title: `${f.title}: loss and accuracy` },
  ));
  await attempt(out, "confusion matrix", dir, `${p}confusion-matrix`, () =>
    kd.plot.plotConfusionMatrix(f.report.confusionMatrix, { title: `${f.title}: confusion matrix (test set)`, classNames: f.data.classNames }));
  const images = f.images;
  if (images) {
    await attempt(out, "predictions", dir, `${p}predictions`, () => kd.plot.plotImages(images.X, {
      labels: images.labels, predictions: images.predictions, classNames: f.data.classNames, title: `${f.title}: predictions on test images`,
    }));
  }
  await attempt(out, "ROC", dir, `${p}roc`, () =>
    kd.plot.plotRocCurve(f.report.probabilities, f.ytest, { title: `${f.title}: ROC curve (test set)`, classNames: f.data.classNames }));
  return out;
}
