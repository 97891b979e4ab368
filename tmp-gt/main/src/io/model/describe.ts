/**
 * Sequential model → its `kindling` description: each layer's type and constructor
 * options, plus the input features, class names and task.
 */
import { ValueError } from "../../errors.js";
import { Module } from "../../nn/module.js";
import { Sequential } from "../../nn/layers/containers.js";
import { entryNamed, entryOf, LAYER_NAMES } from "../../nn/layers/registry.js";
import { MODEL_FORMAT, validateModelInfo, type LayerSpec, type ModelInfo, type Task } from "./spec.js";

export interface DescribeOptions {
  /** Features per sample; needed only when the first layer does not say (e.g. Flatten first). */
  inputFeatures?: number;
  /**
   * The shape of one sample for a model of images ([1, 28, 28]) or sequences ([channels,
   * length]): a convolution does not fix its input's size, so an image model needs it.
   */
  inputShape?: readonly number[];
  featureNames?: string[];
  classNames?: string[];
  /** Default: "binary" for one output, "multiclass" for several. */
  task?: Task;
}

function describeLayer(name: string, m: Module): LayerSpec {
  // Exact classes only: a subclass may change forward, which a rebuilt plain layer would not.
  if (m.constructor === Sequential) return { name, type: "Sequential", layers: describeChildren(m as Sequential) };
  const entry = entryOf(m);
  if (!entry) {
    throw new ValueError(
      `describeSequential: layer "${name}" is a ${m._getName()}; only Sequential stacks of the built-in layers ` +
      `(${LAYER_NAMES.join(", ")}) can be described`,
    );
  }
  return { name, type: entry.name, ...entry.describe(m) } as LayerSpec;
}

function describeChildren(seq: Sequential): LayerSpec[] {
  return seq.namedChildren().map(([name, m]) => describeLayer(name, m));
}

/** The widths a layer fixes (a Linear's in and out), from its registry entry. */
function features(l: Exclude<LayerSpec, { type: "Sequential" }>): { in: number; out?: number } | undefined {
  return entryNamed(l.type)?.features?.(l);
}

/** The first layer that fixes the input width, looking into nested Sequentials. */
function firstWidth(layers: readonly LayerSpec[]): number | undefined {
  for (const l of layers) {
    if (l.type === "Sequential") {
      const w = firstWidth(l.layers);
      if (w !== undefined) return w;
      if (l.layers.some((c) => c.type !== "Sequential" && entryNamed(c.type)?.reshapes)) return undefined;
      continue;
    }
    const w = features(l)?.in;
    if (w !== undefined) return w;
    if (entryNamed(l.type)?.reshapes) return undefined;
  }
  return undefined;
}

/** The last Linear's width: the number of outputs. */
export function outputWidth(layers: readonly LayerSpec[]): number | undefined {
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i];
    const w = l.type === "Sequential" ? outputWidth(l.layers) : features(l)?.out;
    if (w !== undefined) return w;
  }
  return undefined;
}

/**
 * The `kindling` description of a Sequential model, checked: feature names must match the
 * input width and class names the outputs (two for one binary output).
 */
export function describeSequential(model: Module, opts: DescribeOptions = {}): ModelInfo {
  if (!(model instanceof Sequential)) {
    throw new ValueError(`describeSequential: expected an nn.Sequential, got a ${model?._getName?.() ?? typeof model}`);
  }
  const layers = describeChildren(model);
  const shapeSize = opts.inputShape?.reduce((a, b) => a * b, 1);
  if (opts.inputFeatures !== undefined && shapeSize !== undefined && shapeSize !== opts.inputFeatures) {
    throw new ValueError(`describeSequential: inputShape [${opts.inputShape?.join(", ")}] holds ${shapeSize} values, not inputFeatures ${opts.inputFeatures}`);
  }
  const inputFeatures = opts.inputFeatures ?? shapeSize ?? firstWidth(layers);
  if (inputFeatures === undefined) {
    throw new ValueError(
      "describeSequential: the first layer does not fix the number of input features; pass { inputFeatures }, " +
      "or { inputShape: [channels, height, width] } for a model of images",
    );
  }
  const outputs = outputWidth(layers);
  const task = opts.task ?? (outputs === 1 ? "binary" : "multiclass");
  if (opts.classNames && outputs !== undefined && task !== "regression") {
    const expected = task === "binary" && outputs === 1 ? 2 : outputs;
    if (opts.classNames.length !== expected) {
      throw new ValueError(`describeSequential: ${opts.classNames.length} classNames for a model with ${expected} classes`);
    }
  }
  const info: ModelInfo = {
    format: MODEL_FORMAT,
    task,
    inputFeatures,
    ...(opts.inputShape ? { inputShape: [...opts.inputShape] } : {}),
    ...(opts.featureNames ? { featureNames: [...opts.featureNames] } : {}),
    ...(opts.classNames ? { classNames: [...opts.classNames] } : {}),
    layers,
  };
  // The same checks a reader makes, so a file we write is always one we can read.
  try {
    return validateModelInfo(JSON.parse(JSON.stringify(info)));
  } catch (e) {
    throw new ValueError(`describeSequential: ${(e as Error).message}`);
  }
}
