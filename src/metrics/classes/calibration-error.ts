/** Calibration error: how far the confidences are from the accuracies they announce. */
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { CalibrationState } from "../core/calibration-state.js";
import type { CommonOptions } from "../internal/types.js";
import { pyStr, pyTuple } from "../internal/py.js";
import { checkIgnoreIndex, checkNumClasses } from "../internal/validate-args.js";
import { calibrationError, type CalibrationNorm } from "../reduce/calibration.js";
import { splitBinaryMulticlassTask, type ConfmatTaskOptions } from "../functional/confmat-task.js";
import { Metric } from "./metric.js";
import { taskWrapper, type TwoTaskConstructor } from "./task-wrapper.js";

export type { CalibrationNorm };

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
    return calibrationError(confidences, accuracies, this.nBins, this.norm);
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
