/**
 * The tutorial's `accuracy_fn`: the percentage of predictions equal to their targets,
 * `eq(yTrue, yPred).sum() / len(yPred) * 100` (so 50.0 for half right), and its form for
 * tensors on a GPU, whose count stays there until it is awaited.
 */
import { ValueError } from "../errors.js";
import { eq } from "../ops/elementwise.js";
import type { NestedArray } from "../tensor/convert.js";
import { tensor } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";

function operands(yTrue: Tensor | NestedArray, yPred: Tensor | NestedArray): [Tensor, Tensor] {
  const t = yTrue instanceof Tensor ? yTrue : tensor(yTrue);
  const p = yPred instanceof Tensor ? yPred : tensor(yPred);
  if (p.ndim === 0) throw new ValueError("len() of a 0-d tensor");
  return [t, p];
}

export function accuracyFn(yTrue: Tensor | NestedArray, yPred: Tensor | NestedArray): number {
  const [t, p] = operands(yTrue, yPred);
  const same = eq(t, p).data;
  let correct = 0;
  for (let i = 0; i < same.length; i++) correct += same[i];
  return (correct / p.shape[0]) * 100;
}

/**
 * `accuracyFn` on any device: the comparison and the count run where the tensors are
 * (a GPU's work is recorded, not waited for), and the one number is read back when awaited.
 */
export async function accuracyFnAsync(yTrue: Tensor | NestedArray, yPred: Tensor | NestedArray): Promise<number> {
  const [t, p] = operands(yTrue, yPred);
  const correct = await eq(t, p).sum().itemAsync();
  return (correct / p.shape[0]) * 100;
}
