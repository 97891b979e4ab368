/**
 * The layer registry: every built-in layer once, keyed by its name in model files (the
 * PyTorch class name). Each entry says how io/model describes and rebuilds it, which
 * tensors it holds, how io/onnx exports it, how export/pytorch writes it in model.py, and
 * whether Sequential may treat it as pure (pure.ts). Those places read this table and
 * list no layers of their own.
 *
 * Completeness is checked by the compiler: the table's type maps every Module class that
 * kd.nn exports (losses aside) to an entry, unless NOT_IN_REGISTRY names it with a
 * reason. To add a layer: export its class from nn/index.ts, add one entry here (its
 * option fields in the order a file writes them), and a sample of it in
 * test/nn/layer-registry.test.ts (which round-trips every entry through a model file,
 * onnxruntime and model.py).
 */
import { pyBoolLit, pyFloatLit, pyIntLit, pyStrLit } from "../../export/pytorch/python.js";
import type * as nnExports from "../index.js";
import type { Loss } from "../losses/loss.js";
import type { Module } from "../module.js";
import {
  ELU, GELU, Hardtanh, LeakyReLU, LogSigmoid, LogSoftmax, Mish, ReLU, SELU, Sigmoid, SiLU, Softmax, Softplus, Softsign, Tanh,
} from "./activation.js";
import { Flatten, Identity } from "./basic.js";
import { BatchNorm1d, BatchNorm2d, type BatchNorm1dOptions, type BatchNormBase } from "./batchnorm.js";
import { Conv1d, Conv2d, type ConvLayerOptions, type ConvNd } from "./conv.js";
import type { IntOrTuple } from "../../ops/conv-geometry.js";
import { Dropout, Dropout2d } from "./dropout.js";
import {
  adaptiveSize, bool, choice, convPadding, count, dim, int, intOrTuple, layer, nullableNumber, num, onnxOp, positive, probability, sizes,
  type Fields, type LayerEntry, type OptionsOf,
} from "./layer-entry.js";
import { Linear } from "./linear.js";
import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from "./pooling.js";
import {
  adaptiveAvgPoolOnnx, alphaAttr, avgPoolOnnx, batchNormOnnx, convOnnx, flattenOnnx, geluOnnx, hardtanhOnnx, linearOnnx, logSigmoidOnnx,
  maxPoolOnnx, mishOnnx, siluOnnx, softmaxAttrs, softplusOnnx,
} from "./onnx-forms.js";
import { ValueError } from "../../errors.js";
import { pyInts } from "../format.js";

type NnExports = typeof nnExports;
type InstanceOf<T> = T extends abstract new (...args: never[]) => infer I ? I : never;

/** The names of the Module classes kd.nn exports, losses aside (a loss is no layer of a model). */
export type NnLayerName = {
  [K in keyof NnExports]: InstanceOf<NnExports[K]> extends Module ? (InstanceOf<NnExports[K]> extends Loss ? never : K) : never;
}[keyof NnExports];

/** The nn Module classes with no entry, and why. */
export const NOT_IN_REGISTRY = {
  Module: "the base class: a model of the user's own class is saved as a state dict, its code being the user's",
  Sequential: "the container io/model writes itself, nesting its children's entries",
  ModuleList: "holds modules without an order to run them in, so a file could not say how to call them",
} as const satisfies Partial<Record<NnLayerName, string>>;

export type LayerName = Exclude<NnLayerName, keyof typeof NOT_IN_REGISTRY>;

/** No options to store. */
const none = {};
/** The call of a layer with no options, `nn.ReLU()`. */
const bare = (type: string) => () => `nn.${type}()`;
const optionalDim = (d: number | null): string => (d === null ? "None" : pyIntLit(d));
/** An int-or-tuple option as a file stores it (a copy: an int stays an int). */
const ints = (v: IntOrTuple): number | number[] => (typeof v === "number" ? v : [...v]);

