/**
 * The form: shows a Config and reports each change as a patch. Sliders report on
 * `change` (release, or each key press) rather than on every `input`, because every
 * change restarts training.
 */
import {
  ACTIVATIONS, DEFAULT_NOISE, FIRST_DATASET, activationsOf, FEATURES, hasClassChoice, noiseMeaning, problemOf,
  type ActivationName, type Config, type DatasetName, type LossName, type OptimizerName, type ProblemName, type ScheduleName,
} from "../state/config.js";
import { featureLabel } from "../state/feature-text.js";

/** What the form shows about the data beyond the config: its class count and, for a CSV, its columns. */
export interface DataFacts {
  nClasses: number;
  csv: { rows: number; featureNames: [string, string]; columns: readonly string[]; labelName: string } | null;
}

const LR_CHOICES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const L2_CHOICES = [0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];
const DROPOUT_CHOICES = [0, 0.05, 0.1, 0.2, 0.3, 0.5];
/** The activations' names in the selects. */
const ACTIVATION_LABEL: Record<ActivationName, string> = {
  relu: "ReLU", tanh: "Tanh", sigmoid: "Sigmoid", leakyrelu: "LeakyReLU", gelu: "GELU", elu: "ELU", selu: "SELU",
  silu: "SiLU", mish: "Mish", softplus: "Softplus", hardtanh: "Hardtanh", softsign: "Softsign", logsigmoid: "LogSigmoid",
  linear: "Linear (none)",
};
const activationOptions = (): HTMLOptionElement[] => ACTIVATIONS.map((a) => new Option(ACTIVATION_LABEL[a], a));

const GAMMA_CHOICES = [0.1, 0.2, 0.5, 0.8, 0.9];

export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
}

/** Fills a select with numeric choices, adding `value` if a link asked for one not in the list. */
function numberOptions(select: HTMLSelectElement, choices: readonly number[], value: number): void {
  const all = choices.includes(value) ? choices : [...choices, value].sort((a, b) => a - b);
  select.replaceChildren(...all.map((v) => new Option(String(v), String(v))));
  select.value = String(value);
}

export class Controls {
  private readonly el = {
    problem: byId<HTMLSelectElement>("problem"),
    dataset: byId<HTMLSelectElement>("dataset"),
    classesRow: byId<HTMLElement>("classes-row"),
    classes: byId<HTMLInputElement>("classes"),
    noise: byId<HTMLInputElement>("noise"),
    noiseOut: byId<HTMLOutputElement>("noise-out"),
    noiseHelp: byId<HTMLElement>("noise-help"),
    points: byId<HTMLInputElement>("points"),
    pointsOut: byId<HTMLOutputElement>("points-out"),
    test: byId<HTMLInputElement>("test"),
    testOut: byId<HTMLOutputElement>("test-out"),
    seed: byId<HTMLInputElement>("seed"),
    reseed: byId<HTMLButtonElement>("reseed"),
    features: byId<HTMLElement>("features"),
    activation: byId<HTMLSelectElement>("activation"),
    layerActsBox: byId<HTMLDetailsElement>("layer-acts-box"),
    layerActs: byId<HTMLElement>("layer-acts"),
    loss: byId<HTMLSelectElement>("loss"),
    optimizer: byId<HTMLSelectElement>("optimizer"),
    lr: byId<HTMLSelectElement>("lr"),
    batch: byId<HTMLInputElement>("batch"),
    l2: byId<HTMLSelectElement>("l2"),
    l1: byId<HTMLSelectElement>("l1"),
    dropout: byId<HTMLSelectElement>("dropout"),
    device: byId<HTMLSelectElement>("device"),
    deviceCell: byId<HTMLElement>("device-cell"),
    deviceNote: byId<HTMLElement>("device-note"),
    schedule: byId<HTMLSelectElement>("schedule"),
    stepSize: byId<HTMLInputElement>("step-size"),
    stepSizeRow: byId<HTMLElement>("step-size-row"),
    gamma: byId<HTMLSelectElement>("gamma"),
    gammaRow: byId<HTMLElement>("gamma-row"),
    tMax: byId<HTMLInputElement>("tmax"),
    tMaxRow: byId<HTMLElement>("tmax-row"),
    maxEpochs: byId<HTMLInputElement>("max-epochs"),
    targetAcc: byId<HTMLInputElement>("target-acc"),
    patience: byId<HTMLInputElement>("patience"),
    labelRow: byId<HTMLElement>("label-row"),
    labelColumn: byId<HTMLSelectElement>("label-column"),
  };
  private readonly featureBoxes = new Map<string, HTMLInputElement>();
  private readonly featureLabels = new Map<string, HTMLElement>();
  private current: Config | null = null;
  private facts: DataFacts = { nClasses: 2, csv: null };
  /** What the worker found when it looked for a GPU; null until it has said. */
  private gpu: { available: boolean; reason: string | null; adapter: string | null } | null = null;

