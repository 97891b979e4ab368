/**
 * "Show code" in PyTorch: a Python script (torch and numpy; scikit-learn only for its own
 * data sets) that trains the page's model on the page's data and prints the page's lines,
 * digit for digit. It follows engine/session.ts step by step, as the TypeScript program
 * does (code/generate.ts): Kindling's random streams are PyTorch's, so torch.manual_seed
 * gives the same initial weights and dropout masks, and a seeded torch.Generator the same
 * shuffles. The data sets that are Kindling's own (data/synthetic.ts) are ported below with
 * the same random stream; an uploaded CSV and the points drawn on the page are embedded.
 * test/web/pytorch-code.test.ts runs these scripts with python3 and compares their lines.
 */
import type { Config } from "../state/config.js";
import { activationsOf, outputUnits, problemOf } from "../state/config.js";
import { FEATURE_TEXT } from "../state/feature-text.js";
import { hasStops } from "../engine/stopping.js";
import { builtinCall, type BuiltinSource } from "../../../src/export/pytorch/data-py.js";
import { pyFloatLit, pyIntLit, pyStrList, pyStrLit } from "../../../src/export/pytorch/python.js";
import { ACTIVATION_CLASS, LOSS_CLASS, OPTIMIZER_CLASS, describeRun, type CodeInput } from "./generate.js";

/** A number as JavaScript writes it in a message (90, 92.5), which Python's f-string then writes the same. */
const jsNumberLit = (v: number): string => (Number.isInteger(v) ? pyIntLit(v) : pyFloatLit(v));

/** scikit-learn's data sets, with the page's arguments. */
function sklearnSource(c: Config): BuiltinSource | null {
  const base = { samples: c.points, seed: c.seed };
  switch (c.dataset) {
    case "circles": return { kind: "builtin", name: "circles", noise: c.noise, factor: 0.5, ...base };
    case "moons": return { kind: "builtin", name: "moons", noise: c.noise, ...base };
    case "blobs": return { kind: "builtin", name: "blobs", noise: 5 * c.noise, classes: c.classes, ...base };
    case "gaussian": return { kind: "builtin", name: "gaussian-quantiles", classes: c.classes, ...base };
    default: return null;
  }
}

/** Whether the script needs scikit-learn: for scikit-learn's own data sets only. */
export const usesScikitLearn = (c: Config): boolean => sklearnSource(c) !== null;

/** Box–Muller noise, as data/synthetic.ts gaussianNoise draws it (float32, same order of operations). */
const GAUSSIAN_NOISE = `def gaussian_noise(n, scale, gen):
    """n standard-normal pairs [n, 2] times scale: sqrt(-2 ln(1 - u)) * cos(2 pi v) for u, v ~ U[0, 1)."""
    u = torch.rand(n, 2, generator=gen)
    v = torch.rand(n, 2, generator=gen)
    return torch.sqrt(torch.log1p(-u) * -2) * torch.cos(v * (2 * math.pi)) * scale`;

const REGRESSION_POINTS = `def regression_points(n, noise, gen):
    """c ~ U(-6, 6)^2, and where each value is read: c moved by noise * U(-6, 6) in each coordinate."""
    c = torch.rand(n, 2, generator=gen) * 12 - 6
    shift = (torch.rand(n, 2, generator=gen) * 12 - 6) * noise
    return c, c + shift`;

