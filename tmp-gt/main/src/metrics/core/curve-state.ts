/**
 * The curve family's options (precision-recall curve, ROC, AUROC, average precision),
 * their task-agnostic form, the checked inputs, and the scores or binned counts accumulated.
 */
import { DTypeError, ShapeError, ValueError } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";
import {
  ALL_TASKS, checkIgnoreIndex, checkNumClasses, checkNumLabels, checkThresholdsArg, type CommonOptions,
  type MetricState, parseTask, pyStr, requireInt, type Task, type Thresholds, torchDtype, torchSize,
} from "./common.js";
import {
  checkBinaryTargetValues, checkFloatPreds, checkIntegerTarget, checkMultilabelShapes, checkSameShape,
  type FloatArray, floatValues, isFloat, linspaceF32, sigmoidIfNeeded, softmaxRowsIfNeeded, uniqueValuesText,
} from "./tensors.js";

// Options of the curve metrics (precision-recall curve, ROC, AUROC, average precision).

export interface BinaryCurveOptions extends CommonOptions {
  /** null (default): the exact curve over every distinct score; n: n thresholds in [0, 1]; a list or tensor. */
  thresholds?: Thresholds;
}

export interface MulticlassCurveOptions extends BinaryCurveOptions {
  numClasses: number;
}

export interface MultilabelCurveOptions extends BinaryCurveOptions {
  numLabels: number;
}

/** Averaging of the multi-class curves: one-vs-rest curves pooled ("micro") or interpolated ("macro"). */
export type CurveAverage = "micro" | "macro" | null;

export interface CurveConfig {
  /** Binned thresholds, or null for the exact curve. */
  readonly thresholds: FloatArray | null;
  readonly ignoreIndex: number | null;
  readonly validateArgs: boolean;
  /** Classes or labels (1 for binary). */
  readonly cols: number;
}

/** torchmetrics' `_adjust_threshold_arg`: an integer n becomes `linspace(0, 1, n)` in float32. */
export function resolveThresholds(t: Thresholds | undefined): FloatArray | null {
  if (t === undefined || t === null) return null;
  if (typeof t === "number") return linspaceF32(t);
  if (t instanceof Tensor) return t.data instanceof Float32Array ? t.data.slice() : Float64Array.from(t.data);
  return Float32Array.from(t);
}

function base(o: BinaryCurveOptions, cols: number): CurveConfig {
  const validateArgs = o.validateArgs ?? true;
  const ignoreIndex = o.ignoreIndex ?? null;
  if (validateArgs) {
    checkThresholdsArg(o.thresholds);
    checkIgnoreIndex(ignoreIndex);
  }
  return { thresholds: resolveThresholds(o.thresholds), ignoreIndex, validateArgs, cols };
}

export function binaryCurveConfig(o: BinaryCurveOptions = {}): CurveConfig {
  return base(o, 1);
}

export function multiclassCurveConfig(o: MulticlassCurveOptions, average: CurveAverage = null): CurveConfig {
  if (o.validateArgs ?? true) {
    checkNumClasses(o.numClasses);
    if (average !== null && average !== "micro" && average !== "macro") {
      throw new ValueError(`Expected argument \`average\` to be one of None, 'micro' or 'macro', but got ${pyStr(average)}`);
    }
  }
  return base(o, o.numClasses);
}

export function multilabelCurveConfig(o: MultilabelCurveOptions): CurveConfig {
  if (o.validateArgs ?? true) checkNumLabels(o.numLabels);
  return base(o, o.numLabels);
}

// Splits the options of a task-agnostic curve metric into the task-specific options.

export interface CurveTaskOptions extends CommonOptions {
  task: Task;
  thresholds?: Thresholds;
  numClasses?: number;
  numLabels?: number;
}

export type SplitCurveOptions =
  | { task: "binary"; options: BinaryCurveOptions }
  | { task: "multiclass"; options: MulticlassCurveOptions }
  | { task: "multilabel"; options: MultilabelCurveOptions };

