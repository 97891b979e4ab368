/** torch.autograd.grad: gradients of outputs w.r.t. chosen inputs, returned, not accumulated. */
import { AutogradError } from "../errors.js";
import { onesLikeRaw } from "../ops/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkGradOutput, runBackward } from "./backward.js";

export interface GradOptions {
  gradOutputs?: Tensor;
  retainGraph?: boolean;
  createGraph?: boolean;
  allowUnused?: boolean;
}

export function grad(output: Tensor, inputs: readonly Tensor[], opts: GradOptions = {}): (Tensor | null)[] {
  if (!output.requiresGrad) {
    throw new AutogradError("element 0 of tensors does not require grad and does not have a grad_fn");
  }
  if (inputs.some((t) => !t.requiresGrad)) throw new AutogradError("One of the differentiated Tensors does not require grad");
  let g = opts.gradOutputs;
  if (!g) {
    if (output.numel() !== 1) throw new AutogradError("grad can be implicitly created only for scalar outputs");
    g = onesLikeRaw(output);
  } else g = checkGradOutput(output, g);
  const found = runBackward(output, g, { retainGraph: opts.retainGraph ?? opts.createGraph, createGraph: opts.createGraph }, inputs);
  return inputs.map((t, i) => {
    const r = found.get(t);
    if (!r && !opts.allowUnused) {
      throw new AutogradError(
        `The differentiated Tensor at index ${i} appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.`,
      );
    }
    return r ?? null;
  });
}
