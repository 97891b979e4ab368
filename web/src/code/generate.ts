/**
 * "Show code": a TypeScript program, on Kindling's public API only, that trains the same
 * model on the same data as the page and prints the same losses and accuracies. It
 * follows engine/session.ts step by step (same calls, same order, same seeds), which is
 * what makes its numbers the page's; the browser test runs it in Node to check.
 */
import type { Config, DatasetName } from "../state/config.js";
import { activationsOf, outputUnits, problemOf } from "../state/config.js";
import { FEATURE_TEXT } from "../state/feature-text.js";
import type { CsvSummary } from "../data/csv-table.js";
import syntheticSource from "../data/synthetic.ts?raw";
import stoppingSource from "../engine/stopping.ts?raw";
import { hasStops } from "../engine/stopping.js";
import { extractFunctions } from "./snippets.js";

export interface CodeInput {
  config: Config;
  /** Epochs to train: the page's current epoch, so the printed result is the page's. */
  epochs: number;
  nClasses: number;
  /** For an uploaded CSV: its text and the columns the page chose. */
  csv: { text: string; summary: CsvSummary } | null;
}

/** Kindling's class for each activation, which is also PyTorch's (same name, same defaults). */
export const ACTIVATION_CLASS: Record<Config["activation"], string | null> = {
  relu: "ReLU", tanh: "Tanh", sigmoid: "Sigmoid", leakyrelu: "LeakyReLU", gelu: "GELU",
  elu: "ELU", selu: "SELU", silu: "SiLU", mish: "Mish", softplus: "Softplus", hardtanh: "Hardtanh",
  softsign: "Softsign", logsigmoid: "LogSigmoid", linear: null,
};
export const LOSS_CLASS = { bce: "BCEWithLogitsLoss", ce: "CrossEntropyLoss", mse: "MSELoss" } as const;
export const OPTIMIZER_CLASS = { sgd: "SGD", adam: "Adam", adamw: "AdamW" } as const;
const DATASET_TITLE: Record<DatasetName, string> = {
  circles: "circles", moons: "moons", blobs: "blobs", xor: "XOR", spiral: "spiral",
  gaussian: "Gaussian quantiles", csv: "uploaded CSV", plane: "plane (regression)", multigauss: "multi-Gaussian (regression)",
};

/** scikit-learn's generators give float64; the model trains in float32, as in the tutorial. */
const FLOAT32 = "const X = points.float(); // float64 → float32";

/** A JS number literal that reads back as the same double. */
const num = (v: number): string => String(v);

