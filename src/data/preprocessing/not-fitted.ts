/**
 * scikit-learn's NotFittedError: using an estimator before `fit`. Like upstream it is a
 * ValueError, so `catch (e) { if (e instanceof ValueError) ... }` catches it too.
 */
import { ValueError } from "../../errors.js";

export class NotFittedError extends ValueError {}

/** `check_is_fitted`: throws scikit-learn's message unless the estimator has been fitted. */
export function checkIsFitted<T>(estimatorName: string, state: T | null): T {
  if (state === null) {
    throw new NotFittedError(
      `This ${estimatorName} instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.`,
    );
  }
  return state;
}
