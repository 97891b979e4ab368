/**
 * The ONNX forms of the layers that are more than one node, as torch.onnx.export writes
 * them at opset 17: Linear → Gemm (transB=1), BatchNorm1d / 2d → BatchNormalization (eval
 * mode), GELU, SiLU, Softplus and Mish decomposed (opset 17 has none of them as one op),
 * Conv1d / Conv2d → Conv, the pools → MaxPool, AveragePool or GlobalAveragePool.
 * The order of nodes and initializers is the file's byte order: keep it.
 */
import { ValueError } from "../../errors.js";
import { ones, zeros } from "../../tensor/creation.js";
import type { GELU, Hardtanh, LogSoftmax, Softmax, Softplus } from "./activation.js";
import type { Flatten } from "./basic.js";
import type { BatchNormBase } from "./batchnorm.js";
import type { ConvNd } from "./conv.js";
import type { OnnxContext } from "./layer-entry.js";
import type { Linear } from "./linear.js";
import type { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from "./pooling.js";
import type { IntOrTuple } from "../../ops/conv-geometry.js";
import type { Module } from "../module.js";

export function linearOnnx(m: Linear, g: OnnxContext): string {
  const w = g.tensor("weight", m.weight);
  const b = m.bias ? [g.tensor("bias", m.bias)] : [];
  if (g.input.ndim === 2) return g.node("Gemm", [g.x, w, ...b], { alpha: { float: 1 }, beta: { float: 1 }, transB: 1 });
  // Gemm takes matrices only: other ranks use MatMul with the transposed weight.
  const wt = g.tensor("weight_t", m.weight.t());
  const y = g.node("MatMul", [g.x, wt]);
  return b.length > 0 ? g.node("Add", [y, b[0]]) : y;
}

export function batchNormOnnx(m: BatchNormBase, g: OnnxContext): string {
  if (!m.trackRunningStats) {
    throw new ValueError(`exportOnnx: ${m._getName()} "${g.name}" keeps no running statistics (trackRunningStats: false), so it has no eval-mode form to export`);
  }
  const mean = m.getBuffer("running_mean");
  const variance = m.getBuffer("running_var");
  const dtype = mean.dtype;
  const scale = g.tensor("weight", m.weight ?? ones([m.numFeatures], { dtype }));
  const bias = g.tensor("bias", m.bias ?? zeros([m.numFeatures], { dtype }));
  const inputs = [g.x, scale, bias, g.tensor("running_mean", mean), g.tensor("running_var", variance)];
  return g.node("BatchNormalization", inputs, { epsilon: { float: m.eps } });
}

/** GELU = x·½(1 + erf(x/√2)), or the tanh form x·½(1 + tanh(√(2/π)(x + 0.044715x³))). */
export function geluOnnx(m: GELU, g: OnnxContext): string {
  const x = g.x;
  let inner: string;
  if (m.approximate === "tanh") {
    const cube = g.node("Mul", [g.node("Mul", [x, x]), x]);
    const sum = g.node("Add", [x, g.node("Mul", [cube, g.scalar("coeff", 0.044715)])]);
    inner = g.node("Tanh", [g.node("Mul", [sum, g.scalar("sqrt_2_over_pi", Math.sqrt(2 / Math.PI))])]);
  } else {
    inner = g.node("Erf", [g.node("Div", [x, g.scalar("sqrt_2", Math.SQRT2)])]);
  }
  const onePlus = g.node("Add", [inner, g.scalar("one", 1)]);
  return g.node("Mul", [g.node("Mul", [x, onePlus]), g.scalar("half", 0.5)]);
}

/** SiLU = x·σ(x). */
export function siluOnnx(_m: unknown, g: OnnxContext): string {
  return g.node("Mul", [g.x, g.node("Sigmoid", [g.x])]);
}

/** softplus(x) = log(1 + exp(βx))/β, linear above the threshold, as PyTorch computes it. */
export function softplusOnnx(m: Softplus, g: OnnxContext): string {
  const x = g.x;
  const bx = m.beta === 1 ? x : g.node("Mul", [x, g.scalar("beta", m.beta)]);
  const soft = g.node("Softplus", [bx]);
  const scaled = m.beta === 1 ? soft : g.node("Div", [soft, g.scalar("beta_div", m.beta)]);
  const above = g.node("Greater", [bx, g.scalar("threshold", m.threshold)]);
  return g.node("Where", [above, x, scaled]);
}

/** Mish = x·tanh(softplus(x)) (ONNX has Mish only from opset 18). */
export function mishOnnx(_m: unknown, g: OnnxContext): string {
  return g.node("Mul", [g.x, g.node("Tanh", [g.node("Softplus", [g.x])])]);
}

/** log σ(x) = −softplus(−x): stable where Log(Sigmoid(x)) underflows to −inf. */
export function logSigmoidOnnx(_m: unknown, g: OnnxContext): string {
  return g.node("Neg", [g.node("Softplus", [g.node("Neg", [g.x])])]);
}

/** Hardtanh is Clip with its bounds as inputs (opset 11 on). */
export function hardtanhOnnx(m: Hardtanh, g: OnnxContext): string {
  return g.node("Clip", [g.x, g.scalar("min", m.minVal), g.scalar("max", m.maxVal)]);
}

/** PyTorch's implicit softmax dim (`_get_softmax_dim`) when a layer was built without one. */
function softmaxAxis(dim: number | null, ndim: number): number {
  if (dim !== null) return dim;
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

export function softmaxAttrs(m: Softmax | LogSoftmax, g: OnnxContext): { axis: number } {
  return { axis: softmaxAxis(m.dim, g.input.ndim) };
}

export function alphaAttr(alpha: number): { alpha: { float: number } } {
  return { alpha: { float: alpha } };
}

export function flattenOnnx(m: Flatten, g: OnnxContext): string {
  const nd = g.input.ndim;
  const norm = (d: number) => (d < 0 ? d + nd : d);
  const [start, end] = [norm(m.startDim), norm(m.endDim)];
  if (start === 1 && end === nd - 1) return g.node("Flatten", [g.x], { axis: 1 });
  // Other ranges: keep the dims before `start` (0 copies a dim, batch included), merge, keep the rest.
  const shape = [...Array<number>(start).fill(0), -1, ...g.input.shape.slice(end + 1)];
  return g.node("Reshape", [g.x, g.int64s("shape", shape)]);
}

/** An image layer's input must carry its batch dim: ONNX's Conv and pools take [N, C, ...] only. */
function requireBatched(m: Module, g: OnnxContext, spatial: number): void {
  if (g.input.ndim !== spatial + 2) {
    throw new ValueError(
      `exportOnnx: ${m._getName()} "${g.name}" was traced on a ${g.input.ndim}-D input; ONNX needs [batch, channels, ${spatial === 1 ? "length" : "height, width"}]: ` +
      "export with a batched example input (x.unsqueeze(0))",
    );
  }
}

/** Conv (torch.onnx.export's form): "same" becomes PyTorch's explicit pads, the extra one at the end. */
export function convOnnx(m: ConvNd, g: OnnxContext): string {
  const dims = m.kernelSize.length;
  requireBatched(m, g, dims);
  let before: number[], after: number[];
  if (m.padding === "valid") before = after = new Array<number>(dims).fill(0);
  else if (m.padding === "same") {
    const total = m.kernelSize.map((k, i) => m.dilation[i] * (k - 1));
    before = total.map((t) => Math.floor(t / 2));
    after = total.map((t, i) => t - before[i]);
  } else before = after = m.padding;
  const inputs = [g.x, g.tensor("weight", m.weight), ...(m.bias ? [g.tensor("bias", m.bias)] : [])];
  return g.node("Conv", inputs, {
    dilations: m.dilation, group: m.groups, kernel_shape: m.kernelSize, pads: [...before, ...after], strides: m.stride,
  });
}

const pair = (v: IntOrTuple): number[] => (typeof v === "number" ? [v, v] : [...v]);

export function maxPoolOnnx(m: MaxPool2d, g: OnnxContext): string {
  requireBatched(m, g, 2);
  const p = pair(m.padding);
  return g.node("MaxPool", [g.x], {
    ceil_mode: m.ceilMode ? 1 : 0, dilations: pair(m.dilation), kernel_shape: pair(m.kernelSize), pads: [...p, ...p], strides: pair(m.stride),
  });
}

/**
 * AveragePool; a divisor override is the window's sum over the divisor, which is the mean
 * with the padding counted, times kh·kw / divisor (exact where every window is whole:
 * not in ceil mode, where a window may run past the padding).
 */
export function avgPoolOnnx(m: AvgPool2d, g: OnnxContext): string {
  requireBatched(m, g, 2);
  const p = pair(m.padding), k = pair(m.kernelSize);
  const d = m.divisorOverride;
  if (d !== null && m.ceilMode) {
    throw new ValueError(`exportOnnx: AvgPool2d "${g.name}" with both divisorOverride and ceilMode has no ONNX form here`);
  }
  const y = g.node("AveragePool", [g.x], {
    ceil_mode: m.ceilMode ? 1 : 0, count_include_pad: m.countIncludePad || d !== null ? 1 : 0, kernel_shape: k, pads: [...p, ...p], strides: pair(m.stride),
  });
  return d === null ? y : g.node("Mul", [y, g.scalar("divisor_scale", (k[0] * k[1]) / d)]);
}

/**
 * A 1×1 output is GlobalAveragePool; an output size that divides the input's is an
 * AveragePool with kernel and stride input / output (torch.onnx.export's forms); other
 * sizes have windows of varying size, which one ONNX pool cannot express.
 */
export function adaptiveAvgPoolOnnx(m: AdaptiveAvgPool2d, g: OnnxContext): string {
  requireBatched(m, g, 2);
  const [h, w] = g.input.shape.slice(-2);
  const size = typeof m.outputSize === "number" ? [m.outputSize, m.outputSize] : m.outputSize;
  const oh = size[0] ?? h, ow = size[1] ?? w;
  if (oh === 1 && ow === 1) return g.node("GlobalAveragePool", [g.x]);
  if (oh > 0 && ow > 0 && h % oh === 0 && w % ow === 0) {
    const k = [h / oh, w / ow];
    return g.node("AveragePool", [g.x], { ceil_mode: 0, count_include_pad: 1, kernel_shape: k, pads: [0, 0, 0, 0], strides: k });
  }
  throw new ValueError(
    `exportOnnx: AdaptiveAvgPool2d "${g.name}" maps ${h}×${w} to ${oh}×${ow}; ONNX export needs an output size of 1 or one that divides the input's`,
  );
}
