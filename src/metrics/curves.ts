/** Base of the curve metrics: a curve state, and the task's average where it has one. */
import type { CurveState } from "../core/curve-states.js";
import { sourceOf, type CurveSource } from "../reduce/curve-columns.js";
import { Metric } from "./metric.js";

export abstract class CurveMetric<Out> extends Metric<CurveState, Out> {
  protected constructor(state: CurveState) {
    super(state);
  }
  /** The thresholds of a binned curve, null for exact curves. */
  get thresholds(): Float32Array | Float64Array | null {
    return this.state.cfg.thresholds;
  }
  protected source(s: CurveState): CurveSource {
    return sourceOf(s);
  }
}
