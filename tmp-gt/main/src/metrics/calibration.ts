/**
 * Calibration error (expected, maximum, RMS): the state of confidences and right
 * answers, the binned reduction, the classes, and the functional form.
 */
import { ShapeError, ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import {
  checkIgnoreIndex, checkNumClasses, type CommonOptions, type MetricState, pyStr, pyTuple,
} from "./core/common.js";
import { type ConfmatTaskOptions, splitBinaryMulticlassTask } from "./core/confmat-state.js";
import { decodeMulticlass } from "./core/labels.js";
import {
  checkBinaryTargetValues, checkFloatPreds, checkMulticlassShapes, checkSameShape, type FloatArray, floatTensor,
  floatValues, i64, linspaceF32, linspaceF64, sigmoidIfNeeded, softmaxRowsIfNeeded,
} from "./core/tensors.js";
import { computeOnce, Metric, taskWrapper, type TwoTaskConstructor } from "./metric.js";

// What the calibration error accumulates: the confidence of each prediction and whether it
// was right. Binary: the probability of the positive class against the 0/1 target.
// Multi-class: the highest class probability against whether its class is the target.

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

// Expected (l1), root-mean-square (l2) and maximum calibration error over equal-width
// confidence bins, as torchmetrics bins them: bin i holds confidences in
// [b_i, b_{i+1}) of `linspace(0, 1, nBins + 1)`, and a confidence of exactly 1 a bin of its own.

export type CalibrationNorm = "l1" | "l2" | "max";

function calibrationErrorFrom(conf: FloatArray, acc: Uint8Array, nBins: number, norm: CalibrationNorm): Tensor {
  const wide = conf instanceof Float64Array;
  const bounds = wide ? linspaceF64(nBins + 1) : linspaceF32(nBins + 1);
  const bins = bounds.length;
  const count = new Float64Array(bins), confSum = new Float64Array(bins), accSum = new Float64Array(bins);
  for (let i = 0; i < conf.length; i++) {
    let lo = 0, hi = bins;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bounds[mid] <= conf[i]) lo = mid + 1;
      else hi = mid;
    }
    const b = lo - 1;
    count[b]++;
    confSum[b] += conf[i];
    accSum[b] += acc[i];
  }
  let result = 0;
  for (let b = 0; b < bins; b++) {
    const gap = count[b] === 0 ? 0 : (accSum[b] - confSum[b]) / count[b];
    const prop = count[b] / conf.length;
    if (norm === "l1") result += Math.abs(gap) * prop;
    else if (norm === "l2") result += gap * gap * prop;
    else result = Math.max(result, Math.abs(gap));
  }
  const dtype = wide ? "float64" : "float32";
  if (norm === "l2") return result > 0 ? floatTensor([Math.sqrt(result)], [], dtype) : i64([0], []);
  return floatTensor([result], [], dtype);
}

// Calibration error: how far the confidences are from the accuracies they announce.

export interface CalibrationOptions extends CommonOptions {
  /** Number of equal-width confidence bins (default 15). */
  nBins?: number;
  /** "l1" expected, "l2" root-mean-square or "max" maximum calibration error (default "l1"). */
  norm?: CalibrationNorm;
}

export interface MulticlassCalibrationOptions extends CalibrationOptions {
  numClasses: number;
}

const NORMS: readonly CalibrationNorm[] = ["l1", "l2", "max"];

abstract class CalibrationMetric extends Metric<CalibrationState, Tensor> {
  readonly nBins: number;
  readonly norm: CalibrationNorm;
  protected constructor(state: CalibrationState, o: CalibrationOptions) {
    super(state);
    this.nBins = o.nBins ?? 15;
    this.norm = o.norm ?? "l1";
    if (o.validateArgs ?? true) {
      if (!Number.isInteger(this.nBins) || this.nBins < 1) {
        throw new ValueError(`Expected argument \`n_bins\` to be an integer larger than 0, but got ${pyStr(this.nBins)}`);
      }
      if (!NORMS.includes(this.norm)) {
        throw new ValueError(`Expected argument \`norm\` to be one of ${pyTuple(NORMS)}, but got ${pyStr(this.norm)}.`);
      }
      checkIgnoreIndex(o.ignoreIndex ?? null);
    }
  }
  protected computeFrom(s: CalibrationState): Tensor {
    const { confidences, accuracies } = s.all();
    return calibrationErrorFrom(confidences, accuracies, this.nBins, this.norm);
  }
}

export class BinaryCalibrationError extends CalibrationMetric {
  constructor(options: CalibrationOptions = {}) {
    const cfg = { kind: "binary" as const, numClasses: 2, ignoreIndex: options.ignoreIndex ?? null, validateArgs: options.validateArgs ?? true };
    super(new CalibrationState(cfg), options);
  }
}

export class MulticlassCalibrationError extends CalibrationMetric {
  constructor(options: MulticlassCalibrationOptions) {
    if (options.validateArgs ?? true) checkNumClasses(options.numClasses);
    const cfg = {
      kind: "multiclass" as const, numClasses: options.numClasses, ignoreIndex: options.ignoreIndex ?? null,
      validateArgs: options.validateArgs ?? true,
    };
    super(new CalibrationState(cfg), options);
  }
}

export type CalibrationTaskOptions = Omit<ConfmatTaskOptions, "threshold" | "numLabels"> & CalibrationOptions;

export type CalibrationError = BinaryCalibrationError | MulticlassCalibrationError;
export const CalibrationError = taskWrapper<
  TwoTaskConstructor<CalibrationTaskOptions, BinaryCalibrationError, MulticlassCalibrationError>, CalibrationTaskOptions
>("CalibrationError", (o) => {
  const s = splitBinaryMulticlassTask(o);
  const extra = { nBins: o.nBins, norm: o.norm, ignoreIndex: o.ignoreIndex, validateArgs: o.validateArgs };
  if (s.task === "binary") return new BinaryCalibrationError(extra);
  return new MulticlassCalibrationError({ ...extra, numClasses: s.options.numClasses });
});

// Calibration error of one batch.

export function binaryCalibrationError(preds: Tensor, target: Tensor, options: CalibrationOptions = {}): Tensor {
  return computeOnce(new BinaryCalibrationError(options), preds, target);
}

export function multiclassCalibrationError(preds: Tensor, target: Tensor, options: MulticlassCalibrationOptions): Tensor {
  return computeOnce(new MulticlassCalibrationError(options), preds, target);
}

/** The task-agnostic form: `options.task` is "binary" or "multiclass". */
export function calibrationError(preds: Tensor, target: Tensor, options: CalibrationTaskOptions): Tensor {
  const s = splitBinaryMulticlassTask(options);
  const extra = { nBins: options.nBins, norm: options.norm, ignoreIndex: options.ignoreIndex, validateArgs: options.validateArgs };
  if (s.task === "binary") return binaryCalibrationError(preds, target, extra);
  return multiclassCalibrationError(preds, target, { ...extra, numClasses: s.options.numClasses });
}
