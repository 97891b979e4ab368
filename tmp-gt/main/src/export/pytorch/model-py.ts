/**
 * model.py: the Kindling model as a PyTorch nn.Module (an nn.Sequential subclass) with
 * the same layers in the same order, so its state_dict keys ("0.weight", ...) are the
 * Kindling model's and its weights load as they are.
 */
import type { LayerSpec } from "../../io/model/spec.js";
import { entryNamed } from "../../nn/layers/registry.js";
import { pyIntLit, pyStrLit } from "./python.js";

/** The PyTorch constructor call of one layer, from its registry entry. */
function layerCall(l: LayerSpec, indent: string): string {
  if (l.type === "Sequential") return sequentialCall(l.layers, `${indent}    `);
  const entry = entryNamed(l.type);
  if (!entry) throw new RangeError(`layer "${l.name}": no PyTorch form for a ${l.type}`);
  try {
    return entry.python(l);
  } catch (e) {
    if (e instanceof RangeError) throw new RangeError(`layer "${l.name}": ${e.message}`);
    throw e;
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