export function splitCurveTask(o: CurveTaskOptions): SplitCurveOptions {
  const task = parseTask(o.task, ALL_TASKS);
  const shared = { thresholds: o.thresholds, ignoreIndex: o.ignoreIndex, validateArgs: o.validateArgs };
  if (task === "binary") return { task, options: shared };
  if (task === "multiclass") return { task, options: { numClasses: requireInt(o.numClasses, "num_classes", task, "expected"), ...shared } };
  return { task, options: { numLabels: requireInt(o.numLabels, "num_labels", task, "expected"), ...shared } };
}

// Curve inputs as torchmetrics formats them: scores in rows of `cols` values (probabilities,
// squashed when the batch holds logits) and their targets, ignored positions handled as each
// task handles them.

/**
 * Scores [rows, cols] and targets: one label per row for binary and multi-class inputs, one
 * 0/1 per score for multi-label inputs, where -1 marks an ignored score.
 */
export interface CurveBatch {
  readonly scores: FloatArray;
  readonly target: Int32Array;
  readonly rows: number;
  readonly cols: number;
}

function checkBinaryCurveInputs(preds: Tensor, target: Tensor, ignoreIndex: number | null): void {
  checkSameShape(preds, target);
  checkIntegerTarget(target, "Expected argument `target` to be an int or long tensor with ground truth labels but got tensor with dtype {dtype}");
  checkFloatPreds(preds, "Expected argument `preds` to be an floating tensor with probability/logit scores, but got tensor with dtype {dtype}");
  checkBinaryTargetValues(target, ignoreIndex);
}

/** Binary: flattened, ignored positions dropped, then squashed when they are logits. */
export function binaryCurveBatch(preds: Tensor, target: Tensor, cfg: CurveConfig): CurveBatch {
  if (cfg.validateArgs) checkBinaryCurveInputs(preds, target, cfg.ignoreIndex);
  const { scores, labels } = keep(floatValues(preds), target.data, 1, cfg.ignoreIndex);
  return { scores: sigmoidIfNeeded(scores), target: labels, rows: labels.length, cols: 1 };
}

/** Multi-class: (N, C, ...) scores to rows of C, ignored rows dropped, softmax when they are logits. */
export function multiclassCurveBatch(preds: Tensor, target: Tensor, cfg: CurveConfig): CurveBatch {
  const c = cfg.cols;
  if (cfg.validateArgs) checkMulticlassCurveInputs(preds, target, c, cfg.ignoreIndex);
  const rowsFirst = classesLast(floatValues(preds), preds.shape[0] ?? 0, c);
  const { scores, labels } = keep(rowsFirst, target.data, c, cfg.ignoreIndex);
  for (const t of labels) {
    if (t < 0 || t >= c) {
      throw new ValueError(
        `Detected the following values in \`target\`: ${uniqueValuesText(target)} but expected only class labels in [0, ${c - 1}] (num_classes=${c})${cfg.ignoreIndex === null ? "" : ` or the ignore_index ${cfg.ignoreIndex}`}.`,
      );
    }
  }
  return { scores: softmaxRowsIfNeeded(scores, c), target: labels, rows: labels.length, cols: c };
}

/** Multi-class scores pooled one-vs-rest: every score a binary score, its target 1 for the true class. */
export function microBatch(b: CurveBatch): CurveBatch {
  const target = new Int32Array(b.rows * b.cols);
  for (let r = 0; r < b.rows; r++) target[r * b.cols + b.target[r]] = 1;
  return { scores: b.scores, target, rows: b.rows * b.cols, cols: 1 };
}

/** Multi-label: (N, L, ...) to rows of L, squashed when logits; ignored scores are marked, not dropped. */
export function multilabelCurveBatch(preds: Tensor, target: Tensor, cfg: CurveConfig): CurveBatch {
  const l = cfg.cols;
  if (cfg.validateArgs) {
    checkBinaryCurveInputs(preds, target, cfg.ignoreIndex);
    checkMultilabelShapes(preds, target, l);
  }
  const n = preds.shape[0];
  const scores = sigmoidIfNeeded(classesLast(floatValues(preds), n, l));
  const t = classesLast(Float64Array.from(target.data), n, l);
  const labels = new Int32Array(t.length);
  for (let i = 0; i < t.length; i++) labels[i] = cfg.ignoreIndex !== null && t[i] === cfg.ignoreIndex ? -1 : t[i];
  return { scores, target: labels, rows: labels.length / l, cols: l };
}

