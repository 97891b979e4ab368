/** Checks of metric inputs, with torchmetrics' messages. */
import { DTypeError, ShapeError, ValueError } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { pyStr, torchDtype, torchSize } from "./py.js";
import { isFloat, sameShape } from "./tensors.js";

/** The sorted distinct values of `t`, printed as torch prints `torch.unique(t)`. */
export function uniqueValuesText(t: Tensor): string {
  const seen = new Set<number>();
  for (let i = 0; i < t.data.length; i++) seen.add(t.data[i]);
  const sorted = [...seen].sort((a, b) => a - b);
  return String(new Tensor(t.dtype === "float32" ? Float32Array.from(sorted) : Float64Array.from(sorted),
    [sorted.length], t.dtype === "bool" ? "int64" : t.dtype));
}

export function checkSameShape(preds: Tensor, target: Tensor): void {
  if (!sameShape(preds.shape, target.shape)) {
    throw new ShapeError(
      `Predictions and targets are expected to have the same shape, but got ${torchSize(preds)} and ${torchSize(target)}.`,
    );
  }
}

/** Binary (and multi-label) targets hold 0, 1 and the ignore index only. */
export function checkBinaryTargetValues(target: Tensor, ignoreIndex: number | null): void {
  const d = target.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v !== 0 && v !== 1 && v !== ignoreIndex) {
      const expected = ignoreIndex === null ? "[0, 1]" : `[${ignoreIndex}]`;
      throw new ValueError(
        `Detected the following values in \`target\`: ${uniqueValuesText(target)} but expected only the following values ${expected}.`,
      );
    }
  }
}

/** Integer predictions of a binary or multi-label metric are labels, 0 or 1. */
export function checkBinaryLabelPreds(preds: Tensor, quotedName: boolean): void {
  if (isFloat(preds)) return;
  const d = preds.data;
  for (let i = 0; i < d.length; i++) {
    if (d[i] !== 0 && d[i] !== 1) {
      const what = quotedName ? "`preds`" : "preds";
      throw new ValueError(
        `Detected the following values in \`preds\`: ${uniqueValuesText(preds)} but expected only the following values [0,1] since ${what} is a label tensor.`,
      );
    }
  }
}

/** The shapes multi-class inputs may have: (N, ...) labels for both, or (N, C, ...) scores and (N, ...) labels. */
export function checkMulticlassShapes(
  preds: Tensor, target: Tensor, numClasses: number | undefined, samplewise: boolean, confmatWording = false,
): void {
  if (preds.ndim === target.ndim + 1) {
    if (!isFloat(preds)) {
      throw new DTypeError("If `preds` have one dimension more than `target`, `preds` should be a float tensor.");
    }
    if (numClasses !== undefined && preds.shape[1] !== numClasses) {
      throw new ShapeError(
        "If `preds` have one dimension more than `target`, `preds.shape[1]` should be equal to number of classes.",
      );
    }
    if (!sameShape(preds.shape.slice(2), target.shape.slice(1)) || preds.shape[0] !== target.shape[0]) {
      throw new ShapeError(
        "If `preds` have one dimension more than `target`, the shape of `preds` should be (N, C, ...), and the shape of `target` should be (N, ...).",
      );
    }
    if (samplewise && preds.ndim < 3) {
      throw new ShapeError(
        "If `preds` have one dimension more than `target`, the shape of `preds` should be at least 3D when multidim_average is set to `samplewise`",
      );
    }
  } else if (preds.ndim === target.ndim) {
    if (!sameShape(preds.shape, target.shape)) {
      const detail = `got \`preds\` with shape=${torchSize(preds)} and \`target\` with shape=${torchSize(target)}.`;
      // torchmetrics' confusion-matrix check passes its message in two parts, printed as a tuple
      throw new ShapeError(
        confmatWording
          ? `('The \`preds\` and \`target\` should have the same shape,', ' ${detail}')`
          : `The \`preds\` and \`target\` should have the same shape, ${detail}`,
      );
    }
    if (samplewise && preds.ndim < 2) {
      throw new ShapeError(
        "When `preds` and `target` have the same shape, the shape of `preds` should be at least 2D when multidim_average is set to `samplewise`",
      );
    }
  } else {
    throw new ShapeError(
      "Either `preds` and `target` both should have the (same) shape (N, ...), or `target` should be (N, ...) and `preds` should be (N, C, ...).",
    );
  }
}

/** Multi-label inputs: the same shape (N, L, ...) with L labels. */
export function checkMultilabelShapes(preds: Tensor, target: Tensor, numLabels: number): void {
  checkSameShape(preds, target);
  if (preds.ndim < 2 || preds.shape[1] !== numLabels) {
    throw new ShapeError(
      `Expected both \`target.shape[1]\` and \`preds.shape[1]\` to be equal to the number of labels but got ${pyStr(preds.shape[1])} and expected ${numLabels}`,
    );
  }
}

export function checkFloatPreds(preds: Tensor, message: string): void {
  if (!isFloat(preds)) throw new DTypeError(message.replace("{dtype}", torchDtype(preds)));
}

/**
 * Targets of the curve metrics are labels. torchmetrics wants an integer tensor; Kindling's
 * `tensor([0, 1])` is float32 (JS has one number type), so a floating target of whole numbers
 * is accepted and only a fractional value is refused.
 */
export function checkIntegerTarget(target: Tensor, message: string): void {
  if (!isFloat(target)) return;
  const d = target.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isInteger(d[i])) throw new DTypeError(message.replace("{dtype}", torchDtype(target)));
  }
}
