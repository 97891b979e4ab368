/**
 * How each input feature is labelled on the page and written in "Show code": TypeScript
 * (`code`) and PyTorch (`py`) over the standardised coordinate tensors x1 and x2.
 * engine/features.ts computes the same expressions; a unit test checks the TypeScript
 * against it, and the PyTorch test (pytorch-code.test.ts) runs the Python.
 */
import type { FeatureName } from "./config.js";

export const FEATURE_TEXT: Record<FeatureName, { label: string; code: string; py: string }> = {
  x1: { label: "x₁", code: "x1", py: "x1" },
  x2: { label: "x₂", code: "x2", py: "x2" },
  x1sq: { label: "x₁²", code: "x1.square()", py: "torch.square(x1)" },
  x2sq: { label: "x₂²", code: "x2.square()", py: "torch.square(x2)" },
  x1x2: { label: "x₁x₂", code: "x1.mul(x2)", py: "x1 * x2" },
  sinx1: { label: "sin x₁", code: "x1.sin()", py: "torch.sin(x1)" },
  sinx2: { label: "sin x₂", code: "x2.sin()", py: "torch.sin(x2)" },
};

/**
 * A feature's label on the page for inputs named `a` and `b` (an uploaded CSV's columns:
 * "width²", "width·height", "sin height"); the generic x₁, x₂ labels without names.
 */
export function featureLabel(f: FeatureName, names: readonly [string, string] | null): string {
  if (names === null) return FEATURE_TEXT[f].label;
  const [a, b] = names;
  const labels: Record<FeatureName, string> = {
    x1: a, x2: b, x1sq: `${a}²`, x2sq: `${b}²`, x1x2: `${a}·${b}`, sinx1: `sin ${a}`, sinx2: `sin ${b}`,
  };
  return labels[f];
}
