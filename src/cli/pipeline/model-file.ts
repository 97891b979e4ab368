/**
 * Model files the command line writes and reads: safetensors with PyTorch's state-dict
 * names, and in the metadata everything `predict` needs to rebuild and apply the model
 * from the file alone (architecture, feature and class names, the fitted scaling).
 */
import * as kd from "../../index.js";
import { UsageError } from "../errors.js";
import { buildMlp, type MlpSpec } from "./model.js";
import type { Affine } from "./scale.js";
import type { Task } from "./task.js";

/** The metadata key and format tag of a Kindling command-line model. */
export const CARD_KEY = "kindling.model";
export const CARD_FORMAT = "kindling-mlp/1";

export interface ModelCard {
  spec: MlpSpec;
  featureNames: string[];
  classNames: string[];
  task: Task;
  scaling: Affine | null;
  dataset: string;
}

export async function saveModelFile(path: string, model: kd.nn.Module, card: ModelCard): Promise<string> {
  kd.save(model.stateDict(), path, { metadata: { [CARD_KEY]: JSON.stringify({ format: CARD_FORMAT, ...card }) } });
  return path;
}

function isCard(x: unknown): x is ModelCard & { format: string } {
  if (typeof x !== "object" || x === null) return false;
  const c = x as Record<string, unknown>;
  return c.format === CARD_FORMAT && typeof c.spec === "object" && Array.isArray(c.featureNames) && Array.isArray(c.classNames);
}

export function loadModelFile(path: string): { model: kd.nn.Sequential; card: ModelCard } {
  const { tensors, metadata } = kd.io.loadWithMetadata(path);
  const raw = metadata[CARD_KEY];
  if (raw === undefined) {
    throw new UsageError(`${path} holds weights but no Kindling model description (metadata "${CARD_KEY}"); save it with \`kindling train --save\``);
  }
  let card: unknown;
  try {
    card = JSON.parse(raw);
  } catch {
    throw new UsageError(`${path}: the model description in the metadata is not valid JSON`);
  }
  if (!isCard(card)) throw new UsageError(`${path}: the model description is not a ${CARD_FORMAT} description`);
  const model = buildMlp(card.spec);
  model.loadStateDict(tensors);
  model.eval();
  return { model, card };
}
