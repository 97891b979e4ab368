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
import { BatchNorm1d, BatchNorm2d } from "./batchnorm.js";
import { Conv1d, Conv2d } from "./conv.js";
import { Dropout, Dropout2d } from "./dropout.js";
import {
  bool, choice, count, dim, int, layer, nullableNumber, num, onnxOp, positive, probability, type Fields, type LayerEntry, type OptionsOf,
} from "./layer-entry.js";
import { Linear } from "./linear.js";
import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from "./pooling.js";
import {
  alphaAttr, batchNormOnnx, flattenOnnx, geluOnnx, hardtanhOnnx, linearOnnx, logSigmoidOnnx, mishOnnx, siluOnnx, softmaxAttrs,
  softplusOnnx,
} from "./onnx-forms.js";

type NnExports = typeof nnExports;
type InstanceOf<T> = T extends abstract new (...args: never[]) => infer I ? I : never;

/** The names of the Module classes kd.nn exports, losses aside (a loss is no layer of a model). */
export type NnLayerName = {
  [K in keyof NnExports]: InstanceOf<NnExports[K]> extends Module ? (InstanceOf<NnExports[K]> extends Loss ? never : K) : never;
}[keyof NnExports];

const IMAGE_LAYER = "an image layer: model files and ONNX export cannot store it yet (they describe multi-layer perceptrons)";

/** The nn Module classes with no entry, and why. */
export const NOT_IN_REGISTRY = {
  Module: "the base class: a model of the user's own class is saved as a state dict, its code being the user's",
  Sequential: "the container io/model writes itself, nesting its children's entries",
  ModuleList: "holds modules without an order to run them in, so a file could not say how to call them",
  // The image layers (issue 20) run, train and print as PyTorch's; model files and ONNX
  // export describe the CLI's multi-layer perceptrons and do not store them yet. They are
  // pure for Sequential all the same (IMAGE_LAYERS below).
  Conv1d: IMAGE_LAYER,
  Conv2d: IMAGE_LAYER,
  MaxPool2d: IMAGE_LAYER,
  AvgPool2d: IMAGE_LAYER,
  AdaptiveAvgPool2d: IMAGE_LAYER,
  BatchNorm2d: IMAGE_LAYER,
  Dropout2d: IMAGE_LAYER,
} as const satisfies Partial<Record<NnLayerName, string>>;

/**
 * The layers not in the registry whose forward keeps nothing outside the autograd graph,
 * so that Sequential may treat them as pure (pure.ts).
 */
export const IMAGE_LAYERS: ReadonlySet<unknown> = new Set([Conv1d, Conv2d, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, BatchNorm2d, Dropout2d]);

export type LayerName = Exclude<NnLayerName, keyof typeof NOT_IN_REGISTRY>;

/** No options to store. */
const none = {};
/** The call of a layer with no options, `nn.ReLU()`. */
const bare = (type: string) => () => `nn.${type}()`;
const optionalDim = (d: number | null): string => (d === null ? "None" : pyIntLit(d));

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
  BatchNorm1d: layer({
    cls: BatchNorm1d, pure: true,
    fields: { numFeatures: count, eps: positive, momentum: nullableNumber, affine: bool, bias: bool, trackRunningStats: bool },
    describe: (b) => ({
      numFeatures: b.numFeatures, eps: b.eps, momentum: b.momentum, affine: b.affine, bias: b.bias !== null, trackRunningStats: b.trackRunningStats,
    }),
    build: (o) => new BatchNorm1d(o.numFeatures, { eps: o.eps, momentum: o.momentum, affine: o.affine, bias: o.bias, trackRunningStats: o.trackRunningStats }),
    tensors: (o) => {
      const n = [o.numFeatures];
      const out: [string, number[]][] = [];
      if (o.affine) out.push(["weight", n]);
      if (o.affine && o.bias) out.push(["bias", n]);
      if (o.trackRunningStats) out.push(["running_mean", n], ["running_var", n], ["num_batches_tracked", []]);
      return out;
    },
    features: (o) => ({ in: o.numFeatures }),
    python: (o) => {
      if (o.affine && !o.bias) throw new RangeError("PyTorch's BatchNorm1d has no affine layer without a bias");
      return `nn.BatchNorm1d(${o.numFeatures}, eps=${pyFloatLit(o.eps)}, momentum=${o.momentum === null ? "None" : pyFloatLit(o.momentum)}, ` +
        `affine=${pyBoolLit(o.affine)}, track_running_stats=${pyBoolLit(o.trackRunningStats)})`;
    },
    onnx: batchNormOnnx,
  }),
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