const BATCH_NORM_FIELDS = { numFeatures: count, eps: positive, momentum: nullableNumber, affine: bool, bias: bool, trackRunningStats: bool };
const CONV_FIELDS = {
  inChannels: count, outChannels: count, kernelSize: sizes(1), stride: sizes(1), padding: convPadding, dilation: sizes(1), groups: count, bias: bool,
};

/** BatchNorm1d and BatchNorm2d: the same options, tensors and forms. */
function batchNormEntry<C extends BatchNormBase>(cls: new (numFeatures: number, opts?: BatchNorm1dOptions) => C, type: string) {
  return layer<C, typeof BATCH_NORM_FIELDS>({
    cls, pure: true,
    fields: BATCH_NORM_FIELDS,
    describe: (b) => ({
      numFeatures: b.numFeatures, eps: b.eps, momentum: b.momentum, affine: b.affine, bias: b.bias !== null, trackRunningStats: b.trackRunningStats,
    }),
    build: (o) => new cls(o.numFeatures, { eps: o.eps, momentum: o.momentum, affine: o.affine, bias: o.bias, trackRunningStats: o.trackRunningStats }),
    tensors: (o) => {
      const n = [o.numFeatures];
      const out: [string, number[]][] = [];
      if (o.affine) out.push(["weight", n]);
      if (o.affine && o.bias) out.push(["bias", n]);
      if (o.trackRunningStats) out.push(["running_mean", n], ["running_var", n], ["num_batches_tracked", []]);
      return out;
    },
    // BatchNorm1d's features are the model's input width; BatchNorm2d's are channels of an image.
    ...((cls as unknown) === BatchNorm1d ? { features: (o: { numFeatures: number }) => ({ in: o.numFeatures }) } : { reshapes: true }),
    python: (o) => {
      if (o.affine && !o.bias) throw new RangeError(`PyTorch's ${type} has no affine layer without a bias`);
      return `nn.${type}(${o.numFeatures}, eps=${pyFloatLit(o.eps)}, momentum=${o.momentum === null ? "None" : pyFloatLit(o.momentum)}, ` +
        `affine=${pyBoolLit(o.affine)}, track_running_stats=${pyBoolLit(o.trackRunningStats)})`;
    },
    onnx: batchNormOnnx,
  });
}

/**
 * Conv1d and Conv2d. The weight's shape follows from the options; an input's spatial size
 * does not, so the model's input width cannot be read past a convolution (`reshapes`).
 */
function convEntry<C extends ConvNd>(cls: new (inChannels: number, outChannels: number, kernelSize: IntOrTuple, opts?: ConvLayerOptions) => C, type: string) {
  return layer<C, typeof CONV_FIELDS>({
    cls, pure: true, reshapes: true,
    fields: CONV_FIELDS,
    describe: (c) => ({
      inChannels: c.inChannels, outChannels: c.outChannels, kernelSize: [...c.kernelSize], stride: [...c.stride],
      padding: typeof c.padding === "string" ? c.padding : [...c.padding], dilation: [...c.dilation], groups: c.groups, bias: c.bias !== null,
    }),
    build: (o) => new cls(o.inChannels, o.outChannels, o.kernelSize, { stride: o.stride, padding: o.padding, dilation: o.dilation, groups: o.groups, bias: o.bias }),
    tensors: (o) => {
      if (o.inChannels % o.groups !== 0) throw new ValueError(`${type}: in_channels (${o.inChannels}) must be divisible by groups (${o.groups})`);
      return [["weight", [o.outChannels, o.inChannels / o.groups, ...o.kernelSize]], ...(o.bias ? [["bias", [o.outChannels]] as [string, number[]]] : [])];
    },
    python: (o) => `nn.${type}(${o.inChannels}, ${o.outChannels}, kernel_size=${pyInts(o.kernelSize)}, stride=${pyInts(o.stride)}, ` +
      `padding=${typeof o.padding === "string" ? pyStrLit(o.padding) : pyInts(o.padding)}, dilation=${pyInts(o.dilation)}, groups=${o.groups}, ` +
      `bias=${pyBoolLit(o.bias)})`,
    onnx: convOnnx,
  });
}