  constructor(
    private readonly onChange: (patch: Partial<Config>) => void,
    onLabelColumn: (column: string) => void,
  ) {
    const e = this.el;
    for (const f of FEATURES) {
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = `feature-${f}`;
      box.value = f;
      const label = document.createElement("label");
      label.className = "check";
      const name = document.createElement("span");
      label.append(box, name);
      e.features.append(label);
      this.featureBoxes.set(f, box);
      this.featureLabels.set(f, name);
      box.addEventListener("change", () => {
        onChange({ features: FEATURES.filter((g) => this.featureBoxes.get(g)?.checked) });
      });
    }
    type NumberKey = "classes" | "noise" | "points" | "testFraction" | "seed" | "batchSize" | "stepSize" | "tMax" | "maxEpochs" | "targetAcc" | "patience";
    /** `blank`: what an emptied field means (a stop condition's "never"); without it an empty field is put back. */
    const onNumber = (input: HTMLInputElement, key: NumberKey, blank?: number): void => {
      input.addEventListener("change", () => {
        const v = Number(input.value);
        if (input.value.trim() === "" && blank !== undefined) onChange({ [key]: blank });
        else if (input.value.trim() !== "" && Number.isFinite(v)) onChange({ [key]: v });
        else if (this.current) this.show(this.current, this.facts);
      });
    };
    onNumber(e.classes, "classes");
    onNumber(e.noise, "noise");
    onNumber(e.points, "points");
    onNumber(e.test, "testFraction");
    onNumber(e.seed, "seed");
    onNumber(e.batch, "batchSize");
    onNumber(e.stepSize, "stepSize");
    onNumber(e.tMax, "tMax");
    onNumber(e.maxEpochs, "maxEpochs", 0);
    onNumber(e.targetAcc, "targetAcc", 0);
    onNumber(e.patience, "patience", 0);
    e.schedule.addEventListener("change", () => onChange({ schedule: e.schedule.value as ScheduleName }));
    e.gamma.addEventListener("change", () => onChange({ gamma: Number(e.gamma.value) }));
    // Live read-outs while a slider moves, before the change is committed.
    e.noise.addEventListener("input", () => (e.noiseOut.value = Number(e.noise.value).toFixed(2)));
    e.points.addEventListener("input", () => (e.pointsOut.value = e.points.value));
    e.test.addEventListener("input", () => (e.testOut.value = `${Math.round(Number(e.test.value) * 100)} %`));
    e.reseed.addEventListener("click", () => onChange({ seed: Math.floor(Math.random() * 100000) }));
    // A new problem type starts with its first data set (the TensorFlow Playground's choice).
    e.problem.addEventListener("change", () => {
      const dataset = FIRST_DATASET[e.problem.value as ProblemName];
      onChange({ dataset, noise: DEFAULT_NOISE[dataset] });
    });
    e.dataset.addEventListener("change", () => {
      const dataset = e.dataset.value as DatasetName;
      onChange({ dataset, noise: DEFAULT_NOISE[dataset] });
    });
    e.labelColumn.addEventListener("change", () => onLabelColumn(e.labelColumn.value));
    e.activation.replaceChildren(...activationOptions());
    // The common activation sets every layer.
    e.activation.addEventListener("change", () => onChange({ activation: e.activation.value as ActivationName, layerActivations: [] }));
    e.loss.addEventListener("change", () => onChange({ loss: e.loss.value as LossName }));
    e.optimizer.addEventListener("change", () => onChange({ optimizer: e.optimizer.value as OptimizerName }));
    e.lr.addEventListener("change", () => onChange({ lr: Number(e.lr.value) }));
    e.l2.addEventListener("change", () => onChange({ l2: Number(e.l2.value) }));
    e.l1.addEventListener("change", () => onChange({ l1: Number(e.l1.value) }));
    e.dropout.addEventListener("change", () => onChange({ dropout: Number(e.dropout.value) }));
    e.device.addEventListener("change", () => onChange({ device: e.device.value === "webgpu" ? "webgpu" : undefined }));
  }

  /**
   * What the worker found: the switch is enabled only with a GPU; without one it stays
   * disabled and says why (in its tooltip and the note under the form).
   */
  showGpu(gpu: { available: boolean; reason: string | null; adapter: string | null }): void {
    const e = this.el;
    this.gpu = gpu;
    e.device.disabled = !gpu.available;
    const why = gpu.available
      ? `WebGPU found (${gpu.adapter ?? "a GPU"}): the run trains on the GPU with the same numbers as on the CPU.`
      : `WebGPU is not available: ${gpu.reason ?? "no GPU was found"}. Training runs on the CPU.`;
    e.deviceCell.title = e.device.title = why;
    this.showDevice(e.device.value === "webgpu" ? "webgpu" : "cpu");
  }

