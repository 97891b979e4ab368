/**
 * model.py: the Kindling model as a PyTorch nn.Module (an nn.Sequential subclass) with
 * the same layers in the same order, so its state_dict keys ("0.weight", ...) are the
 * Kindling model's and its weights load as they are.
 */
import type { LayerSpec } from "../../io/model/spec.js";
import { pyBoolLit, pyFloatLit, pyIntLit, pyStrLit } from "./python.js";

function optionalDim(d: number | null): string {
  return d === null ? "None" : pyIntLit(d);
}

/** The PyTorch constructor call of one layer. */
function layerCall(l: LayerSpec, indent: string): string {
  switch (l.type) {
    case "Linear":
      return `nn.Linear(${l.inFeatures}, ${l.outFeatures}${l.bias ? "" : ", bias=False"})`;
    case "BatchNorm1d":
      if (l.affine && !l.bias) throw new RangeError(`layer "${l.name}": PyTorch's BatchNorm1d has no affine layer without a bias`);
      return `nn.BatchNorm1d(${l.numFeatures}, eps=${pyFloatLit(l.eps)}, momentum=${l.momentum === null ? "None" : pyFloatLit(l.momentum)}, ` +
        `affine=${pyBoolLit(l.affine)}, track_running_stats=${pyBoolLit(l.trackRunningStats)})`;
    case "ReLU": case "Sigmoid": case "Tanh": case "SiLU": case "Identity":
      return `nn.${l.type}()`;
    case "LeakyReLU": return `nn.LeakyReLU(negative_slope=${pyFloatLit(l.negativeSlope)})`;
    case "ELU": return `nn.ELU(alpha=${pyFloatLit(l.alpha)})`;
    case "GELU": return l.approximate === "none" ? "nn.GELU()" : `nn.GELU(approximate=${pyStrLit(l.approximate)})`;
    case "Softplus": return `nn.Softplus(beta=${pyFloatLit(l.beta)}, threshold=${pyFloatLit(l.threshold)})`;
    case "Softmax": case "LogSoftmax": return `nn.${l.type}(dim=${optionalDim(l.dim)})`;
    case "Dropout": return `nn.Dropout(p=${pyFloatLit(l.p)})`;
    case "Flatten": return `nn.Flatten(start_dim=${l.startDim}, end_dim=${l.endDim})`;
    case "Sequential": return sequentialCall(l.layers, `${indent}    `);
  }
}

/** Numbered children as positional arguments; named ones through an OrderedDict, as PyTorch names them. */
function sequentialCall(layers: readonly LayerSpec[], indent: string): string {
  const numbered = layers.every((l, i) => l.name === String(i));
  const inner = `${indent}    `;
  const items = layers.map((l) => (numbered ? `${inner}${layerCall(l, inner)},` : `${inner}(${pyStrLit(l.name)}, ${layerCall(l, inner)}),`));
  return numbered
    ? `nn.Sequential(\n${items.join("\n")}\n${indent})`
    : `nn.Sequential(OrderedDict([\n${items.join("\n")}\n${indent}]))`;
}

function usesOrderedDict(layers: readonly LayerSpec[]): boolean {
  return layers.some((l, i) => l.name !== String(i) || (l.type === "Sequential" && usesOrderedDict(l.layers)));
}

export interface ModelSource {
  layers: readonly LayerSpec[];
  inputFeatures: number;
  /** One line for the docstring, e.g. "2 → 10 → 10 → 1 on circles". */
  summary: string;
}

export function modelPy(m: ModelSource): string {
  const numbered = m.layers.every((l, i) => l.name === String(i));
  const args = m.layers.map((l) => numbered ? `            ${layerCall(l, "            ")},` : `            (${pyStrLit(l.name)}, ${layerCall(l, "            ")}),`);
  const call = numbered ? `super().__init__(\n${args.join("\n")}\n        )` : `super().__init__(OrderedDict([\n${args.join("\n")}\n        ]))`;
  return `"""The model exported by Kindling: ${m.summary}.

The layers and their state_dict names ("0.weight", ...) are the Kindling model's, so
weights.safetensors loads into it as it is.
"""
${usesOrderedDict(m.layers) ? "from collections import OrderedDict\n\n" : ""}from torch import nn

IN_FEATURES = ${pyIntLit(m.inputFeatures)}


class Model(nn.Sequential):
    def __init__(self) -> None:
        ${call}


if __name__ == "__main__":
    print(Model())
`;
}