export const LAYERS = {
  Linear: layer({
    cls: Linear, pure: true,
    fields: { inFeatures: count, outFeatures: count, bias: bool },
    describe: (l) => ({ inFeatures: l.inFeatures, outFeatures: l.outFeatures, bias: l.bias !== null }),
    build: (o) => new Linear(o.inFeatures, o.outFeatures, { bias: o.bias }),
    tensors: (o) => [["weight", [o.outFeatures, o.inFeatures]], ...(o.bias ? [["bias", [o.outFeatures]] as [string, number[]]] : [])],
    features: (o) => ({ in: o.inFeatures, out: o.outFeatures }),
    python: (o) => `nn.Linear(${o.inFeatures}, ${o.outFeatures}${o.bias ? "" : ", bias=False"})`,
    onnx: linearOnnx,
  }),
  BatchNorm1d: batchNormEntry(BatchNorm1d, "BatchNorm1d"),
  ReLU: layer({ cls: ReLU, pure: true, fields: none, describe: () => ({}), build: () => new ReLU(), python: bare("ReLU"), onnx: onnxOp("Relu") }),
  Sigmoid: layer({ cls: Sigmoid, pure: true, fields: none, describe: () => ({}), build: () => new Sigmoid(), python: bare("Sigmoid"), onnx: onnxOp("Sigmoid") }),
  Tanh: layer({ cls: Tanh, pure: true, fields: none, describe: () => ({}), build: () => new Tanh(), python: bare("Tanh"), onnx: onnxOp("Tanh") }),
  SiLU: layer({ cls: SiLU, pure: true, fields: none, describe: () => ({}), build: () => new SiLU(), python: bare("SiLU"), onnx: siluOnnx }),
  Identity: layer({ cls: Identity, pure: true, fields: none, describe: () => ({}), build: () => new Identity(), python: bare("Identity"), onnx: onnxOp("Identity") }),
  LeakyReLU: layer({
    cls: LeakyReLU, pure: true, fields: { negativeSlope: num },
    describe: (m) => ({ negativeSlope: m.negativeSlope }), build: (o) => new LeakyReLU(o.negativeSlope),
    python: (o) => `nn.LeakyReLU(negative_slope=${pyFloatLit(o.negativeSlope)})`,
    onnx: onnxOp("LeakyRelu", (m) => alphaAttr(m.negativeSlope)),
  }),
  ELU: layer({
    cls: ELU, pure: true, fields: { alpha: num },
    describe: (m) => ({ alpha: m.alpha }), build: (o) => new ELU(o.alpha),
    python: (o) => `nn.ELU(alpha=${pyFloatLit(o.alpha)})`,
    onnx: onnxOp("Elu", (m) => alphaAttr(m.alpha)),
  }),
  GELU: layer({
    cls: GELU, pure: true, fields: { approximate: choice("none", "tanh") },
    describe: (m) => ({ approximate: m.approximate }), build: (o) => new GELU({ approximate: o.approximate }),
    python: (o) => (o.approximate === "none" ? "nn.GELU()" : `nn.GELU(approximate=${pyStrLit(o.approximate)})`),
    onnx: geluOnnx,
  }),
  Softplus: layer({
    cls: Softplus, pure: true, fields: { beta: num, threshold: num },
    describe: (m) => ({ beta: m.beta, threshold: m.threshold }), build: (o) => new Softplus({ beta: o.beta, threshold: o.threshold }),
    python: (o) => `nn.Softplus(beta=${pyFloatLit(o.beta)}, threshold=${pyFloatLit(o.threshold)})`,
    onnx: softplusOnnx,
  }),
  Softmax: layer({
    cls: Softmax, pure: true, fields: { dim },
    describe: (m) => ({ dim: m.dim }), build: (o) => new Softmax(o.dim),
    python: (o) => `nn.Softmax(dim=${optionalDim(o.dim)})`,
    onnx: onnxOp("Softmax", softmaxAttrs),
  }),
  LogSoftmax: layer({
    cls: LogSoftmax, pure: true, fields: { dim },
    describe: (m) => ({ dim: m.dim }), build: (o) => new LogSoftmax(o.dim),
    python: (o) => `nn.LogSoftmax(dim=${optionalDim(o.dim)})`,
    onnx: onnxOp("LogSoftmax", softmaxAttrs),
  }),
  Dropout: layer({
    cls: Dropout, pure: true, fields: { p: probability },
    describe: (m) => ({ p: m.p }), build: (o) => new Dropout(o.p),
    python: (o) => `nn.Dropout(p=${pyFloatLit(o.p)})`,
    // Export is in eval mode, where dropout passes its input on.
    onnx: onnxOp("Identity"),
  }),
  Flatten: layer({
    cls: Flatten, pure: true, fields: { startDim: int, endDim: int }, reshapes: true,
    describe: (m) => ({ startDim: m.startDim, endDim: m.endDim }), build: (o) => new Flatten(o.startDim, o.endDim),
    python: (o) => `nn.Flatten(start_dim=${o.startDim}, end_dim=${o.endDim})`,
    onnx: flattenOnnx,
  }),
  SELU: layer({
    cls: SELU, pure: true, fields: none, describe: () => ({}), build: () => new SELU(), python: bare("SELU"),
    // ONNX's default alpha and gamma are SELU's constants (as float32).
    onnx: onnxOp("Selu"),
  }),
  Mish: layer({ cls: Mish, pure: true, fields: none, describe: () => ({}), build: () => new Mish(), python: bare("Mish"), onnx: mishOnnx }),
  LogSigmoid: layer({
    cls: LogSigmoid, pure: true, fields: none, describe: () => ({}), build: () => new LogSigmoid(), python: bare("LogSigmoid"), onnx: logSigmoidOnnx,
  }),
  Softsign: layer({
    cls: Softsign, pure: true, fields: none, describe: () => ({}), build: () => new Softsign(), python: bare("Softsign"), onnx: onnxOp("Softsign"),
  }),
  Hardtanh: layer({
    cls: Hardtanh, pure: true, fields: { minVal: num, maxVal: num },
    describe: (m) => ({ minVal: m.minVal, maxVal: m.maxVal }), build: (o) => new Hardtanh(o.minVal, o.maxVal),
    python: (o) => `nn.Hardtanh(min_val=${pyFloatLit(o.minVal)}, max_val=${pyFloatLit(o.maxVal)})`,
    onnx: hardtanhOnnx,
  }),
  Conv1d: convEntry(Conv1d, "Conv1d"),
  Conv2d: convEntry(Conv2d, "Conv2d"),
  MaxPool2d: layer({
    cls: MaxPool2d, pure: true, reshapes: true,
    fields: { kernelSize: intOrTuple(1), stride: intOrTuple(1), padding: intOrTuple(0), dilation: intOrTuple(1), ceilMode: bool, returnIndices: bool },
    describe: (m) => ({
      kernelSize: ints(m.kernelSize), stride: ints(m.stride), padding: ints(m.padding), dilation: ints(m.dilation), ceilMode: m.ceilMode, returnIndices: m.returnIndices,
    }),
    build: (o) => new MaxPool2d(o.kernelSize, { stride: o.stride, padding: o.padding, dilation: o.dilation, ceilMode: o.ceilMode, returnIndices: o.returnIndices }),
    python: (o) => `nn.MaxPool2d(kernel_size=${pyInts(o.kernelSize)}, stride=${pyInts(o.stride)}, padding=${pyInts(o.padding)}, ` +
      `dilation=${pyInts(o.dilation)}, ceil_mode=${pyBoolLit(o.ceilMode)}, return_indices=${pyBoolLit(o.returnIndices)})`,
    onnx: maxPoolOnnx,
  }),
  AvgPool2d: layer({
    cls: AvgPool2d, pure: true, reshapes: true,
    fields: { kernelSize: intOrTuple(1), stride: intOrTuple(1), padding: intOrTuple(0), ceilMode: bool, countIncludePad: bool, divisorOverride: nullableNumber },
    describe: (m) => ({
      kernelSize: ints(m.kernelSize), stride: ints(m.stride), padding: ints(m.padding), ceilMode: m.ceilMode, countIncludePad: m.countIncludePad,
      divisorOverride: m.divisorOverride,
    }),
    build: (o) => new AvgPool2d(o.kernelSize, {
      stride: o.stride, padding: o.padding, ceilMode: o.ceilMode, countIncludePad: o.countIncludePad, divisorOverride: o.divisorOverride,
    }),
    python: (o) => `nn.AvgPool2d(kernel_size=${pyInts(o.kernelSize)}, stride=${pyInts(o.stride)}, padding=${pyInts(o.padding)}, ` +
      `ceil_mode=${pyBoolLit(o.ceilMode)}, count_include_pad=${pyBoolLit(o.countIncludePad)}, ` +
      `divisor_override=${o.divisorOverride === null ? "None" : pyIntLit(o.divisorOverride)})`,
    onnx: avgPoolOnnx,
  }),
  AdaptiveAvgPool2d: layer({
    cls: AdaptiveAvgPool2d, pure: true, reshapes: true,
    fields: { outputSize: adaptiveSize },
    describe: (m) => ({ outputSize: typeof m.outputSize === "number" ? m.outputSize : [...m.outputSize] }),
    build: (o) => new AdaptiveAvgPool2d(typeof o.outputSize === "number" ? o.outputSize : [o.outputSize[0] ?? null, o.outputSize[1] ?? null]),
    python: (o) => `nn.AdaptiveAvgPool2d(output_size=${pyInts(o.outputSize)})`,
    onnx: adaptiveAvgPoolOnnx,
  }),
  BatchNorm2d: batchNormEntry(BatchNorm2d, "BatchNorm2d"),
  Dropout2d: layer({
    cls: Dropout2d, pure: true, reshapes: true, fields: { p: probability },
    describe: (m) => ({ p: m.p }), build: (o) => new Dropout2d(o.p),
    python: (o) => `nn.Dropout2d(p=${pyFloatLit(o.p)})`,
    // Eval mode, as Dropout.
    onnx: onnxOp("Identity"),
  }),
} satisfies { [K in LayerName]: { readonly cls: abstract new (...args: never[]) => InstanceOf<NnExports[K]> } };

export type Layers = typeof LAYERS;
/** A layer's options as its model-file entry holds them. */
export type LayerOptions<K extends LayerName> = OptionsOf<Layers[K]["fields"]>;

/** An entry with its options erased, for code that handles every layer alike. */
export type AnyEntry = LayerEntry<Module, Fields> & { readonly name: LayerName };

const BY_NAME = new Map<string, AnyEntry>();
const BY_CLASS = new Map<unknown, AnyEntry>();
for (const [name, e] of Object.entries(LAYERS)) {
  const entry = { ...(e as unknown as LayerEntry<Module, Fields>), name: name as LayerName };
  BY_NAME.set(name, entry);
  BY_CLASS.set(e.cls, entry);
}

/** The entry of a layer by its exact class (a subclass has none), or undefined. */
export function entryOf(m: Module): AnyEntry | undefined {
  return BY_CLASS.get(m.constructor);
}

/** The entry for a model file's layer type, or undefined. */
export function entryNamed(type: string): AnyEntry | undefined {
  return Object.hasOwn(LAYERS, type) ? BY_NAME.get(type) : undefined;
}

/** Every registered layer name, in table order. */
export const LAYER_NAMES = Object.keys(LAYERS) as LayerName[];
