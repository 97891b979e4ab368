/** The curve state of each task: which inputs it takes and how it reads their targets. */
import type { CurveAverage, CurveConfig } from "./curve-config.js";
import { binaryCurveBatch, microBatch, multiclassCurveBatch, multilabelCurveBatch } from "./curve-inputs.js";
import { CurveState } from "./curve-states.js";

export function binaryCurveState(cfg: CurveConfig): CurveState {
  return new CurveState(cfg, "label", (p, t) => binaryCurveBatch(p, t, cfg));
}

/** With `average: "micro"` the classes are pooled into one binary problem as each batch arrives. */
export function multiclassCurveState(cfg: CurveConfig, average: CurveAverage = null): CurveState {
  if (average === "micro") return new CurveState(cfg, "label", (p, t) => microBatch(multiclassCurveBatch(p, t, cfg)), 1);
  return new CurveState(cfg, "label", (p, t) => multiclassCurveBatch(p, t, cfg));
}

export function multilabelCurveState(cfg: CurveConfig): CurveState {
  return new CurveState(cfg, "per-score", (p, t) => multilabelCurveBatch(p, t, cfg));
}
