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

/** Misuse of autograd: backward on a non-scalar, through a freed graph, ... */
export class AutogradError extends KindlingError {}

/** A gradient that disagrees with finite differences (torch.autograd.gradcheck.GradcheckError). */
export class GradcheckError extends AutogradError {}
