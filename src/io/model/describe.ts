/**
 * Sequential model → its `kindling` description: each layer's type and constructor
 * options, plus the input features, class names and task.
 */
import { ValueError } from "../../errors.js";
import { Module } from "../../nn/module.js";
import { Sequential } from "../../nn/layers/containers.js";
import { Linear } from "../../nn/layers/linear.js";
import { BatchNorm1d } from "../../nn/layers/batchnorm.js";
import { Dropout } from "../../nn/layers/dropout.js";
import { Flatten, Identity } from "../../nn/layers/basic.js";
import { ELU, GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, SiLU, Softmax, Softplus, Tanh } from "../../nn/layers/activation.js";
import { MODEL_FORMAT, validateModelInfo, type LayerSpec, type ModelInfo, type Task } from "./spec.js";

export interface DescribeOptions {
  /** Features per sample; needed only when the first layer does not say (e.g. Flatten first). */
  inputFeatures?: number;
  featureNames?: string[];
  classNames?: string[];
  /** Default: "binary" for one output, "multiclass" for several. */
  task?: Task;
}

function describeLayer(name: string, m: Module): LayerSpec {
  // Exact classes only: a subclass may change forward, which a rebuilt plain layer would not.
  switch (m.constructor) {
    case Linear: {
      const l = m as Linear;
      return { name, type: "Linear", inFeatures: l.inFeatures, outFeatures: l.outFeatures, bias: l.bias !== null };
    }
    case BatchNorm1d: {
      const b = m as BatchNorm1d;
      return {
        name, type: "BatchNorm1d", numFeatures: b.numFeatures, eps: b.eps, momentum: b.momentum,
        affine: b.affine, bias: b.bias !== null, trackRunningStats: b.trackRunningStats,
      };
    }
    case ReLU: return { name, type: "ReLU" };
    case Sigmoid: return { name, type: "Sigmoid" };
    case Tanh: return { name, type: "Tanh" };
    case SiLU: return { name, type: "SiLU" };
    case Identity: return { name, type: "Identity" };
    case LeakyReLU: return { name, type: "LeakyReLU", negativeSlope: (m as LeakyReLU).negativeSlope };
    case ELU: return { name, type: "ELU", alpha: (m as ELU).alpha };
    case GELU: return { name, type: "GELU", approximate: (m as GELU).approximate };
    case Softplus: return { name, type: "Softplus", beta: (m as Softplus).beta, threshold: (m as Softplus).threshold };
    case Softmax: return { name, type: "Softmax", dim: (m as Softmax).dim };
    case LogSoftmax: return { name, type: "LogSoftmax", dim: (m as LogSoftmax).dim };
    case Dropout: return { name, type: "Dropout", p: (m as Dropout).p };
    case Flatten: return { name, type: "Flatten", startDim: (m as Flatten).startDim, endDim: (m as Flatten).endDim };
    case Sequential: return { name, type: "Sequential", layers: describeChildren(m as Sequential) };
    default:
      throw new ValueError(
        `describeSequential: layer "${name}" is a ${m._getName()}; only Sequential stacks of Linear, BatchNorm1d, ` +
        "Dropout, Flatten, Identity and activation layers can be described",
      );
  }
}

function describeChildren(seq: Sequential): LayerSpec[] {
  return seq.namedChildren().map(([name, m]) => describeLayer(name, m));
}

/** The first layer that fixes the input width, looking into nested Sequentials. */
function firstWidth(layers: readonly LayerSpec[]): number | undefined {
  for (const l of layers) {
    if (l.type === "Linear") return l.inFeatures;
    if (l.type === "BatchNorm1d") return l.numFeatures;
    if (l.type === "Flatten") return undefined;
    if (l.type === "Sequential") {
      const w = firstWidth(l.layers);
      if (w !== undefined) return w;
      if (l.layers.some((c) => c.type === "Flatten")) return undefined;
    }
  }
  return undefined;
}

/** The last Linear's width: the number of outputs. */
export function outputWidth(layers: readonly LayerSpec[]): number | undefined {
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i];
    if (l.type === "Linear") return l.outFeatures;
    if (l.type === "Sequential") {
      const w = outputWidth(l.layers);
      if (w !== undefined) return w;
    }
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
  const inputFeatures = opts.inputFeatures ?? firstWidth(layers);
  if (inputFeatures === undefined) {
    throw new ValueError("describeSequential: the first layer does not fix the number of input features; pass { inputFeatures }");
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
