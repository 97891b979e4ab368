/**
 * The `kindling` metadata key: a model's architecture, input features and classes, as
 * JSON inside a safetensors file, so that a tool can rebuild the model from the file alone.
 *
 *   { "format": "kindling-mlp/1", "task": "multiclass", "inputFeatures": 2,
 *     "featureNames": ["X1", "X2"], "classNames": ["a", "b", "c"],
 *     "layers": [{ "name": "0", "type": "Linear", "inFeatures": 2, "outFeatures": 8, "bias": true },
 *                { "name": "1", "type": "ReLU" }, ...] }
 *
 * Image models add `"inputShape": [1, 28, 28]` (one sample's [C, H, W]); the format keeps
 * its name from the days of perceptrons only, since a reader that knows no image layer
 * refuses their types by name anyway.
 *
 * Layer names are the Sequential's child names, so the state dict's keys ("0.weight")
 * follow from them; option names are those of the Kindling (camelCase) constructors.
 * Everything read from a file is checked here before anything is built from it.
 */
import { entryNamed, type LayerName, type LayerOptions } from "../../nn/layers/registry.js";
import type { Field } from "../../nn/layers/layer-entry.js";
import { FileFormatError } from "../errors.js";

export const MODEL_FORMAT = "kindling-mlp/1";
/** The safetensors `__metadata__` key holding the JSON. */
export const KINDLING_KEY = "kindling";

export type Task = "binary" | "multiclass" | "regression";

/** One layer as a file stores it: its name, its type, and its registered options. */
export type LayerSpec =
  | { [K in LayerName]: { name: string; type: K } & LayerOptions<K> }[LayerName]
  | { name: string; type: "Sequential"; layers: LayerSpec[] };

export type LayerType = LayerSpec["type"];

export interface ModelInfo {
  format: typeof MODEL_FORMAT;
  task?: Task;
  /** Features per sample the model takes (for images, channels × height × width). */
  inputFeatures: number;
  /**
   * The shape of one sample when the model takes images ([channels, height, width]) or
   * sequences ([channels, length]) rather than rows of features; its product is inputFeatures.
   */
  inputShape?: number[];
  /** Names of the input features, in order (length inputFeatures). */
  featureNames?: string[];
  /** Names of the classes, by index. */
  classNames?: string[];
  layers: LayerSpec[];
}

/** Caps on what a file may declare: far above any MLP here, far below what would exhaust memory. */
const MAX_FEATURES = 1 << 24;
const MAX_DEPTH = 16;
const MAX_LAYERS = 10_000;

type Json = Record<string, unknown>;

function fail(path: string, msg: string): never {
  throw new FileFormatError(`invalid "${KINDLING_KEY}" model metadata: ${path} ${msg}`);
}

