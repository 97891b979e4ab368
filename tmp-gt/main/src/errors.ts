/**
 * Errors thrown by Kindling. Each says what was wrong and what was expected,
 * in PyTorch's words where PyTorch has them, so a message can be searched for.
 */

/** Base class of every error Kindling throws on purpose. */
export class KindlingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that do not fit together (matmul, broadcasting, reshape, cat, losses). */
export class ShapeError extends KindlingError {}

/** A tensor of the wrong dtype, e.g. an integer tensor where a float one is needed. */
export class DTypeError extends KindlingError {}

/** A dimension index outside the tensor's range. */
export class IndexError extends KindlingError {}

/** An invalid argument value (negative learning rate, unknown option, ...). */
export class ValueError extends KindlingError {}

/** PyTorch's RuntimeError where no narrower class fits: tensors on two devices, a device that cannot do what was asked. */
export class DeviceError extends KindlingError {}

/** Misuse of autograd: backward on a non-scalar, through a freed graph, ... */
export class AutogradError extends KindlingError {}

/** A gradient that disagrees with finite differences (torch.autograd.gradcheck.GradcheckError). */
export class GradcheckError extends AutogradError {}

/**
 * scikit-learn's NotFittedError: using an estimator before `fit`. Like upstream it is a
 * ValueError, so `catch (e) { if (e instanceof ValueError) ... }` catches it too.
 */
export class NotFittedError extends ValueError {}

/** A file (safetensors, ONNX, model file) whose bytes do not follow its format: corrupted, truncated or hostile. */
export class FileFormatError extends KindlingError {}

/**
 * A problem in a CSV file, reported where a spreadsheet would show it: rows and columns
 * count from 1, row 1 is the header line. A ValueError, as pandas' ParserError is.
 */
export class CsvError extends ValueError {
  /** 1-based row as a spreadsheet numbers it (row 1 is the header), when the problem has one. */
  readonly row: number | null;
  /** 1-based column, when the problem has one. */
  readonly column: number | null;

  constructor(message: string, row: number | null = null, column: number | null = null) {
    super(message);
    this.row = row;
    this.column = column;
  }
}
