/**
 * kd.nn: modules, layers and losses (torch.nn), with `kd.nn.functional`,
 * `kd.nn.init` and `kd.nn.utils` as sub-namespaces.
 */
export { Module } from "./module.js";
export type { StateDict, IncompatibleKeys } from "./module.js";
export { Parameter } from "./parameter.js";
export { RemovableHandle, registerModuleForwardHook, registerModuleForwardPreHook } from "./hooks.js";
export type { ForwardHook, ForwardPreHook } from "./hooks.js";

export { Linear } from "./layers/linear.js";
export type { LinearOptions } from "./layers/linear.js";
export { Sequential, ModuleList } from "./layers/containers.js";
export { Identity, Flatten } from "./layers/basic.js";
export { Dropout, Dropout2d } from "./layers/dropout.js";
export { BatchNorm1d, BatchNorm2d } from "./layers/batchnorm.js";
export type { BatchNorm1dOptions, BatchNorm2dOptions } from "./layers/batchnorm.js";
export { Conv1d, Conv2d } from "./layers/conv.js";
export type { ConvLayerOptions } from "./layers/conv.js";
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } from "./layers/pooling.js";
export type { MaxPool2dLayerOptions } from "./layers/pooling.js";
export {
  ReLU, LeakyReLU, ELU, SELU, GELU, SiLU, Mish, Softplus, LogSigmoid, Hardtanh, Softsign, Sigmoid, Tanh, Softmax, LogSoftmax,
} from "./layers/activation.js";
export { mlp } from "./mlp.js";
export type { MlpOptions } from "./mlp.js";
export { tinyVGG } from "./tiny-vgg.js";
export type { TinyVggOptions } from "./tiny-vgg.js";

export { Loss, WeightedLoss } from "./losses/loss.js";
export type { LossOptions, WeightedLossOptions } from "./losses/loss.js";
export { BCELoss, BCEWithLogitsLoss } from "./losses/binary.js";
export type { BCEWithLogitsLossOptions } from "./losses/binary.js";
export { CrossEntropyLoss, NLLLoss } from "./losses/classification.js";
export type { CrossEntropyLossOptions, NLLLossOptions } from "./losses/classification.js";
export { MSELoss, L1Loss, SmoothL1Loss, HuberLoss } from "./losses/regression.js";

export * as functional from "./functional/index.js";
export * as init from "./init.js";
export * as utils from "./utils/index.js";