function checkMulticlassCurveInputs(preds: Tensor, target: Tensor, c: number, ignoreIndex: number | null): void {
  if (preds.ndim !== target.ndim + 1) {
    throw new ShapeError(`Expected \`preds\` to have one more dimension than \`target\` but got ${preds.ndim} and ${target.ndim}`);
  }
  checkIntegerTarget(target, "Expected argument `target` to be an int or long tensor, but got tensor with dtype {dtype}");
  if (!isFloat(preds)) throw new DTypeError(`Expected \`preds\` to be a float tensor, but got ${torchDtype(preds)}`);
  if (preds.shape[1] !== c) {
    throw new ShapeError(`Expected \`preds.shape[1]\` to be equal to the number of classes but got ${preds.shape[1]} and ${c}.`);
  }
  const rest = preds.shape.slice(2);
  if (preds.shape[0] !== target.shape[0] || rest.length !== target.ndim - 1 || rest.some((s, i) => s !== target.shape[i + 1])) {
    throw new ShapeError(
      `Expected the shape of \`preds\` should be (N, C, ...) and the shape of \`target\` should be (N, ...) but got ${torchSize(preds)} and ${torchSize(target)}`,
    );
  }
  const distinct = new Set(target.data).size;
  const allowed = ignoreIndex === null ? c : c + 1;
  if (distinct > allowed) {
    throw new ValueError(
      `Detected more unique values in \`target\` than \`num_classes\`. Expected only ${allowed} but found ${distinct} in \`target\`.`,
    );
  }
}

/** (N, C, X) row-major to (N * X, C): one row of C values per position, positions in (n, x) order. */
function classesLast(v: FloatArray, n: number, c: number): FloatArray {
  const inner = n * c === 0 ? 0 : v.length / (n * c);
  if (inner === 1) return v;
  const out = v instanceof Float32Array ? new Float32Array(v.length) : new Float64Array(v.length);
  let o = 0;
  for (let a = 0; a < n; a++) for (let x = 0; x < inner; x++) for (let k = 0; k < c; k++) out[o++] = v[(a * c + k) * inner + x];
  return out;
}

/** Drops the rows whose target is the ignore index. */
function keep(
  scores: FloatArray, target: ArrayLike<number>, cols: number, ignoreIndex: number | null,
): { scores: FloatArray; labels: Int32Array } {
  let kept = 0;
  for (let i = 0; i < target.length; i++) if (ignoreIndex === null || target[i] !== ignoreIndex) kept++;
  const labels = new Int32Array(kept);
  const out = scores instanceof Float32Array ? new Float32Array(kept * cols) : new Float64Array(kept * cols);
  for (let i = 0, k = 0; i < target.length; i++) {
    if (ignoreIndex !== null && target[i] === ignoreIndex) continue;
    labels[k] = target[i];
    for (let c = 0; c < cols; c++) out[k * cols + c] = scores[i * cols + c];
    k++;
  }
  return { scores: out, labels };
}

// What the curve metrics accumulate. Without thresholds (exact curves) every score and target
// is kept, as torchmetrics keeps them; with thresholds only, per threshold and class, the
// counts of positives and negatives at or above it.

/** How each column's targets are read: a label per row (binary, multi-class) or a 0/1 per score. */
export type TargetLayout = "label" | "per-score";

export interface BinnedCounts {
  /** Index `t * cols + c`: threshold t, class c. */
  readonly tp: Float64Array;
  readonly fp: Float64Array;
  readonly fn: Float64Array;
  readonly tn: Float64Array;
}

export class CurveState implements MetricState<CurveState> {
  private chunks: CurveBatch[] = [];
  readonly binned: BinnedCounts | null;

