/**
 * What a downloaded model file says about itself. kd.io's `kindling` description (layers,
 * feature and class names, task: "regression" for a regression network, which has no classes) lets `kindling predict` and kd.io.loadModel rebuild the
 * network. When the inputs are just x1 and x2, `kindling.scaling` holds the standardisation
 * so `kindling predict` gives the page's predictions from raw values. The
 * `kindling.playground` entry always records the whole input pipeline the page used:
 *   z = x · scaling.scale + scaling.offset   (standardisation with the training set's mean and std)
 *   inputs = the `features` of z, in order (x1, x2, x1sq = z1², x2sq = z2², x1x2 = z1·z2, sinx1 = sin z1, sinx2 = sin z2).
 */
import type { Session } from "./session.js";
import type { FeatureName } from "../state/config.js";

export const PLAYGROUND_KEY = "kindling.playground";

export interface ModelFileInfo {
  featureNames: string[];
  /** None for regression, whose one output is the predicted value. */
  classNames?: string[];
  task: "binary" | "multiclass" | "regression";
  metadata: Record<string, string>;
}

const DERIVED: Record<FeatureName, (a: string, b: string) => string> = {
  x1: (a) => a,
  x2: (_a, b) => b,
  x1sq: (a) => `${a}^2`,
  x2sq: (_a, b) => `${b}^2`,
  x1x2: (a, b) => `${a}*${b}`,
  sinx1: (a) => `sin(${a})`,
  sinx2: (_a, b) => `sin(${b})`,
};

/** kd.io's names for the command line's own metadata entries (see src/cli/pipeline/model-file.ts). */
const SCALING_KEY = "kindling.scaling";
const DATASET_KEY = "kindling.dataset";

export function modelFileInfo(s: Session): ModelFileInfo {
  const c = s.info.config;
  // A CSV's own column names, so `kindling predict` finds them in a new file of the same kind.
  const [a, b] = c.dataset === "csv" ? s.info.featureNames : ["x1", "x2"];
  const { mean, std } = s.standardization;
  const scaling = { scale: std.map((v) => 1 / v), offset: mean.map((m, i) => -m / std[i]) };
  const metadata: Record<string, string> = {
    [DATASET_KEY]: `${c.dataset} (Kindling playground)`,
    [PLAYGROUND_KEY]: JSON.stringify({ inputs: [a, b], scaling, features: c.features, loss: c.loss, epochs: s.epoch, config: c }),
  };
  // With the raw coordinates as the only inputs, the standardisation is all `predict` must apply.
  if (c.features.length === 2 && c.features[0] === "x1" && c.features[1] === "x2") metadata[SCALING_KEY] = JSON.stringify(scaling);
  const features = c.features.map((f) => DERIVED[f](a, b));
  // Regression: `kindling predict` writes the predicted value of each row.
  if (s.info.regression) return { featureNames: features, task: "regression", metadata };
  return { featureNames: features, classNames: s.info.classNames, task: c.loss === "bce" ? "binary" : "multiclass", metadata };
}