function dataCode(c: Config, csv: CodeInput["csv"]): string[] {
  const common = `nSamples: ${c.points}, `;
  switch (c.dataset) {
    case "circles":
      return [`const [points, y] = kd.datasets.makeCircles({ ${common}noise: ${num(c.noise)}, factor: 0.5, randomState: SEED });`, FLOAT32];
    case "moons":
      return [`const [points, y] = kd.datasets.makeMoons({ ${common}noise: ${num(c.noise)}, randomState: SEED });`, FLOAT32];
    case "blobs":
      return [`const [points, y] = kd.datasets.makeBlobs({ ${common}centers: ${c.classes}, clusterStd: ${num(5 * c.noise)}, randomState: SEED });`, FLOAT32];
    case "gaussian":
      return [`const [points, y] = kd.datasets.makeGaussianQuantiles({ ${common}nFeatures: 2, nClasses: ${c.classes}, randomState: SEED });`, FLOAT32];
    case "xor":
      return [
        extractFunctions(syntheticSource, ["gaussianNoise", "makeXor"]),
        "",
        `const [points, y] = makeXor({ ${common}noise: ${num(c.noise)}, randomState: SEED });`,
        "const X = points.float();",
      ];
    case "spiral":
      return [
        extractFunctions(syntheticSource, ["gaussianNoise", "makeSpiral"]),
        "",
        `const [points, y] = makeSpiral({ ${common}nClasses: ${c.classes}, noise: ${num(c.noise)}, randomState: SEED });`,
        "const X = points.float();",
      ];
    case "plane":
    case "multigauss": {
      const make = c.dataset === "plane" ? "makePlane" : "makeMultiGaussian";
      return [
        extractFunctions(syntheticSource, ["regressionPoints", make]),
        "",
        `// y: the value to predict at each point (float32).`,
        `const [X, y] = ${make}({ ${common}noise: ${num(c.noise)}, randomState: SEED });`,
      ];
    }
    case "csv": {
      if (!csv) throw new Error("no CSV data to show");
      const { summary: t, text } = csv;
      const classes = t.classNames.map((n, i) => `${JSON.stringify(n)} = ${i}`).join(", ");
      const ignored = t.ignored.length > 0 ? `; ignored: ${t.ignored.map((n) => JSON.stringify(n)).join(", ")}` : "";
      return [
        `// The uploaded CSV: features ${JSON.stringify(t.featureNames[0])} and ${JSON.stringify(t.featureNames[1])}, label ${JSON.stringify(t.labelName)}${ignored}.`,
        `// parseCsv gives X as float32 and y as class indices (${classes}).`,
        `const CSV = \`${templateText(text)}\`;`,
        `const table = kd.data.parseCsv(CSV, { target: ${JSON.stringify(t.labelName)}, features: [${t.featureNames.map((n) => JSON.stringify(n)).join(", ")}] });`,
        "const X = table.X;",
        "const y = table.y;",
      ];
    }
  }
}

/** Text for a template literal: backslashes, backticks and `${` escaped, line ends as they are. */
function templateText(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll("`", "\\`").replaceAll("${", "\\${");
}

function modelCode(c: Config, nClasses: number): string[] {
  const layers: string[] = [];
  let width = c.features.length;
  const acts = activationsOf(c);
  for (const [i, h] of c.hidden.entries()) {
    const act = ACTIVATION_CLASS[acts[i]];
    layers.push(`new kd.nn.Linear(${width}, ${h}),`);
    if (act) layers.push(`new kd.nn.${act}(),`);
    if (c.dropout > 0) layers.push(`new kd.nn.Dropout(${num(c.dropout)}),`);
    width = h;
  }
  layers.push(`new kd.nn.Linear(${width}, ${outputUnits(c.loss, nClasses)}),`);
  return ["const model = new kd.nn.Sequential(", ...layers.map((l) => `  ${l}`), ");"];
}

function optimizerCode(c: Config): string {
  // weightDecay is always written: AdamW's default is 0.01, not the page's 0.
  return `const optimizer = new kd.optim.${OPTIMIZER_CLASS[c.optimizer]}(model.parameters(), { lr: ${num(c.lr)}, weightDecay: ${num(c.l2)} });`;
}

/** The split, and the points drawn on the page added to the training set (as engine/library.ts addDrawn does). */
function splitCode(c: Config): string[] {
  const split = `kd.data.trainTestSplit(X, y, { testSize: ${num(c.testFraction)}, randomState: SEED });`;
  if (c.drawn.length === 0) return [`const [XTrain, XTest, yTrain, yTest] = ${split}`];
  return [
    `const [XSplit, XTest, ySplit, yTest] = ${split}`,
    `// ${c.drawn.length} point${c.drawn.length === 1 ? "" : "s"} drawn on the page, [x1, x2, class], added to the training set.`,
    "const DRAWN = [",
    ...c.drawn.map((p) => `  [${num(p.x)}, ${num(p.y)}, ${p.label}],`),
    "];",
    "const XTrain = kd.cat([XSplit, kd.tensor(DRAWN.map(([a, b]) => [a, b])).float()]);",
    "const yTrain = kd.cat([ySplit, kd.tensor(DRAWN.map(([, , k]) => k)).to(ySplit.dtype)]);",
  ];
}

