/** Calibration error of one batch. */
import type { Tensor } from "../../tensor/tensor.js";
import {
  BinaryCalibrationError, MulticlassCalibrationError,
  type CalibrationOptions, type CalibrationTaskOptions, type MulticlassCalibrationOptions,
} from "../classes/calibration-error.js";
import { computeOnce } from "../classes/metric.js";
import { splitBinaryMulticlassTask } from "./confmat-task.js";

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
