/**
 * `kindling` description → a Sequential model with the same layers and state-dict names.
 * When the weights come from a file, their shapes are checked against the description
 * first, so a hostile description cannot make us allocate layers larger than the file.
 */
import { FileFormatError } from "../errors.js";
import type { Module } from "../../nn/module.js";
import { Sequential } from "../../nn/layers/containers.js";
import { entryNamed } from "../../nn/layers/registry.js";
import type { Tensor } from "../../tensor/tensor.js";
import { KINDLING_KEY, parseModelInfo, validateModelInfo, type LayerSpec, type ModelInfo } from "./spec.js";

/** The registry's entry for a checked spec (spec.ts refused every other type). */
function entryFor(l: Exclude<LayerSpec, { type: "Sequential" }>) {
  const entry = entryNamed(l.type);
  if (!entry) throw new FileFormatError(`layer "${l.name}" has type "${l.type}", which Kindling cannot build`);
  return entry;
}

/** Options that each pass the file's checks may still not make a layer together (Conv2d's groups); say which layer. */
function asFileError<T>(l: LayerSpec, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FileFormatError || !(e instanceof Error)) throw e;
    throw new FileFormatError(`layer "${l.name}" (${l.type}) cannot be built from its options: ${e.message}`);
  }
}

function buildLayer(l: LayerSpec): Module {
  return l.type === "Sequential" ? buildSequential(l.layers) : asFileError(l, () => entryFor(l).build(l));
}

/** The tensors a layer holds, by its options. */
function tensorsOf(l: Exclude<LayerSpec, { type: "Sequential" }>): [string, number[]][] {
  return asFileError(l, () => entryFor(l).tensors?.(l) ?? []);
}

function buildSequential(layers: readonly LayerSpec[]): Sequential {
  return new Sequential(Object.fromEntries(layers.map((l) => [l.name, buildLayer(l)])));
}

/** The tensors each layer owns in a state dict, with their shapes, in PyTorch's names. */
function expectedTensors(layers: readonly LayerSpec[], prefix: string, out: Map<string, number[]>): void {
  for (const l of layers) {
    const p = `${prefix}${l.name}.`;
    if (l.type === "Sequential") expectedTensors(l.layers, p, out);
    else for (const [name, shape] of tensorsOf(l)) out.set(`${p}${name}`, shape);
  }
}

/** Refuses a description whose layers do not match the stored tensors (names and shapes). */
export function checkAgainstStateDict(info: ModelInfo, stateDict: Record<string, Tensor>): void {
  const expected = new Map<string, number[]>();
  expectedTensors(info.layers, "", expected);
  for (const [name, shape] of expected) {
    const t = Object.hasOwn(stateDict, name) ? stateDict[name] : undefined;
    if (!t) throw new FileFormatError(`the model description needs a tensor "${name}" that the file does not hold`);
    if (t.shape.length !== shape.length || t.shape.some((s, i) => s !== shape[i])) {
      throw new FileFormatError(`tensor "${name}" has shape [${t.shape.join(", ")}] but the model description needs [${shape.join(", ")}]`);
    }
  }
  const extra = Object.keys(stateDict).filter((k) => !expected.has(k));
  if (extra.length > 0) throw new FileFormatError(`the file holds tensors the model description has no place for: ${extra.join(", ")}`);
}

/** Far more than any model here; a description asking for more is refused before allocating. */
export const MAX_PARAMETERS = 100_000_000;

/** The numbers the layers' tensors hold (parameters and buffers). */
function parameterCount(layers: readonly LayerSpec[]): number {
  let n = 0;
  for (const l of layers) {
    if (l.type === "Sequential") n += parameterCount(l.layers);
    else for (const [, shape] of tensorsOf(l)) n += shape.reduce((a, b) => a * b, 1);
  }
  return n;
}

/** A ModelInfo, the JSON text of one, or a file's whole `__metadata__` holding one under "kindling". */
export type ModelDescription = ModelInfo | string | Record<string, string>;

function infoOf(meta: ModelDescription): ModelInfo {
  if (typeof meta === "string") return parseModelInfo(meta);
  if ("format" in meta) return validateModelInfo(meta);
  const text = (meta as Record<string, string>)[KINDLING_KEY];
  if (typeof text !== "string") throw new FileFormatError(`the metadata has no "${KINDLING_KEY}" entry describing a model`);
  return parseModelInfo(text);
}

/**
 * The Sequential described by `meta` (from `describeSequential`, or a file's metadata),
 * freshly initialised; load weights into it with `loadStateDict`.
 */
export function buildFromMetadata(meta: ModelDescription): Sequential {
  const info = infoOf(meta);
  const n = parameterCount(info.layers);
  if (n > MAX_PARAMETERS) {
    throw new FileFormatError(`the model description declares ${n} parameters, more than the ${MAX_PARAMETERS} Kindling builds`);
  }
  return buildSequential(info.layers);
}