/** The learning-rate schedule (as engine/library.ts makeScheduler builds it), or nothing. */
function schedulerCode(c: Config): string[] {
  switch (c.schedule) {
    case "none": return [];
    case "step":
      return [
        `// The learning rate times ${num(c.gamma)} every ${c.stepSize} epochs (stepped after each epoch).`,
        `const scheduler = new kd.optim.lrScheduler.StepLR(optimizer, { stepSize: ${c.stepSize}, gamma: ${num(c.gamma)} });`,
      ];
    case "cosine":
      return [
        `// The learning rate along half a cosine down to 0 over ${c.tMax} epochs (stepped after each epoch).`,
        `const scheduler = new kd.optim.lrScheduler.CosineAnnealingLR(optimizer, { tMax: ${c.tMax} });`,
      ];
  }
}

/** The stop conditions and the function the page checks them with, cut from engine/stopping.ts. */
function stopsCode(c: Config): string[] {
  if (!hasStops(c)) return [];
  return [
    "",
    "// Stop conditions, checked after every epoch as the page does (0: never).",
    `const MAX_EPOCHS = ${c.maxEpochs}, TARGET_ACC = ${num(c.targetAcc)}, PATIENCE = ${c.patience};`,
    extractFunctions(stoppingSource, ["stopReason"]),
  ];
}

/** Targets, what the loss sees, and the predicted class, for each loss (as engine/session.ts). */
function lossCode(c: Config, nClasses: number): string[] {
  if (problemOf(c.dataset) === "regression") {
    return [
      "// MSELoss between the one output and the value to predict.",
      "const targets = (values: kd.Tensor) => values.float();",
      "const lossInput = (out: kd.Tensor) => out.squeeze(1);",
    ];
  }
  switch (c.loss) {
    case "bce":
      return [
        "// BCEWithLogitsLoss: one logit per point, float 0/1 targets; class 1 where sigmoid(logit) rounds to 1.",
        "const targets = (labels: kd.Tensor) => labels.float();",
        "const lossInput = (logits: kd.Tensor) => logits.squeeze(1);",
        "const predict = (logits: kd.Tensor) => logits.squeeze(1).sigmoid().round().long();",
      ];
    case "ce":
      return [
        "// CrossEntropyLoss: one logit per class, class-index targets; the predicted class is the largest logit.",
        "const targets = (labels: kd.Tensor) => labels;",
        "const lossInput = (logits: kd.Tensor) => logits;",
        "const predict = (logits: kd.Tensor) => logits.argmax({ dim: 1 });",
      ];
    case "mse":
      return [
        "// MSELoss between the softmax probabilities and one-hot targets; the predicted class is the most probable.",
        `const targets = (labels: kd.Tensor) => kd.eye(${nClasses}).index(labels);`,
        "const lossInput = (logits: kd.Tensor) => logits.softmax(1);",
        "const predict = (logits: kd.Tensor) => logits.argmax({ dim: 1 });",
      ];
  }
}

/** Weights set by hand on the page, applied at their epochs as the page's Session does (engine/library.ts setWeight). */
function editsCode(c: Config, gpu: boolean): string[] {
  if (c.edits.length === 0) return [];
  const rows = c.edits.map((e) => `  [${e.epoch}, ${e.layer}, ${e.to}, ${e.from}, ${num(e.value)}],`);
  const head = [
    "",
    "// Weights set by hand on the page: [epoch, Linear layer, to, from, value], in the order made.",
    "// Each is set after that many epochs, outside the graph; the optimizer's state stays as it was.",
    "const EDITS: [number, number, number, number, number][] = [",
    ...rows,
    "];",
  ];
  if (gpu) {
    return [
      ...head,
      "async function applyEdits(epoch: number): Promise<void> {",
      "  for (const [at, layer, to, from, value] of EDITS) {",
      "    if (at !== epoch) continue;",
      "    const w = linears[layer].weight;",
      "    const rows = (await w.tolistAsync()) as number[][];",
      "    rows[to][from] = value;",
      "    kd.noGrad(() => w.copy_(kd.tensor(rows).to(device)));",
      "  }",
      "}",
      "await applyEdits(0);",
    ];
  }
  return [
    ...head,
    "function applyEdits(epoch: number): void {",
    "  kd.noGrad(() => {",
    "    for (const [at, layer, to, from, value] of EDITS) {",
    "      if (at !== epoch) continue;",
    "      const w = linears[layer].weight;",
    "      const rows = w.tolist() as number[][];",
    "      rows[to][from] = value;",
    "      w.copy_(kd.tensor(rows));",
    "    }",
    "  });",
    "}",
    "applyEdits(0);",
  ];
}

