/** torch.autograd.grad: gradients of outputs w.r.t. chosen inputs, returned, not accumulated. */
import { AutogradError } from "../errors.js";
import { onesLikeRaw } from "../ops/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkGradOutput, runBackward } from "./backward.js";
import { enableGrad } from "./grad-mode.js";

export interface GradOptions {
  /** One gradient per output (a tensor for a single output); ones for scalar outputs when omitted. */
  gradOutputs?: Tensor | readonly (Tensor | null)[];
  retainGraph?: boolean;
  createGraph?: boolean;
  allowUnused?: boolean;
}

/**
 * torch.autograd.grad(outputs, inputs): `outputs` is one tensor or several; with several, the
 * result is the sum of their gradients (each weighted by its grad output), as PyTorch's.
 */
export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], opts: GradOptions = {}): (Tensor | null)[] {
  const outs: readonly Tensor[] = Array.isArray(outputs) ? outputs : [outputs as Tensor];
  // One input tensor or several, as PyTorch takes them; the result is a list either way.
  const ins: readonly Tensor[] = Array.isArray(inputs) ? inputs : [inputs as Tensor];
  const given = opts.gradOutputs === undefined ? null : Array.isArray(opts.gradOutputs) ? opts.gradOutputs : [opts.gradOutputs as Tensor];
  if (outs.length === 0) throw new AutogradError("grad requires at least one output tensor");
  if (given && given.length !== outs.length) {
    throw new AutogradError(`got ${outs.length} tensors and ${given.length} gradients: pass one gradOutput per output`);
  }
  if (ins.some((t) => !t.requiresGrad)) throw new AutogradError("One of the differentiated Tensors does not require grad");
  const grads = outs.map((o, i) => {
    if (!o.requiresGrad) throw new AutogradError(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    const g = given?.[i] ?? null;
    if (g) return checkGradOutput(o, g, i);
    if (o.numel() !== 1) throw new AutogradError("grad can be implicitly created only for scalar outputs");
    return onesLikeRaw(o);
  });
  // Several outputs: one root whose backward hands each output exactly its grad output
  // (the sum's gradient is ones, times g_i), so every shared node adds their gradients.
  const [output, g] = outs.length === 1
    ? [outs[0], grads[0]]
    : enableGrad(() => {
      let root = outs[0].mul(grads[0]).sum();
      for (let i = 1; i < outs.length; i++) root = root.add(outs[i].mul(grads[i]).sum());
      return [root, onesLikeRaw(root)] as const;
    });
  const found = runBackward(output, g, { retainGraph: opts.retainGraph ?? opts.createGraph, createGraph: opts.createGraph }, ins);
  return ins.map((t, i) => {
    const r = found.get(t);
    if (!r && !opts.allowUnused) {
      throw new AutogradError(
        `The differentiated Tensor at index ${i} appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.`,
      );
    }
    return r ?? null;
  });
}