/** Kindling's own generators (data/synthetic.ts), in torch: returns the function text and its call. */
function portedData(c: Config): string[] {
  const n = pyIntLit(c.points), noise = pyFloatLit(c.noise);
  const head = [
    "# The page's own generator (Kindling's data/synthetic.ts), ported: torch.rand on a torch.Generator",
    "# seeded with SEED draws the numbers kd.rand draws, so the points are the page's.",
  ];
  switch (c.dataset) {
    case "xor":
      return [...head, GAUSSIAN_NOISE, "", "", `def make_xor(n_samples, noise, random_state):
    """c ~ U(-1, 1)^2 pushed 0.1 away from both axes; class 1 where the signs differ; then noise."""
    gen = torch.Generator().manual_seed(random_state)
    c = torch.rand(n_samples, 2, generator=gen) * 2 - 1
    clean = c + torch.sign(c) * 0.1
    y = torch.logical_xor(clean[:, 0] > 0, clean[:, 1] > 0).long()
    return clean + gaussian_noise(n_samples, noise, gen), y`, "", "", `X, y = make_xor(n_samples=${n}, noise=${noise}, random_state=SEED)`];
    case "spiral":
      return [...head, GAUSSIAN_NOISE, "", "", `def make_spiral(n_samples, n_classes, noise, random_state):
    """Point j is in class k = j mod K, the i-th (i = j // K) of its m points: r = i / m, t = 3.5 pi r + 2 pi k / K,
    at (r sin t, r cos t), plus noise."""
    gen = torch.Generator().manual_seed(random_state)
    xy, labels = [], []
    for j in range(n_samples):
        k = j % n_classes
        m = math.ceil((n_samples - k) / n_classes)
        r = (j // n_classes) / m
        t = 3.5 * math.pi * r + 2 * math.pi * k / n_classes
        xy.append([r * math.sin(t), r * math.cos(t)])
        labels.append(k)
    return torch.tensor(xy) + gaussian_noise(n_samples, noise, gen), torch.tensor(labels)`, "", "",
      `X, y = make_spiral(n_samples=${n}, n_classes=${pyIntLit(c.classes)}, noise=${noise}, random_state=SEED)`];
    case "plane":
      return [...head, REGRESSION_POINTS, "", "", `def make_plane(n_samples, noise, random_state):
    """The value (a + b) / 10 at the (noisy) point (a, b): y float32 [n]."""
    X, at = regression_points(n_samples, noise, torch.Generator().manual_seed(random_state))
    return X, (at[:, 0] + at[:, 1]) / 10`, "", "", `X, y = make_plane(n_samples=${n}, noise=${noise}, random_state=SEED)`];
    case "multigauss":
      return [...head, REGRESSION_POINTS, "", "", `def make_multi_gaussian(n_samples, noise, random_state):
    """Six bumps s * max(0, 1 - d / 2) around (-4, 0, 4) x (2.5, -2.5), signs + - + / - + -; the value at the
    (noisy) point is the bump of largest magnitude there."""
    X, at = regression_points(n_samples, noise, torch.Generator().manual_seed(random_state))
    bumps = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]
    a, b = at[:, 0], at[:, 1]
    each = torch.stack([
        torch.clamp(torch.sqrt(torch.square(a - cx) + torch.square(b - cy)) / -2 + 1, min=0) * sign
        for cx, cy, sign in bumps
    ], dim=1)
    strongest = each.abs().argmax(dim=1, keepdim=True)
    return X, each.gather(1, strongest).squeeze(1)`, "", "", `X, y = make_multi_gaussian(n_samples=${n}, noise=${noise}, random_state=SEED)`];
    default:
      throw new Error(`no Python generator for ${c.dataset}`);
  }
}

/** A Python triple-quoted string holding `text` exactly. */
function tripleQuoted(text: string): string {
  return `"""${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\r", "\\r")}"""`;
}