/** evaluate(): loss and accuracy (%), or for regression loss, R² and RMSE (kd.metrics, as the page scores). */
function evaluateCode(regression: boolean, gpu: boolean): string[] {
  if (gpu) return evaluateOnDevice(regression);
  if (regression) {
    return [
      "// Loss, R² and RMSE on a whole set (kd.metrics: torchmetrics' R2Score and MeanSquaredError(squared=False)),",
      "// in eval mode without recording a graph.",
      "function evaluate(F: kd.Tensor, T: kd.Tensor): [number, number, number] {",
      "  model.eval();",
      "  return kd.inferenceMode(() => {",
      "    const pred = lossInput(model(F));",
      "    const loss = lossFn(pred, T).item();",
      "    return [loss, kd.metrics.r2Score(pred, T).item(), kd.metrics.meanSquaredError(pred, T, { squared: false }).item()];",
      "  });",
      "}",
    ];
  }
  return [
    "// Loss and accuracy (%) on a whole set, in eval mode without recording a graph.",
    "function evaluate(F: kd.Tensor, T: kd.Tensor, labels: kd.Tensor): [number, number] {",
    "  model.eval();",
    "  return kd.inferenceMode(() => {",
    "    const logits = model(F);",
    "    const loss = lossFn(lossInput(logits), T).item();",
    "    const correct = predict(logits).eq(labels).sum().item();",
    "    return [loss, (correct / labels.shape[0]) * 100];",
    "  });",
    "}",
  ];
}

/**
 * evaluate() on a device: the forward pass runs there and the outputs come back (reading a
 * GPU tensor is asynchronous), to be scored on the CPU as evaluateCode's are, as the page does.
 */
function evaluateOnDevice(regression: boolean): string[] {
  const head = [
    "  model.eval();",
    "  const out = await kd.inferenceMode(() => model(F)).cpuAsync();",
    "  return kd.inferenceMode(() => {",
  ];
  if (regression) {
    return [
      "// Loss, R² and RMSE on a whole set (kd.metrics: torchmetrics' R2Score and MeanSquaredError(squared=False)),",
      "// in eval mode without recording a graph: the outputs on the device, scored on the CPU.",
      "async function evaluate(F: kd.Tensor, T: kd.Tensor): Promise<[number, number, number]> {",
      ...head,
      "    const pred = lossInput(out);",
      "    const loss = lossFn(pred, T).item();",
      "    return [loss, kd.metrics.r2Score(pred, T).item(), kd.metrics.meanSquaredError(pred, T, { squared: false }).item()];",
      "  });",
      "}",
    ];
  }
  return [
    "// Loss and accuracy (%) on a whole set, in eval mode without recording a graph: the logits on the device, scored on the CPU.",
    "async function evaluate(F: kd.Tensor, T: kd.Tensor, labels: kd.Tensor): Promise<[number, number]> {",
    ...head,
    "    const loss = lossFn(lossInput(out), T).item();",
    "    const correct = predict(out).eq(labels).sum().item();",
    "    return [loss, (correct / labels.shape[0]) * 100];",
    "  });",
    "}",
  ];
}

