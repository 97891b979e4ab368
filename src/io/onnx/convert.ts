/**
 * One traced layer call → ONNX nodes, as torch.onnx.export writes them: Linear → Gemm
 * (transB=1), activations → their ONNX ops (GELU and SiLU decomposed, opset 17 having
 * neither), Dropout / Identity → Identity, BatchNorm1d → BatchNormalization (eval mode).
 */
import { ValueError } from "../../errors.js";
import type { Module } from "../../nn/module.js";
import { Linear } from "../../nn/layers/linear.js";
import { BatchNorm1d } from "../../nn/layers/batchnorm.js";
import { Dropout } from "../../nn/layers/dropout.js";
import { Flatten, Identity } from "../../nn/layers/basic.js";
import { ELU, GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, SiLU, Softmax, Softplus, Tanh } from "../../nn/layers/activation.js";
import { ones, zeros } from "../../tensor/creation.js";
import type { DType } from "../../tensor/dtype.js";
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

/** PyTorch's implicit softmax dim (`_get_softmax_dim`) when a layer was built without one. */
function softmaxAxis(dim: number | null, ndim: number): number {
  if (dim !== null) return dim;
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

function linear(g: GraphBuilder, call: LayerCall, x: string, scope: string): string {
  const m = call.module as Linear;
  const w = g.tensor(`${call.name}.weight`, m.weight);
  const b = m.bias ? [g.tensor(`${call.name}.bias`, m.bias)] : [];
  if (call.input.ndim === 2) return g.node(scope, "Gemm", [x, w, ...b], { alpha: { float: 1 }, beta: { float: 1 }, transB: 1 });
  // Gemm takes matrices only: other ranks use MatMul with the transposed weight.
  const wt = g.tensor(`${call.name}.weight_t`, m.weight.t());
  const y = g.node(scope, "MatMul", [x, wt]);
  return b.length > 0 ? g.node(scope, "Add", [y, b[0]]) : y;
}

function batchNorm(g: GraphBuilder, call: LayerCall, x: string, scope: string): string {
  const m = call.module as BatchNorm1d;
  if (!m.trackRunningStats) {
    throw new ValueError(`exportOnnx: BatchNorm1d "${call.name}" keeps no running statistics (trackRunningStats: false), so it has no eval-mode form to export`);
  }
  const mean = m.getBuffer("running_mean");
  const variance = m.getBuffer("running_var");
  const dtype = mean.dtype;
  const scale = g.tensor(`${call.name}.weight`, m.weight ?? ones([m.numFeatures], { dtype }));
  const bias = g.tensor(`${call.name}.bias`, m.bias ?? zeros([m.numFeatures], { dtype }));
  const inputs = [x, scale, bias, g.tensor(`${call.name}.running_mean`, mean), g.tensor(`${call.name}.running_var`, variance)];
  return g.node(scope, "BatchNormalization", inputs, { epsilon: { float: m.eps } });
}

/** GELU = x·½(1 + erf(x/√2)), or the tanh form x·½(1 + tanh(√(2/π)(x + 0.044715x³))). */
function gelu(g: GraphBuilder, call: LayerCall, x: string, scope: string, dtype: DType): string {
  const c = (name: string, v: number) => g.scalar(`/${scope}/${name}`, v, dtype);
  let inner: string;
  if ((call.module as GELU).approximate === "tanh") {
    const cube = g.node(scope, "Mul", [g.node(scope, "Mul", [x, x]), x]);
    const sum = g.node(scope, "Add", [x, g.node(scope, "Mul", [cube, c("coeff", 0.044715)])]);
    inner = g.node(scope, "Tanh", [g.node(scope, "Mul", [sum, c("sqrt_2_over_pi", Math.sqrt(2 / Math.PI))])]);
  } else {
    inner = g.node(scope, "Erf", [g.node(scope, "Div", [x, c("sqrt_2", Math.SQRT2)])]);
  }
  const onePlus = g.node(scope, "Add", [inner, c("one", 1)]);
  return g.node(scope, "Mul", [g.node(scope, "Mul", [x, onePlus]), c("half", 0.5)]);
}

/** softplus(x) = log(1 + exp(βx))/β, linear above the threshold, as PyTorch computes it. */
function softplus(g: GraphBuilder, call: LayerCall, x: string, scope: string, dtype: DType): string {
  const m = call.module as Softplus;
  const bx = m.beta === 1 ? x : g.node(scope, "Mul", [x, g.scalar(`/${scope}/beta`, m.beta, dtype)]);
  const soft = g.node(scope, "Softplus", [bx]);
  const scaled = m.beta === 1 ? soft : g.node(scope, "Div", [soft, g.scalar(`/${scope}/beta_div`, m.beta, dtype)]);
  const above = g.node(scope, "Greater", [bx, g.scalar(`/${scope}/threshold`, m.threshold, dtype)]);
  return g.node(scope, "Where", [above, x, scaled]);
}

function flatten(g: GraphBuilder, call: LayerCall, x: string, scope: string): string {
  const m = call.module as Flatten;
  const nd = call.input.ndim;
  const norm = (d: number) => (d < 0 ? d + nd : d);
  const [start, end] = [norm(m.startDim), norm(m.endDim)];
  if (start === 1 && end === nd - 1) return g.node(scope, "Flatten", [x], { axis: 1 });
  // Other ranges: keep the dims before `start` (0 copies a dim, batch included), merge, keep the rest.
  const shape = [...Array<number>(start).fill(0), -1, ...call.input.shape.slice(end + 1)];
  return g.node(scope, "Reshape", [x, g.initializer(`/${scope}/shape`, shape, [shape.length], "int64")]);
}

/** Adds the nodes computing `call` from value `x`; returns the name of its output value. */
export function convertLayer(g: GraphBuilder, call: LayerCall, x: string): string {
  const m = call.module;
  const scope = call.name || m._getName();
  const dtype = call.input.dtype;
  switch (m.constructor) {
    case Linear: return linear(g, call, x, scope);
    case BatchNorm1d: return batchNorm(g, call, x, scope);
    case ReLU: return g.node(scope, "Relu", [x]);
    case Sigmoid: return g.node(scope, "Sigmoid", [x]);
    case Tanh: return g.node(scope, "Tanh", [x]);
    case LeakyReLU: return g.node(scope, "LeakyRelu", [x], { alpha: { float: (m as LeakyReLU).negativeSlope } });
    case ELU: return g.node(scope, "Elu", [x], { alpha: { float: (m as ELU).alpha } });
    case Softmax: return g.node(scope, "Softmax", [x], { axis: softmaxAxis((m as Softmax).dim, call.input.ndim) });
    case LogSoftmax: return g.node(scope, "LogSoftmax", [x], { axis: softmaxAxis((m as LogSoftmax).dim, call.input.ndim) });
    case GELU: return gelu(g, call, x, scope, dtype);
    case SiLU: return g.node(scope, "Mul", [x, g.node(scope, "Sigmoid", [x])]);
    case Softplus: return softplus(g, call, x, scope, dtype);
    case Dropout:
    case Identity: return g.node(scope, "Identity", [x]);
    case Flatten: return flatten(g, call, x, scope);
    default:
      throw new ValueError(
        `exportOnnx: module "${call.name}" is a ${m._getName()}, which has no ONNX form here; supported layers: ` +
        "Linear, BatchNorm1d, ReLU, LeakyReLU, ELU, GELU, SiLU, Softplus, Sigmoid, Tanh, Softmax, LogSoftmax, Dropout, Identity, Flatten",
      );
  }
}