function csvData(csv: CodeInput["csv"]): string[] {
  if (!csv) throw new Error("no CSV data to show");
  const { summary: t, text } = csv;
  const ignored = t.ignored.length > 0 ? `; ignored: ${t.ignored.join(", ")}` : "";
  return [
    `# The uploaded CSV, embedded: features ${t.featureNames.join(" and ")}, label ${t.labelName}${ignored}.`,
    "# X as float32; y as class indices, in the page's order of the classes.",
    `CSV = ${tripleQuoted(text)}`,
    `FEATURES, LABEL = ${pyStrList(t.featureNames)}, ${pyStrLit(t.labelName)}`,
    `CLASS_NAMES = ${pyStrList(t.classNames)}`,
    "",
    "",
    "def class_index(label):",
    '    """A label\'s class: by its text, or for numbers written differently ("1.0" for "1") by its value."""',
    "    label = label.strip()",
    "    if label in CLASS_NAMES:",
    "        return CLASS_NAMES.index(label)",
    "    return [float(name) for name in CLASS_NAMES].index(float(label))",
    "",
    "",
    "rows = list(csv.DictReader(io.StringIO(CSV)))",
    "X = np.array([[float(r[f]) for f in FEATURES] for r in rows]).astype(np.float32)",
    "y = np.array([class_index(r[LABEL]) for r in rows], dtype=np.int64)",
  ];
}

/** Step 1: X (float32) and y as numpy arrays, and the split; the sklearn import when its data set is used. */
function dataAndSplit(c: Config, csv: CodeInput["csv"]): { imports: string[]; lines: string[] } {
  const sk = sklearnSource(c);
  const split = `X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=${pyFloatLit(c.testFraction)}, random_state=SEED)`;
  if (sk) {
    const { imports, call } = builtinCall(sk, "SEED");
    return {
      imports: [`from sklearn.datasets import ${imports}`, "from sklearn.model_selection import train_test_split"],
      lines: [`points, y = ${call}`, "X = points.astype(np.float32)  # float64 -> float32, as the page trains in float32", split],
    };
  }
  const made = c.dataset === "csv" ? csvData(csv) : [...portedData(c), "X, y = X.numpy(), y.numpy()"];
  return {
    imports: c.dataset === "csv" ? ["import csv", "import io"] : [],
    lines: [...made, "", "", `def train_test_split(X, y, test_size, random_state):
    """scikit-learn's train_test_split(X, y, test_size=..., random_state=...) in numpy, so this script needs no
    scikit-learn: the test set is the first ceil(test_size * n) of a seeded permutation, the training set the rest."""
    n_test = math.ceil(test_size * len(X))
    order = np.random.RandomState(random_state).permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]`, "", "", split],
  };
}

/** The points drawn on the page (classification only: normalizeConfig drops them for regression). */
function drawnCode(c: Config): string[] {
  if (c.drawn.length === 0) return [];
  return [
    `# ${c.drawn.length} point${c.drawn.length === 1 ? "" : "s"} drawn on the page, [x1, x2, class], added to the training set.`,
    "DRAWN = [",
    ...c.drawn.map((p) => `    [${pyFloatLit(p.x)}, ${pyFloatLit(p.y)}, ${pyIntLit(p.label)}],`),
    "]",
    "X_train = np.concatenate([X_train, np.array([[a, b] for a, b, _ in DRAWN], dtype=np.float32)])",
    "y_train = np.concatenate([y_train, np.array([k for _, _, k in DRAWN], dtype=y_train.dtype)])",
  ];
}

/** What the loss sees, the targets, and the predicted class, for each loss (as engine/session.ts). */
function lossCode(c: Config, nClasses: number, regression: boolean): string[] {
  if (regression) {
    return [
      "# MSELoss between the one output and the value to predict.",
      "def targets(values):",
      "    return values.float()",
      "",
      "",
      "def loss_input(out):",
      "    return out.squeeze(1)",
    ];
  }
  const [comment, target, input, predict] = {
    bce: ["BCEWithLogitsLoss: one logit per point, float 0/1 targets; class 1 where sigmoid(logit) rounds to 1.",
      "labels.float()", "logits.squeeze(1)", "torch.round(torch.sigmoid(logits.squeeze(1))).long()"],
    ce: ["CrossEntropyLoss: one logit per class, class-index targets; the predicted class is the largest logit.",
      "labels", "logits", "logits.argmax(dim=1)"],
    mse: ["MSELoss between the softmax probabilities and one-hot targets; the predicted class is the most probable.",
      `torch.eye(${pyIntLit(nClasses)})[labels]`, "torch.softmax(logits, dim=1)", "logits.argmax(dim=1)"],
  }[c.loss];
  return [
    `# ${comment}`,
    "def targets(labels):",
    `    return ${target}`,
    "",
    "",
    "def loss_input(logits):",
    `    return ${input}`,
    "",
    "",
    "def predict(logits):",
    `    return ${predict}`,
  ];
}

