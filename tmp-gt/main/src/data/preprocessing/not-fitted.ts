/** scikit-learn's `check_is_fitted`. NotFittedError itself lives in src/errors.ts (re-exported here). */
import { NotFittedError } from "../../errors.js";

export { NotFittedError };

/** `check_is_fitted`: throws scikit-learn's message unless the estimator has been fitted. */
export function checkIsFitted<T>(estimatorName: string, state: T | null): T {
  if (state === null) {
    throw new NotFittedError(
      `This ${estimatorName} instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.`,
    );
  }
  return state;
}
