/**
 * One traced layer call → ONNX nodes, as torch.onnx.export writes them. Each layer's form
 * is declared with the layer in the registry (nn/layers/registry.ts); this file gives it
 * the graph to write into.
 */
import { ValueError } from "../../errors.js";
import type { OnnxContext } from "../../nn/layers/layer-entry.js";
import { entryOf, LAYER_NAMES } from "../../nn/layers/registry.js";
import type { Module } from "../../nn/module.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { GraphBuilder } from "./graph.js";

/** A leaf module's call, as the tracer saw it. */
export interface LayerCall {
  /** Dotted path of the module ("layer_1", "0", "linear_layer_stack.2"). */
  name: string;
  module: Module;
  input: Tensor;
  output: Tensor;
}

/** Adds the nodes computing `call` from value `x`; returns the name of its output value. */
export function convertLayer(g: GraphBuilder, call: LayerCall, x: string): string {
  const m = call.module;
  const entry = entryOf(m);
  if (!entry) {
    throw new ValueError(
      `exportOnnx: module "${call.name}" is a ${m._getName()}, which has no ONNX form here; supported layers: ${LAYER_NAMES.join(", ")}`,
    );
  }
  // PyTorch's scopes: nodes "/layer_1/Gemm", constants "/layer_1/sqrt_2", weights "layer_1.weight".
  const scope = call.name || m._getName();
  const dtype = call.input.dtype;
  const ctx: OnnxContext = {
    name: call.name,
    input: call.input,
    x,
    node: (opType, inputs, attrs) => g.node(scope, opType, inputs, attrs),
    tensor: (suffix, t) => g.tensor(`${call.name}.${suffix}`, t),
    scalar: (suffix, value) => g.scalar(`/${scope}/${suffix}`, value, dtype),
    int64s: (suffix, values) => g.initializer(`/${scope}/${suffix}`, values, [values.length], "int64"),
  };
  return entry.onnx(m, ctx);
}
