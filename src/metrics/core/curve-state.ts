/** Options of the curve metrics (precision-recall curve, ROC, AUROC, average precision). */
import { Tensor } from "../../tensor/tensor.js";
import { linspaceF32 } from "../internal/normalize.js";
import type { FloatArray } from "../internal/tensors.js";
import type { CommonOptions, Thresholds } from "../internal/types.js";
import { checkIgnoreIndex, checkNumClasses, checkNumLabels, checkThresholdsArg } from "../internal/validate-args.js";
import { ValueError } from "../../errors.js";
import { pyStr } from "../internal/py.js";

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