  /** The device the run trains on (the worker's word: the CPU when no GPU was found). */
  showDevice(device: "cpu" | "webgpu"): void {
    const e = this.el;
    e.device.value = device;
    if (!this.gpu) return;
    e.deviceNote.textContent = device === "webgpu" ? `Training on WebGPU (${this.gpu.adapter ?? "a GPU"}).` : e.device.title;
  }

  /** Puts a config's values in the form, with what is known of the data (a CSV's size and columns). */
  show(c: Config, facts: DataFacts): void {
    this.current = c;
    this.facts = facts;
    const { nClasses } = facts;
    const csv = c.dataset === "csv" ? facts.csv : null;
    const e = this.el;
    const problem = problemOf(c.dataset);
    e.problem.value = problem;
    // Only the data sets of this problem type are offered.
    for (const o of Array.from(e.dataset.options)) o.hidden = o.disabled = problemOf(o.value as DatasetName) !== problem;
    e.dataset.value = c.dataset;
    e.classesRow.hidden = !hasClassChoice(c.dataset);
    e.classes.value = String(c.classes);
    e.noise.value = String(c.noise);
    e.noiseOut.value = c.noise.toFixed(2);
    e.noiseHelp.textContent = `Noise: ${noiseMeaning(c.dataset)}.`;
    e.noise.disabled = c.dataset === "gaussian" || c.dataset === "csv";
    // A CSV has as many points as rows, whatever the slider held before.
    e.points.value = String(csv?.rows ?? c.points);
    e.pointsOut.value = String(csv?.rows ?? c.points);
    e.points.disabled = c.dataset === "csv";
    e.test.value = String(c.testFraction);
    e.testOut.value = `${Math.round(c.testFraction * 100)} %`;
    e.seed.value = String(c.seed);
    for (const [f, box] of this.featureBoxes) box.checked = (c.features as string[]).includes(f);
    for (const f of FEATURES) {
      const label = this.featureLabels.get(f);
      if (label) label.textContent = featureLabel(f, csv?.featureNames ?? null);
    }
    e.labelRow.hidden = csv === null;
    if (csv) {
      e.labelColumn.replaceChildren(...csv.columns.map((name) => new Option(name, name)));
      e.labelColumn.value = csv.labelName;
    }
    e.activation.value = c.activation;
    this.showLayerActivations(c);
    e.loss.value = c.loss;
    // BCE needs two classes; regression trains with MSE alone.
    for (const o of Array.from(e.loss.options)) if (o.value !== "mse") o.disabled = problem === "regression" || (o.value === "bce" && nClasses > 2);
    e.targetAcc.disabled = problem === "regression";
    e.optimizer.value = c.optimizer;
    numberOptions(e.lr, LR_CHOICES, c.lr);
    e.batch.value = String(c.batchSize);
    numberOptions(e.l2, L2_CHOICES, c.l2);
    numberOptions(e.l1, L2_CHOICES, c.l1);
    numberOptions(e.dropout, DROPOUT_CHOICES, c.dropout);
    this.showDevice(c.device ?? "cpu");
    e.schedule.value = c.schedule;
    e.stepSizeRow.hidden = e.gammaRow.hidden = c.schedule !== "step";
    e.tMaxRow.hidden = c.schedule !== "cosine";
    e.stepSize.value = String(c.stepSize);
    numberOptions(e.gamma, GAMMA_CHOICES, c.gamma);
    e.tMax.value = String(c.tMax);
    // 0 is "never": an empty field with its placeholder.
    e.maxEpochs.value = c.maxEpochs > 0 ? String(c.maxEpochs) : "";
    e.targetAcc.value = c.targetAcc > 0 ? String(c.targetAcc) : "";
    e.patience.value = c.patience > 0 ? String(c.patience) : "";
  }

  /** One select per hidden layer; a change there sets that layer's activation alone. */
  private showLayerActivations(c: Config): void {
    const e = this.el, acts = activationsOf(c);
    e.layerActsBox.hidden = c.hidden.length === 0;
    if (c.layerActivations.length > 0) e.layerActsBox.open = true;
    const focused = e.layerActs.contains(document.activeElement) ? document.activeElement?.id : null;
    e.layerActs.replaceChildren(...acts.map((act, i) => {
      const cell = document.createElement("div");
      const label = document.createElement("label");
      label.htmlFor = `layer-act-${i + 1}`;
      label.textContent = `Layer ${i + 1}`;
      const select = document.createElement("select");
      select.id = `layer-act-${i + 1}`;
      select.append(...activationOptions());
      select.value = act;
      select.addEventListener("change", () => {
        const next = [...activationsOf(c)];
        next[i] = select.value as ActivationName;
        this.onChange({ layerActivations: next });
      });
      cell.append(label, select);
      return cell;
    }));
    if (focused) document.getElementById(focused)?.focus();
  }
}