/** The set-up in one line, for the first comment of both programs: data, layers, activations, loss, optimizer. */
export function describeRun(c: Config): string {
  const named = activationsOf(c).map((a) => ACTIVATION_CLASS[a] ?? "no activation");
  const act = named.length > 0 && named.some((a) => a !== named[0]) ? named.join("/") : (ACTIVATION_CLASS[c.activation] ?? "no activation");
  const n = c.hidden.length;
  const hidden = n === 0 ? "no hidden layer" : `${n} hidden layer${n > 1 ? "s" : ""} (${c.hidden.join("-")} neurons)`;
  return `${DATASET_TITLE[c.dataset]}, ${hidden}, ${act}, ${LOSS_CLASS[c.loss]}, ${OPTIMIZER_CLASS[c.optimizer]}`;
}

export function generateCode({ config: c, epochs, nClasses, csv }: CodeInput): string {
  const featureList = c.features.map((f) => FEATURE_TEXT[f].code).join(", ");
  const stops = hasStops(c);
  const regression = problemOf(c.dataset) === "regression";
  const [trainScores, testScores] = regression ? ["trainR2, trainRmse", "testR2, testRmse"] : ["trainAcc", "testAcc"];
  // Classification counts correct labels; regression scores against the targets alone.
  const [labelsTrain, labelsTest] = regression ? ["", ""] : [", yTrain", ", yTest"];
  // On WebGPU the program is PyTorch's device-agnostic form; reads of the device are awaited.
  const gpu = c.device === "webgpu";
  const aw = gpu ? "await " : "";
  const [fTrain, fTest] = gpu ? ["FTrainOn", "FTestOn"] : ["FTrain", "FTest"];
  const lines = [
    `// Kindling playground: ${describeRun(c)}.`,
    "// Trains the same model on the same data as the page and prints the same numbers.",
    'import * as kd from "kindling";',
    "",
    `const SEED = ${c.seed};`,
    `const EPOCHS = ${epochs};`,
    ...(gpu
      ? [
          "// The GPU through WebGPU where there is one, else the CPU (WebGPU finds its adapter asynchronously).",
          "await kd.webgpu.init();",
          'const device = kd.webgpu.isAvailable() ? "webgpu" : "cpu";',
          "console.log(`Training on ${device}`);",
        ]
      : []),
    "",
    `// 1. Data, split into train and test (${Math.round(c.testFraction * 100)} % test).`,
    ...dataCode(c, csv),
    ...splitCode(c),
    "",
    "// 2. Input features: standardise with the training set's mean and std, then compute the chosen features.",
    "const mean = XTrain.mean({ dim: 0 });",
    "const std = XTrain.std({ dim: 0 });",
    "function features(points: kd.Tensor): kd.Tensor {",
    "  const z = points.sub(mean).div(std);",
    "  const x1 = z.select(1, 0), x2 = z.select(1, 1);",
    `  return kd.stack([${featureList}], 1);`,
    "}",
    "const FTrain = features(XTrain), FTest = features(XTest);",
    "",
    "// 3. Model, loss and optimizer (the seed fixes the initial weights and the dropout masks).",
    ...lossCode(c, nClasses),
    "const TTrain = targets(yTrain), TTest = targets(yTest);",
    "kd.manualSeed(SEED);",
    ...modelCode(c, nClasses),
    ...(gpu ? ["model.to(device);"] : []),
    `const lossFn = new kd.nn.${LOSS_CLASS[c.loss]}();`,
    optimizerCode(c),
    ...schedulerCode(c),
    "const loader = new kd.data.DataLoader(new kd.data.TensorDataset(FTrain, TTrain), {",
    `  batchSize: ${c.batchSize}, shuffle: true, generator: new kd.Generator(SEED),`,
    "});",
    ...(c.edits.length > 0 || c.l1 > 0 ? ["const linears = [...model.modules()].filter((m): m is kd.nn.Linear => m instanceof kd.nn.Linear);"] : []),
    ...editsCode(c, gpu),
    ...(gpu ? ["// The data for scoring on the device; minibatches are drawn on the CPU and moved per step.", "const FTrainOn = FTrain.to(device), FTestOn = FTest.to(device);"] : []),
    ...(gpu && c.l1 > 0 ? ["// L1's factor as a tensor on the device (a plain number's gradient there would need float64, which WebGPU lacks).", `const L1 = kd.tensor(${num(c.l1)}, { device });`] : []),
    "",
    ...evaluateCode(regression, gpu),
    "",
    ...stopsCode(c),
    "",
    "// 4. Train.",
    ...(stops ? [gpu ? `let bestLoss = (await evaluate(${fTest}, TTest${labelsTest}))[0], bestEpoch = 0;` : `let bestLoss = evaluate(FTest, TTest${labelsTest})[0], bestEpoch = 0;`] : []),
    "for (let epoch = 1; epoch <= EPOCHS; epoch++) {",
    "  model.train();",
    ...(gpu ? ["  for (const batch of loader) {", "    const [xb, tb] = batch.map((t) => t.to(device));"] : ["  for (const [xb, tb] of loader) {"]),
    ...(c.l1 > 0
      ? [
          "    let loss = lossFn(lossInput(model(xb)), tb);",
          "    // L1 regularisation on the weights (not the biases); the printed losses leave it out.",
          `    loss = loss.add(linears.map((l) => l.weight.abs().sum()).reduce((a, b) => a.add(b)).mul(${gpu ? "L1" : num(c.l1)}));`,
        ]
      : ["    const loss = lossFn(lossInput(model(xb)), tb);"]),
    "    optimizer.zeroGrad();",
    "    loss.backward();",
    "    optimizer.step();",
    "  }",
    ...(c.schedule !== "none" ? ["  scheduler.step();"] : []),
    ...(c.edits.length > 0 ? [`  ${aw}applyEdits(epoch);`] : []),
    ...(stops
      ? [
          `  const [trainLoss, ${trainScores}] = ${aw}evaluate(${fTrain}, TTrain${labelsTrain});`,
          `  const [testLoss, ${testScores}] = ${aw}evaluate(${fTest}, TTest${labelsTest});`,
          "  if (testLoss < bestLoss) [bestLoss, bestEpoch] = [testLoss, epoch];",
          regression
            ? "  const stop = stopReason(epoch, 0, epoch - bestEpoch, MAX_EPOCHS, TARGET_ACC, PATIENCE); // regression has no accuracy (TARGET_ACC is 0)"
            : "  const stop = stopReason(epoch, testAcc, epoch - bestEpoch, MAX_EPOCHS, TARGET_ACC, PATIENCE);",
          "  if (stop !== null) console.log(`Stopped after epoch ${epoch}: ${stop}.`);",
          "  if (epoch % 10 === 0 || epoch === EPOCHS || stop !== null) {",
        ]
      : [
          "  if (epoch % 10 === 0 || epoch === EPOCHS) {",
          `    const [trainLoss, ${trainScores}] = ${aw}evaluate(${fTrain}, TTrain${labelsTrain});`,
          `    const [testLoss, ${testScores}] = ${aw}evaluate(${fTest}, TTest${labelsTest});`,
        ]),
    "    console.log(",
    ...(regression
      ? [
          "      `Epoch: ${epoch} | Loss: ${trainLoss.toFixed(5)}, R²: ${trainR2.toFixed(4)}, RMSE: ${trainRmse.toFixed(5)} | ` +",
          "        `Test loss: ${testLoss.toFixed(5)}, Test R²: ${testR2.toFixed(4)}, Test RMSE: ${testRmse.toFixed(5)}`,",
        ]
      : [
          "      `Epoch: ${epoch} | Loss: ${trainLoss.toFixed(5)}, Accuracy: ${trainAcc.toFixed(2)}% | ` +",
          "        `Test loss: ${testLoss.toFixed(5)}, Test acc: ${testAcc.toFixed(2)}%`,",
        ]),
    "    );",
    "  }",
    ...(stops ? ["  if (stop !== null) break;"] : []),
    "}",
    "",
  ];
  return lines.join("\n");
}