function modelCode(c: Config, nClasses: number): string[] {
  const layers: string[] = [];
  let width = c.features.length;
  for (const [i, act] of activationsOf(c).entries()) {
    layers.push(`nn.Linear(${width}, ${c.hidden[i]}),`);
    const cls = ACTIVATION_CLASS[act];
    if (cls) layers.push(`nn.${cls}(),`);
    if (c.dropout > 0) layers.push(`nn.Dropout(${pyFloatLit(c.dropout)}),`);
    width = c.hidden[i];
  }
  layers.push(`nn.Linear(${width}, ${outputUnits(c.loss, nClasses)}),`);
  return ["model = nn.Sequential(", ...layers.map((l) => `    ${l}`), ")"];
}

function schedulerCode(c: Config): string[] {
  switch (c.schedule) {
    case "none": return [];
    case "step":
      return [
        `# The learning rate times ${pyFloatLit(c.gamma)} every ${c.stepSize} epochs (stepped after each epoch).`,
        `scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=${pyIntLit(c.stepSize)}, gamma=${pyFloatLit(c.gamma)})`,
      ];
    case "cosine":
      return [
        `# The learning rate along half a cosine down to 0 over ${c.tMax} epochs (stepped after each epoch).`,
        `scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=${pyIntLit(c.tMax)})`,
      ];
  }
}

function editsCode(c: Config): string[] {
  if (c.edits.length === 0) return [];
  return [
    "",
    "# Weights set by hand on the page: (epoch, Linear layer, to, from, value), in the order made.",
    "# Each is set after that many epochs, outside the graph; the optimizer's state stays as it was.",
    "EDITS = [",
    ...c.edits.map((e) => `    (${e.epoch}, ${e.layer}, ${e.to}, ${e.from}, ${pyFloatLit(e.value)}),`),
    "]",
    "",
    "",
    "def apply_edits(epoch):",
    "    with torch.no_grad():",
    "        for at, layer, to, source, value in EDITS:",
    "            if at == epoch:",
    "                linears[layer].weight[to, source] = value",
    "",
    "",
    "apply_edits(0)",
  ];
}

function evaluateCode(regression: boolean): string[] {
  if (regression) {
    return [`def regression_scores(pred, target):
    """R² and RMSE as torchmetrics' R2Score and MeanSquaredError(squared=False) give them, with the sums in
    float64 as the page keeps them (torchmetrics itself is not needed)."""
    p, t = pred.double(), target.double()
    n = t.numel()
    rss = torch.square(t - p).sum().item()
    tss = (torch.square(t).sum() - t.sum() ** 2 / n).item()
    r2 = 1.0 if abs(rss) <= 1e-4 else 0.0 if abs(tss) <= 1e-4 else 1 - rss / tss
    return float(np.float32(r2)), float(np.float32(math.sqrt(rss / n)))


def evaluate(F, T):
    """Loss, R² and RMSE on a whole set, in eval mode without recording a graph."""
    model.eval()
    with torch.inference_mode():
        pred = loss_input(model(F))
        return (loss_fn(pred, T).item(), *regression_scores(pred, T))`];
  }
  return [`def evaluate(F, T, labels):
    """Loss and accuracy (%) on a whole set, in eval mode without recording a graph."""
    model.eval()
    with torch.inference_mode():
        logits = model(F)
        loss = loss_fn(loss_input(logits), T).item()
        correct = (predict(logits) == labels).sum().item()
        return loss, correct / labels.shape[0] * 100`];
}

