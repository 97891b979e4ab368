/**
 * Tracing a model for export: run it once on the example input with a forward hook on
 * every leaf module, recording each call's input and output tensors in call order.
 * Data flow is then followed by tensor identity (see export.ts).
 */
import { inferenceMode } from "../../autograd/grad-mode.js";
import { ValueError } from "../../errors.js";
import type { Module } from "../../nn/module.js";
import { Sequential } from "../../nn/layers/containers.js";
import type { RemovableHandle } from "../../nn/hooks.js";
import { Tensor } from "../../tensor/tensor.js";
import type { LayerCall } from "./convert.js";

export interface Trace {
  calls: LayerCall[];
  output: Tensor;
}

/** Runs `model` in eval mode (restoring its mode after) with hooks on its leaf modules. */
export function traceLeaves(model: Module, example: Tensor): Trace {
  const calls: LayerCall[] = [];
  const handles: RemovableHandle[] = [];
  const wasTraining = model.training;
  try {
    for (const [name, m] of model.namedModules()) {
      // Leaves are the layers; an empty Sequential is a container with nothing to do.
      if (m.children().length > 0 || m instanceof Sequential) continue;
      handles.push(m.registerForwardHook((mod, inputs, output) => {
        if (inputs.length !== 1 || !(inputs[0] instanceof Tensor) || !(output instanceof Tensor)) {
          throw new ValueError(`exportOnnx: module "${name}" (${mod._getName()}) was called with ${inputs.length} inputs; layers with one tensor in and one out can be exported`);
        }
        calls.push({ name, module: mod, input: inputs[0], output });
      }));
    }
    model.eval();
    const output = inferenceMode(() => model.forward(example));
    if (!(output instanceof Tensor)) throw new ValueError("exportOnnx: the model must return one Tensor");
    return { calls, output };
  } finally {
    for (const h of handles) h.remove();
    model.train(wasTraining);
  }
}