  constructor(
    readonly cfg: CurveConfig,
    readonly layout: TargetLayout,
    private readonly format: (preds: Tensor, target: Tensor) => CurveBatch,
    readonly cols = cfg.cols,
  ) {
    const t = cfg.thresholds;
    const z = (): Float64Array => new Float64Array((t?.length ?? 0) * cols);
    this.binned = t === null ? null : { tp: z(), fp: z(), fn: z(), tn: z() };
  }

  update(preds: Tensor, target: Tensor): void {
    const batch = this.format(preds, target);
    if (this.binned === null || this.cfg.thresholds === null) this.chunks.push(batch);
    else addBinned(this.binned, this.cfg.thresholds, batch, this.layout);
  }

  empty(): CurveState {
    return new CurveState(this.cfg, this.layout, this.format, this.cols);
  }

  merge(other: CurveState): void {
    for (const c of other.chunks) this.chunks.push(c);
    if (this.binned && other.binned) {
      for (const k of ["tp", "fp", "fn", "tn"] as const) {
        const a = this.binned[k], b = other.binned[k];
        for (let i = 0; i < a.length; i++) a[i] += b[i];
      }
    }
  }

  /** Every score and target kept so far, in update order. */
  all(): CurveBatch {
    // torchmetrics' `dim_zero_cat` of an empty state
    if (this.chunks.length === 0) throw new ValueError("No samples to concatenate");
    if (this.chunks.length === 1) return this.chunks[0];
    const rows = this.chunks.reduce((n, c) => n + c.rows, 0);
    const wide = this.chunks.some((c) => c.scores instanceof Float64Array);
    const scores: FloatArray = wide ? new Float64Array(rows * this.cols) : new Float32Array(rows * this.cols);
    const perRow = this.layout === "label" ? 1 : this.cols;
    const target = new Int32Array(rows * perRow);
    let r = 0;
    for (const c of this.chunks) {
      scores.set(c.scores, r * this.cols);
      target.set(c.target, r * perRow);
      r += c.rows;
    }
    return { scores, target, rows, cols: this.cols };
  }
}

/** Whether score `i` of column `c` is a positive (1), a negative (0) or ignored (-1). */
export function truthOf(b: CurveBatch, layout: TargetLayout, i: number, c: number): number {
  if (layout === "label") return b.target[i] === (b.cols === 1 ? 1 : c) ? 1 : 0;
  const t = b.target[i * b.cols + c];
  return t === 1 ? 1 : t === 0 ? 0 : -1;
}

/** Adds a batch to the per-threshold counts: a score counts as predicted positive at t when score >= t. */
function addBinned(counts: BinnedCounts, thresholds: FloatArray, b: CurveBatch, layout: TargetLayout): void {
  const nT = thresholds.length;
  const order = Array.from(thresholds.keys()).sort((x, y) => thresholds[x] - thresholds[y]);
  const sorted = order.map((i) => thresholds[i]);
  for (let c = 0; c < b.cols; c++) {
    // hist[k]: scores reaching exactly the k lowest thresholds
    const pos = new Float64Array(nT + 1), neg = new Float64Array(nT + 1);
    for (let i = 0; i < b.rows; i++) {
      const truth = truthOf(b, layout, i, c);
      if (truth < 0) continue;
      const k = countAtMost(sorted, b.scores[i * b.cols + c]);
      if (truth === 1) pos[k]++;
      else neg[k]++;
    }
    let posAbove = 0, negAbove = 0, posTotal = 0, negTotal = 0;
    for (let k = 0; k <= nT; k++) {
      posTotal += pos[k];
      negTotal += neg[k];
    }
    for (let j = nT - 1; j >= 0; j--) {
      posAbove += pos[j + 1];
      negAbove += neg[j + 1];
      const o = order[j] * b.cols + c;
      counts.tp[o] += posAbove;
      counts.fp[o] += negAbove;
      counts.fn[o] += posTotal - posAbove;
      counts.tn[o] += negTotal - negAbove;
    }
  }
}

/** Number of ascending `sorted` values that are <= x (0 for NaN). */
function countAtMost(sorted: readonly number[], x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// The curve state of each task: which inputs it takes and how it reads their targets.

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
