/**
 * `kindling demo`: the tutorial's story in one run on built-in data —
 * circles with a linear model (stuck near 50 %), the same data with ReLU layers
 * (learns it), then four blobs with a multi-class model (about 99 %).
 */
import * as kd from "../../index.js";
import { writeScatter, writeTrainingFigures } from "../pipeline/figures.js";
import type { LabelledData } from "../pipeline/data.js";
import { loadBuiltin } from "../pipeline/data.js";
import { buildMlp, type MlpSpec } from "../pipeline/model.js";
import { finalReport } from "../pipeline/report.js";
import { makeLoss, outputUnits, taskFor } from "../pipeline/task.js";
import { trainClassifier } from "../pipeline/train-loop.js";
import { checkFigureDir } from "../outputs.js";
import { epochLine } from "../progress.js";

export interface DemoOptions {
  out: string;
  figures: boolean;
  quick: boolean;
}

interface Chapter {
  title: string;
  slug: string;
  data: LabelledData;
  spec: Omit<MlpSpec, "inFeatures" | "outFeatures">;
  epochs: number;
  every: number;
}

const say = (s = ""): void => {
  process.stdout.write(s + "\n");
};

async function runChapter(c: Chapter, opts: DemoOptions): Promise<number> {
  say(`\n== ${c.title} ==`);
  const [Xtrain, Xtest, ytrain, ytest] = kd.data.trainTestSplit(c.data.X, c.data.y, { testSize: 0.2, randomState: 42 }) as kd.Tensor[];
  const k = c.data.classNames.length;
  const task = taskFor(k);
  kd.manualSeed(42);
  const model = buildMlp({ ...c.spec, inFeatures: c.data.X.shape[1], outFeatures: outputUnits(task, k) });
  say(model.toString());
  const { loss, prepareTarget } = makeLoss("auto", task, k);
  const history = await trainClassifier(model, loss, prepareTarget, { Xtrain, ytrain, Xtest, ytest }, {
    epochs: c.epochs, lr: 0.1, optimizer: "sgd", seed: 42,
    onEpoch: (r) => {
      if (r.epoch % c.every === 0 || r.epoch === c.epochs - 1) say(epochLine(r));
    },
  });
  const report = finalReport(model, Xtest, ytest, c.data.classNames);
  say();
  say(report.text);
  if (opts.figures) {
    const { files, warnings } = await writeTrainingFigures(opts.out, { model, history, report, Xtrain, ytrain, Xtest, ytest, data: c.data, title: c.title, prefix: c.slug });
    for (const f of files) say(`wrote ${f}`);
    for (const w of warnings) process.stderr.write(`kindling: warning: ${w}\n`);
  }
  return report.accuracy;
}

export async function runDemo(opts: DemoOptions): Promise<void> {
  const circles = loadBuiltin("circles", { samples: 1000, noise: 0.03, seed: 42 });
  say("Kindling demo — the PyTorch classification tutorial, in TypeScript.");
  say(`\nmake_circles(1000, noise=0.03, random_state=42): X ${JSON.stringify(circles.X.shape)}, y ${JSON.stringify(circles.y.shape)}`);
  say(`First 5 X features:\n${circles.X.slice([0, 5]).toString()}`);
  say(`First 5 y labels:\n${circles.y.slice([0, 5]).toString()}`);
  if (opts.figures) {
    checkFigureDir(opts.out);
    for (const f of await writeScatter(opts.out, circles, "circles-data", "make_circles: 1000 samples, noise 0.03")) say(`wrote ${f}`);
  }

  const scale = opts.quick ? 0.2 : 1;
  const linearAcc = await runChapter({
    title: "Circles, linear model 2-5-1 (no activation): a straight line cannot separate rings",
    slug: "circles-linear", data: circles, spec: { hidden: [5], activation: "none", dropout: 0 }, epochs: Math.round(100 * scale) || 1, every: 10,
  }, opts);
  const reluAcc = await runChapter({
    title: "Circles, non-linear model 2-10-10-1 with ReLU",
    slug: "circles-relu", data: circles, spec: { hidden: [10, 10], activation: "relu", dropout: 0 }, epochs: Math.round(1000 * scale), every: 100,
  }, opts);
  const blobs = loadBuiltin("blobs", { samples: 1000, noise: 1.5, classes: 4, seed: 42 });
  const blobAcc = await runChapter({
    title: "Blobs, multi-class model 2-8-8-4",
    slug: "blobs", data: blobs, spec: { hidden: [8, 8], activation: "none", dropout: 0 }, epochs: Math.round(100 * scale), every: 10,
  }, opts);

  say("\n== Summary (test accuracy) ==");
  say(`linear model on circles:  ${kd.format(linearAcc, ".2%")}`);
  say(`ReLU model on circles:    ${kd.format(reluAcc, ".2%")}`);
  say(`multi-class on blobs:     ${kd.format(blobAcc, ".2%")}`);
  if (opts.figures) say(`\nFigures are in ${opts.out}/`);
}
