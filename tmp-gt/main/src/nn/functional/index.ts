/** kd.nn.functional: layers and losses as functions (torch.nn.functional). */
export {
  relu, leakyRelu, elu, selu, gelu, silu, mish, softplus, logSigmoid, hardtanh, softsign, sigmoid, tanh, softmax, logSoftmax,
} from "./activation.js";
export type { InplaceOption, GeluApproximate, SoftmaxArgs } from "./activation.js";
export { dropout } from "./dropout.js";
export type { DropoutOptions } from "./dropout.js";
export { batchNorm } from "./batch-norm.js";
export { conv1d, conv2d } from "../../ops/conv.js";
export type { ConvOptions, ConvPadding } from "../../ops/conv.js";
export { maxPool2d, maxPool2dWithIndices, avgPool2d, adaptiveAvgPool2d } from "../../ops/pool.js";
export type { MaxPool2dOptions, AvgPool2dOptions, AdaptiveSize } from "../../ops/pool.js";
export type { IntOrTuple } from "../../ops/conv-geometry.js";
export { dropout2d } from "./dropout2d.js";
export type { BatchNormOptions } from "./batch-norm.js";
export { oneHot } from "./one-hot.js";
export { linear } from "./linear.js";
export { binaryCrossEntropy, binaryCrossEntropyWithLogits } from "./binary-cross-entropy.js";
export type { BinaryCrossEntropyOptions, BinaryCrossEntropyWithLogitsOptions } from "./binary-cross-entropy.js";
export { crossEntropy, nllLoss } from "./cross-entropy.js";
export type { CrossEntropyOptions, NLLLossOptions } from "./cross-entropy.js";
export { mseLoss, l1Loss, smoothL1Loss, huberLoss } from "./regression.js";
export type { RegressionLossOptions } from "./regression.js";
export type { Reduction } from "./reduction.js";
