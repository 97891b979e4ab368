/**
 * Models downloaded from the playground may take derived inputs (x₁², x₁x₂, sin x₁, …).
 * Their file records the page's input pipeline under `kindling.playground`:
 *   z = x · scale + offset   (standardisation of the two raw columns)
 *   inputs = the listed features of z, in order.
 * This turns the two raw CSV columns into the model's inputs, so `predict` and `evaluate`
 * give the page's predictions.
 */
import * as kd from "../../index.js";
import { UsageError } from "../errors.js";

export const PLAYGROUND_KEY = "kindling.playground";

const FEATURES = {
  x1: (a: kd.Tensor) => a,
  x2: (_a: kd.Tensor, b: kd.Tensor) => b,
  x1sq: (a: kd.Tensor) => a.mul(a),
  x2sq: (_a: kd.Tensor, b: kd.Tensor) => b.mul(b),
  x1x2: (a: kd.Tensor, b: kd.Tensor) => a.mul(b),
  sinx1: (a: kd.Tensor) => a.sin(),
  sinx2: (_a: kd.Tensor, b: kd.Tensor) => b.sin(),
} as const;
type FeatureName = keyof typeof FEATURES;

export interface PlaygroundPipeline {
  /** The two raw columns the page trained on. */
  inputs: [string, string];
  scale: [number, number];
  offset: [number, number];
  features: FeatureName[];
}

export function parsePlaygroundPipeline(raw: string | undefined, path: string): PlaygroundPipeline | null {
  if (raw === undefined) return null;
  const bad = (why: string): never => {
    throw new UsageError(`${path}: the "${PLAYGROUND_KEY}" metadata ${why}`);
  };
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return bad("is not valid JSON");
  }
  const o = v as { inputs?: unknown; scaling?: { scale?: unknown; offset?: unknown }; features?: unknown };
  const pair = (x: unknown, kind: "string" | "number"): boolean =>
    Array.isArray(x) && x.length === 2 && x.every((e) => typeof e === kind && (kind === "string" || Number.isFinite(e)));
  if (!pair(o.inputs, "string")) bad("must name two input columns");
  if (!pair(o.scaling?.scale, "number") || !pair(o.scaling?.offset, "number")) bad("must hold two finite scale and offset values");
  if (!Array.isArray(o.features) || o.features.length === 0 || !o.features.every((f) => typeof f === "string" && f in FEATURES)) {
    bad(`must list features among ${Object.keys(FEATURES).join(", ")}`);
  }
  return {
    inputs: o.inputs as [string, string],
    scale: o.scaling?.scale as [number, number],
    offset: o.scaling?.offset as [number, number],
    features: o.features as FeatureName[],
  };
}

/** The model's inputs [N, features] from the two raw columns [N, 2]. */
export function applyPlaygroundPipeline(p: PlaygroundPipeline, X: kd.Tensor): kd.Tensor {
  const z = X.mul(kd.tensor(p.scale, { dtype: X.dtype })).add(kd.tensor(p.offset, { dtype: X.dtype }));
  const a = z.select(1, 0), b = z.select(1, 1);
  return kd.stack(p.features.map((f) => FEATURES[f](a, b)), 1);
}