/** "layers[0].inFeatures", or just "inputFeatures" at the top. */
function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function isObject(x: unknown): x is Json {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function count(o: Json, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > MAX_FEATURES) {
    fail(at(path, key), `must be a whole number from 1 to ${MAX_FEATURES}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function num(o: Json, key: string, path: string, check: (v: number) => boolean = () => true, what = "a finite number"): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isFinite(v) || !check(v)) fail(at(path, key), `must be ${what}, got ${JSON.stringify(v)}`);
  return v;
}

function bool(o: Json, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== "boolean") fail(at(path, key), `must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

function int(o: Json, key: string, path: string): number {
  return num(o, key, path, Number.isInteger, "a whole number");
}

function dimOrNull(o: Json, key: string, path: string): number | null {
  return o[key] === null ? null : int(o, key, path);
}

function strings(v: unknown, path: string): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) fail(path, "must be an array of strings");
  return v as string[];
}

function parseLayer(raw: unknown, path: string, depth: number): LayerSpec {
  if (!isObject(raw)) fail(path, "must be an object with a name and a type");
  const { name, type } = raw;
  if (typeof name !== "string" || name === "" || name.includes(".")) {
    fail(`${path}.name`, `must be a non-empty string without ".", got ${JSON.stringify(name)}`);
  }
  if (type === "Sequential") {
    if (depth >= MAX_DEPTH) fail(path, `nests Sequentials deeper than ${MAX_DEPTH} levels`);
    return { name, type, layers: parseLayers(raw.layers, `${path}.layers`, depth + 1) };
  }
  const entry = typeof type === "string" ? entryNamed(type) : undefined;
  if (!entry) fail(`${path}.type`, `is ${JSON.stringify(type)}, which Kindling cannot build`);
  // The fields in the registry's order, which is the order a file is written in.
  const spec: Record<string, unknown> = { name, type };
  for (const [key, field] of Object.entries(entry.fields)) spec[key] = readField(raw, key, field, path);
  return spec as LayerSpec;
}

function readField(raw: Json, key: string, field: Field<unknown>, path: string): unknown {
  switch (field.kind) {
    case "count": return count(raw, key, path);
    case "int": return int(raw, key, path);
    case "bool": return bool(raw, key, path);
    case "dim": return dimOrNull(raw, key, path);
    case "nullable": return raw[key] === null ? null : num(raw, key, path);
    case "number": return num(raw, key, path, field.check, field.what);
    case "ints": return ints(raw, key, field, path);
    case "choice": {
      const v = raw[key];
      if (typeof v !== "string" || !field.choices.includes(v)) fail(at(path, key), `must be ${field.choices.map((c) => JSON.stringify(c)).join(" or ")}`);
      return v;
    }
  }
}

/** An image layer's sizes (see Field's "ints"): at most 3 entries, each at most MAX_FEATURES. */
function ints(raw: Json, key: string, field: Extract<Field<unknown>, { kind: "ints" }>, path: string): unknown {
  const v = raw[key];
  if (typeof v === "string" && field.words.includes(v)) return v;
  const ok = (x: unknown) => (x === null && field.nulls) || (typeof x === "number" && Number.isInteger(x) && x >= field.min && x <= MAX_FEATURES);
  if (field.scalar && typeof v === "number" && ok(v)) return v;
  if (Array.isArray(v) && v.length >= 1 && v.length <= 3 && v.every(ok)) return [...(v as (number | null)[])];
  const range = `from ${field.min} to ${MAX_FEATURES}${field.nulls ? " (or null)" : ""}`;
  const forms = [...(field.scalar ? [`a whole number ${range}`] : []), `a list of 1 to 3 whole numbers ${range}`, ...field.words.map((w) => JSON.stringify(w))];
  fail(at(path, key), `must be ${forms.join(", or ")}, got ${JSON.stringify(v)}`);
}

function parseLayers(raw: unknown, path: string, depth: number): LayerSpec[] {
  if (!Array.isArray(raw) || raw.length > MAX_LAYERS) fail(path, `must be an array of at most ${MAX_LAYERS} layers`);
  const layers = raw.map((l, i) => parseLayer(l, `${path}[${i}]`, depth));
  const names = new Set<string>();
  for (const l of layers) {
    if (names.has(l.name)) fail(path, `has two layers named "${l.name}"`);
    names.add(l.name);
  }
  return layers;
}

/** Checks parsed JSON (from a file or from a caller) and returns it typed. */
export function validateModelInfo(raw: unknown): ModelInfo {
  if (!isObject(raw)) fail("the value", "must be a JSON object");
  if (raw.format !== MODEL_FORMAT) fail("format", `is ${JSON.stringify(raw.format)}; this Kindling reads "${MODEL_FORMAT}"`);
  const info: ModelInfo = { format: MODEL_FORMAT, inputFeatures: count(raw, "inputFeatures", ""), layers: parseLayers(raw.layers, "layers", 0) };
  if (raw.task !== undefined) {
    if (raw.task !== "binary" && raw.task !== "multiclass" && raw.task !== "regression") {
      fail("task", `must be "binary", "multiclass" or "regression", got ${JSON.stringify(raw.task)}`);
    }
    info.task = raw.task;
  }
  if (raw.inputShape !== undefined) {
    const shape = raw.inputShape;
    if (!Array.isArray(shape) || shape.length < 1 || shape.length > 3) fail("inputShape", `must be a list of 1 to 3 sizes, got ${JSON.stringify(shape)}`);
    const sizes = shape.map((_, i) => count(shape as unknown as Json, String(i), "inputShape"));
    if (sizes.reduce((a, b) => a * b, 1) !== info.inputFeatures) {
      fail("inputShape", `[${sizes.join(", ")}] holds ${sizes.reduce((a, b) => a * b, 1)} values, not the ${info.inputFeatures} input features`);
    }
    info.inputShape = sizes;
  }
  if (raw.featureNames !== undefined) {
    info.featureNames = strings(raw.featureNames, "featureNames");
    if (info.featureNames.length !== info.inputFeatures) {
      fail("featureNames", `has ${info.featureNames.length} names for ${info.inputFeatures} input features`);
    }
  }
  if (raw.classNames !== undefined) info.classNames = strings(raw.classNames, "classNames");
  return info;
}

/** Parses the `kindling` metadata string. */
export function parseModelInfo(text: string): ModelInfo {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    fail("the value", `is not valid JSON (${(e as Error).message})`);
  }
  return validateModelInfo(raw);
}
