/**
 * Whole models in safetensors files: the state dict plus the `kindling` description, so a
 * file alone rebuilds the model (for the CLI, and the playground's "Download model").
 */
import type { Module } from "../../nn/module.js";
import type { Sequential } from "../../nn/layers/containers.js";
import { writeFileAtomic } from "../atomic-write.js";
import { FileFormatError } from "../errors.js";
import { readBytes } from "../files.js";
import { deserialize } from "../safetensors/deserialize.js";
import { serialize, type Metadata, type SerializeOptions, type StateDict } from "../safetensors/serialize.js";
import { buildFromMetadata, checkAgainstStateDict } from "./build.js";
import { describeSequential, type DescribeOptions } from "./describe.js";
import { KINDLING_KEY, parseModelInfo, type ModelInfo } from "./spec.js";

export interface SaveModelOptions extends DescribeOptions, SerializeOptions {
  /** More `__metadata__` entries to store beside the description. */
  metadata?: Metadata;
}

export interface LoadedModel {
  /** The rebuilt model, in eval mode, with the file's weights. */
  model: Sequential;
  info: ModelInfo;
  /** The file's whole `__metadata__`. */
  metadata: Metadata;
  stateDict: StateDict;
}

/** The `__metadata__` entry describing `model`: `{ kindling: "<json>" }`. */
export function modelMetadata(model: Module, opts: DescribeOptions = {}): Metadata {
  return { [KINDLING_KEY]: JSON.stringify(describeSequential(model, opts)) };
}

/** A Sequential model's safetensors bytes: weights plus its description (browser-safe). */
export function serializeModel(model: Module, opts: SaveModelOptions = {}): Uint8Array {
  const { metadata, floatsAs, ...describe } = opts;
  return serialize(model.stateDict(), { ...metadata, ...modelMetadata(model, describe) }, { floatsAs });
}

/** Rebuilds the model stored in safetensors bytes written by `serializeModel` / `saveModel`. */
export function deserializeModel(bytes: Uint8Array): LoadedModel {
  const { tensors, metadata } = deserialize(bytes);
  const text = metadata[KINDLING_KEY];
  if (text === undefined) {
    throw new FileFormatError(
      `the file has no "${KINDLING_KEY}" metadata describing a model (a bare state dict?); ` +
      "load it with kd.load and loadStateDict into a model you build",
    );
  }
  const info = parseModelInfo(text);
  checkAgainstStateDict(info, tensors);
  const model = buildFromMetadata(info);
  model.loadStateDict(tensors);
  model.eval();
  return { model, info, metadata, stateDict: tensors };
}

/** Writes a Sequential model (weights and description) to `path`, atomically. */
export function saveModel(model: Module, path: string, opts: SaveModelOptions = {}): void {
  writeFileAtomic(path, serializeModel(model, opts), "saveModel");
}

/** Reads a model file written by `saveModel` and rebuilds the model from it. */
export function loadModel(path: string): LoadedModel {
  const bytes = readBytes(path, "loadModel");
  try {
    return deserializeModel(bytes);
  } catch (e) {
    if (e instanceof FileFormatError) throw new FileFormatError(`${path}: ${e.message}`);
    throw e;
  }
}
