/** The figures a run writes, each as SVG and PNG: data, decision boundaries, curves, confusion matrix, ROC. */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import * as kd from "../../index.js";
import type { Figure } from "../../plot/index.js";
import type { LabelledData } from "./data.js";
import type { EpochRecord } from "./history.js";
import type { FinalReport } from "./report.js";

export interface TrainingFigureInputs {
  model: kd.nn.Module;
  history: readonly EpochRecord[];
  report: FinalReport;
  Xtrain: kd.Tensor;
  ytrain: kd.Tensor;
  Xtest: kd.Tensor;
  ytest: kd.Tensor;
  data: LabelledData;
  title: string;
  /** File-name prefix, so several runs can share one folder. */
  prefix?: string;
}

async function writeBoth(dir: string, name: string, fig: Figure): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const svg = join(dir, `${name}.svg`);
  const png = join(dir, `${name}.png`);
  await fig.save(svg);
  await fig.save(png);
  return [svg, png];
}

export async function writeScatter(dir: string, data: LabelledData, name: string, title: string): Promise<string> {
  const fig = kd.plot.scatter(data.X, data.y, { title, featureNames: [data.featureNames[0], data.featureNames[1]], classNames: data.classNames });
  const [, png] = await writeBoth(dir, name, fig);
  return png;
}

export async function writeTrainingFigures(dir: string, f: TrainingFigureInputs): Promise<string[]> {
  const p = f.prefix ? `${f.prefix}-` : "";
  const files: string[] = [];
  const names = f.data.featureNames;
  if (f.Xtrain.shape[1] === 2) {
    const boundary = kd.plot.plotDecisionBoundaries({ Train: [f.Xtrain, f.ytrain], Test: [f.Xtest, f.ytest] }, f.model, {
      title: f.title,
      featureNames: [names[0], names[1]],
      classNames: f.data.classNames,
    });
    files.push(...(await writeBoth(dir, `${p}decision-boundary`, boundary)));
  }
  const curves = kd.plot.plotLossCurves(
    f.history.map((r) => ({ epoch: r.epoch, trainLoss: r.trainLoss, testLoss: r.testLoss, trainAcc: r.trainAccuracy, testAcc: r.testAccuracy })),
    { title: `${f.title}: loss and accuracy` },
  );
  files.push(...(await writeBoth(dir, `${p}curves`, curves)));
  const cm = kd.plot.plotConfusionMatrix(f.report.confusionMatrix, { title: `${f.title}: confusion matrix (test set)`, classNames: f.data.classNames });
  files.push(...(await writeBoth(dir, `${p}confusion-matrix`, cm)));
  const roc = kd.plot.plotRocCurve(f.report.probabilities, f.ytest, { title: `${f.title}: ROC curve (test set)`, classNames: f.data.classNames });
  files.push(...(await writeBoth(dir, `${p}roc`, roc)));
  return files;
}