/** The page's stop rule (engine/stopping.ts stopReason), in Python. */
function stopsCode(c: Config): string[] {
  if (!hasStops(c)) return [];
  return [
    "# Stop conditions, checked after every epoch as the page does (0: never).",
    `MAX_EPOCHS, TARGET_ACC, PATIENCE = ${pyIntLit(c.maxEpochs)}, ${jsNumberLit(c.targetAcc)}, ${pyIntLit(c.patience)}`,
    "",
    "",
    `def stop_reason(epoch, test_acc, since_best):
    """Why training stops after epoch, or None; since_best counts the epochs since the lowest test loss."""
    if MAX_EPOCHS > 0 and epoch >= MAX_EPOCHS:
        return f"reached the maximum of {MAX_EPOCHS} epochs"
    if TARGET_ACC > 0 and test_acc >= TARGET_ACC:
        return f"test accuracy {fixed(test_acc, 2)} % reached the target of {TARGET_ACC} %"
    if PATIENCE > 0 and since_best >= PATIENCE:
        return f"the test loss has not improved for {PATIENCE} epochs (early stopping)"
    return None`,
    "",
    "",
  ];
}

export function generatePython({ config: c, epochs, nClasses, csv }: CodeInput): string {
  const regression = problemOf(c.dataset) === "regression";
  const stops = hasStops(c);
  const data = dataAndSplit(c, csv);
  const [labelsTrain, labelsTest] = regression ? ["", ""] : [", y_train", ", y_test"];
  const scores = regression ? ["train_r2, train_rmse", "test_r2, test_rmse"] : ["train_acc", "test_acc"];
  const usesLinears = c.edits.length > 0 || c.l1 > 0;
  const body = (indent: string, lines: string[]): string[] => lines.map((l) => (l === "" ? l : indent + l));
  const evaluateBoth = [
    `train_loss, ${scores[0]} = evaluate(F_train, T_train${labelsTrain})`,
    `test_loss, ${scores[1]} = evaluate(F_test, T_test${labelsTest})`,
  ];
  const printLine = regression
    ? ['print(f"Epoch: {epoch} | Loss: {fixed(train_loss, 5)}, R²: {fixed(train_r2, 4)}, RMSE: {fixed(train_rmse, 5)} | "',
      '      f"Test loss: {fixed(test_loss, 5)}, Test R²: {fixed(test_r2, 4)}, Test RMSE: {fixed(test_rmse, 5)}")']
    : ['print(f"Epoch: {epoch} | Loss: {fixed(train_loss, 5)}, Accuracy: {fixed(train_acc, 2)}% | "',
      '      f"Test loss: {fixed(test_loss, 5)}, Test acc: {fixed(test_acc, 2)}%")'];
  const lines = [
    `# Kindling playground, in PyTorch: ${describeRun(c)}.`,
    "# Trains the same model on the same data as the page, with the same seeds, and prints the same numbers.",
    `# Needs torch and numpy${usesScikitLearn(c) ? " and scikit-learn" : ""}: python3 playground.py`,
    ...["import math", ...data.imports.filter((i) => i.startsWith("import "))].sort(),
    "from decimal import ROUND_HALF_UP, Decimal",
    "",
    "import numpy as np",
    "import torch",
    ...data.imports.filter((i) => i.startsWith("from sklearn")),
    "from torch import nn",
    "from torch.utils.data import DataLoader, TensorDataset",
    "",
    `SEED = ${pyIntLit(c.seed)}`,
    `EPOCHS = ${pyIntLit(epochs)}`,
    "",
    "",
    `def fixed(x, digits):
    """x with that many decimals as the page writes it (JavaScript's toFixed): an exact half rounds away from 0
    (90.625 -> 90.63), where Python's format rounds it to even (90.62)."""
    return format(Decimal(x + 0.0).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP), "f")`,
    "",
    "",
    `# 1. Data, split into train and test (${Math.round(c.testFraction * 100)} % test).`,
    ...data.lines,
    ...drawnCode(c),
    "X_train, X_test = torch.from_numpy(X_train), torch.from_numpy(X_test)",
    "y_train, y_test = torch.from_numpy(y_train), torch.from_numpy(y_test)",
    "",
    "# 2. Input features: standardise with the training set's mean and std, then compute the chosen features.",
    "mean, std = X_train.mean(dim=0), X_train.std(dim=0)",
    "",
    "",
    "def features(points):",
    "    z = (points - mean) / std",
    "    x1, x2 = z[:, 0], z[:, 1]",
    `    return torch.stack([${c.features.map((f) => FEATURE_TEXT[f].py).join(", ")}], dim=1)`,
    "",
    "",
    "F_train, F_test = features(X_train), features(X_test)",
    "",
    "",
    "# 3. Model, loss and optimizer (the seed fixes the initial weights and the dropout masks).",
    ...lossCode(c, nClasses, regression),
    "",
    "",
    "T_train, T_test = targets(y_train), targets(y_test)",
    "torch.manual_seed(SEED)",
    ...modelCode(c, nClasses),
    `loss_fn = nn.${LOSS_CLASS[c.loss]}()`,
    `optimizer = torch.optim.${OPTIMIZER_CLASS[c.optimizer]}(model.parameters(), lr=${pyFloatLit(c.lr)}, weight_decay=${pyFloatLit(c.l2)})`,
    ...schedulerCode(c),
    `loader = DataLoader(TensorDataset(F_train, T_train), batch_size=${pyIntLit(c.batchSize)}, shuffle=True,`,
    "                    generator=torch.Generator().manual_seed(SEED))",
    ...(usesLinears ? ["linears = [m for m in model if isinstance(m, nn.Linear)]"] : []),
    ...editsCode(c),
    "",
    "",
    ...evaluateCode(regression),
    "",
    "",
    ...stopsCode(c),
    "# 4. Train.",
    ...(stops ? [`best_loss, best_epoch = evaluate(F_test, T_test${labelsTest})[0], 0`] : []),
    "for epoch in range(1, EPOCHS + 1):",
    "    model.train()",
    "    for xb, tb in loader:",
    "        loss = loss_fn(loss_input(model(xb)), tb)",
    ...(c.l1 > 0
      ? [
          "        # L1 regularisation on the weights (not the biases); the printed losses leave it out.",
          `        loss = loss + sum(layer.weight.abs().sum() for layer in linears) * ${pyFloatLit(c.l1)}`,
        ]
      : []),
    "        optimizer.zero_grad()",
    "        loss.backward()",
    "        optimizer.step()",
    ...(c.schedule !== "none" ? ["    scheduler.step()"] : []),
    ...(c.edits.length > 0 ? ["    apply_edits(epoch)"] : []),
    ...(stops
      ? body("    ", [
          ...evaluateBoth,
          "if test_loss < best_loss:",
          "    best_loss, best_epoch = test_loss, epoch",
          regression
            ? "stop = stop_reason(epoch, 0, epoch - best_epoch)  # regression has no accuracy (TARGET_ACC is 0)"
            : "stop = stop_reason(epoch, test_acc, epoch - best_epoch)",
          "if stop is not None:",
          '    print(f"Stopped after epoch {epoch}: {stop}.")',
          "if epoch % 10 == 0 or epoch == EPOCHS or stop is not None:",
          ...body("    ", printLine),
          "if stop is not None:",
          "    break",
        ])
      : body("    ", ["if epoch % 10 == 0 or epoch == EPOCHS:", ...body("    ", [...evaluateBoth, ...printLine])])),
    "",
  ];
  return lines.join("\n");
}
