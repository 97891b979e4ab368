/**
 * What the calibration error accumulates: the confidence of each prediction and whether it
 * was right. Binary: the probability of the positive class against the 0/1 target.
 * Multi-class: the highest class probability against whether its class is the target.
 */
import { ShapeError, ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { sigmoidIfNeeded, softmaxRowsIfNeeded } from "../internal/normalize.js";
import { floatValues, type FloatArray } from "../internal/tensors.js";
import {
  checkBinaryTargetValues, checkFloatPreds, checkMulticlassShapes, checkSameShape,
} from "../internal/validate-tensors.js";
import { decodeMulticlass } from "./multiclass-labels.js";
import type { MetricState } from "./state.js";

export interface CalibrationConfig {
  readonly kind: "binary" | "multiclass";
  readonly numClasses: number;
  readonly ignoreIndex: number | null;
  readonly validateArgs: boolean;
}

const FLOAT_PREDS = "Expected argument `preds` to be floating tensor with probabilities/logits but got tensor with dtype {dtype}";

export class CalibrationState implements MetricState<CalibrationState> {
  private confidences: FloatArray[] = [];
  private accuracies: Uint8Array[] = [];

  constructor(readonly cfg: CalibrationConfig) {}

  update(preds: Tensor, target: Tensor): void {
    const [conf, acc] = this.cfg.kind === "binary" ? this.binary(preds, target) : this.multiclass(preds, target);
    this.confidences.push(conf);
    this.accuracies.push(acc);
  }

  private binary(preds: Tensor, target: Tensor): [FloatArray, Uint8Array] {
    const { ignoreIndex } = this.cfg;
    if (this.cfg.validateArgs) {
      checkSameShape(preds, target);
      checkBinaryTargetValues(target, ignoreIndex);
      checkFloatPreds(preds, FLOAT_PREDS);
    }
    const p = floatValues(preds);
    const kept: number[] = [];
    for (let i = 0; i < p.length; i++) if (ignoreIndex === null || target.data[i] !== ignoreIndex) kept.push(i);
    const scores = p instanceof Float64Array ? new Float64Array(kept.length) : new Float32Array(kept.length);
    const acc = new Uint8Array(kept.length);
    kept.forEach((i, k) => {
      scores[k] = p[i];
      acc[k] = target.data[i];
    });
    return [sigmoidIfNeeded(scores), acc];
  }

  private multiclass(preds: Tensor, target: Tensor): [FloatArray, Uint8Array] {
    const c = this.cfg.numClasses;
    if (this.cfg.validateArgs) {
      checkMulticlassShapes(preds, target, c, false, true);
      checkFloatPreds(preds, FLOAT_PREDS);
    }
    if (preds.ndim !== target.ndim + 1) throw new ShapeError("`preds` should have the shape (N, C, ...) of class scores");
    // the kept rows of C scores, squashed by softmax when they are logits, then the best class
    const lab = decodeMulticlass(preds, target, { numClasses: c, topK: 1, ignoreIndex: this.cfg.ignoreIndex, checkUniqueCounts: false });
    const p = floatValues(preds);
    const n = preds.shape[0];
    const inner = lab.target.length / Math.max(1, n);
    const rows: number[] = [];
    for (let i = 0; i < lab.target.length; i++) if (lab.target[i] >= 0) rows.push(i);
    const scores = p instanceof Float64Array ? new Float64Array(rows.length * c) : new Float32Array(rows.length * c);
    rows.forEach((pos, k) => {
      const a = Math.floor(pos / inner), x = pos % inner;
      for (let j = 0; j < c; j++) scores[k * c + j] = p[(a * c + j) * inner + x];
    });
    const probs = softmaxRowsIfNeeded(scores, c);
    const conf = new Float32Array(rows.length); // torchmetrics keeps multi-class confidences in float32
    const acc = new Uint8Array(rows.length);
    rows.forEach((pos, k) => {
      let best = 0;
      for (let j = 1; j < c; j++) if (probs[k * c + j] > probs[k * c + best]) best = j;
      conf[k] = probs[k * c + best];
      acc[k] = best === lab.target[pos] ? 1 : 0;
    });
    return [conf, acc];
  }

  empty(): CalibrationState {
    return new CalibrationState(this.cfg);
  }

  merge(other: CalibrationState): void {
    for (const c of other.confidences) this.confidences.push(c);
    for (const a of other.accuracies) this.accuracies.push(a);
  }

  /** All confidences (in the precision of the scores; float32 for multi-class) and accuracies. */
  all(): { confidences: FloatArray; accuracies: Uint8Array } {
    if (this.confidences.length === 0) throw new ValueError("No samples to concatenate");
    const n = this.accuracies.reduce((a, b) => a + b.length, 0);
    const wide = this.confidences.some((c) => c instanceof Float64Array);
    const confidences = wide ? new Float64Array(n) : new Float32Array(n);
    const accuracies = new Uint8Array(n);
    let o = 0;
    this.confidences.forEach((c, i) => {
      confidences.set(c, o);
      accuracies.set(this.accuracies[i], o);
      o += c.length;
    });
    return { confidences, accuracies };
  }
}
