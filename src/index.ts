/**
 * Kindling: neural-network classification for TypeScript, the way PyTorch does it.
 * `import * as kd from "kindling"` gives what `import torch` gives, in camelCase.
 */
export { Tensor } from "./tensor/tensor.js";
export { Size } from "./tensor/size.js";
export type { TensorLike, Device, ReduceOptions } from "./tensor/tensor.js";
export type { DType, Storage } from "./tensor/dtype.js";
export { defaultFloat as getDefaultDtype, setDefaultDtype, promoteTypes, float16, half, float32, float64, int32, int64, bool } from "./tensor/dtype.js";
export type { NestedArray } from "./tensor/convert.js";
export {
  tensor, fromArray, zeros, ones, full, empty, zerosLike, onesLike, fullLike, arange, linspace, eye, scalarTensor,
} from "./tensor/creation.js";
export type { TensorOptions } from "./tensor/creation.js";
export { setPrintOptions, getPrintOptions, formatAsync } from "./tensor/format.js";
/** Python's format(value, spec) (the whole format-spec mini-language) and repr, for logs that must read like a Python script's. */
export { format, repr } from "./text/py-format.js";
export type { Formattable, Reprable } from "./text/py-format.js";
export type { PrintOptions } from "./tensor/format.js";
export * from "./errors.js";

export { noGrad, enableGrad, inferenceMode, isGradEnabled, isInferenceModeEnabled, setGradEnabled } from "./autograd/grad-mode.js";
export * as autograd from "./autograd/public.js";

export {
  add, sub, mul, div, pow, remainder, fmod, floorDivide, atan2, maximum, minimum, neg, abs, exp, expm1, log, log1p, log2, sqrt, rsqrt,
  square, reciprocal, sin, cos, sigmoid, tanh, relu, erf, floor, ceil, round, trunc, sign, clamp,
  eq, ne, lt, le, gt, ge, logicalAnd, logicalOr, logicalXor, logicalNot, isnan, isfinite, isinf, equal, allclose, where,
  clone,
} from "./ops/elementwise.js";
export { clamp as clip } from "./ops/elementwise.js";
export {
  sum, mean, prod, amax, amin, argmax, argmin, variance as var, std, logsumexp, all, any, norm, cumsum,
} from "./ops/reduce.js";
export type { ValuesIndices } from "./ops/reduce.js";
export { max, min } from "./ops/minmax.js";
export { reshape, squeeze, unsqueeze, flatten, permute, transpose, t, cat, stack, split, chunk, unbind, flip } from "./ops/shape.js";
export { cat as concat } from "./ops/shape.js";
export { select, narrow, indexSelect, gather, scatter, scatterAdd, maskedSelect, maskedSelectAsync } from "./ops/indexing.js";
export type { SliceSpec } from "./ops/indexing.js";
export { matmul, mm, bmm, dot, outer } from "./ops/matmul.js";
export { softmax, logSoftmax } from "./ops/softmax.js";
export { cast } from "./ops/cast.js";
export { unique } from "./ops/unique.js";
export { sort, argsort, topk } from "./ops/sort.js";
export type { SortArgs, SortOptions, TopkArgs, TopkOptions } from "./ops/sort.js";
export type { UniqueOptions, UniqueResult } from "./ops/unique.js";

export { Generator, manualSeed, seed, initialSeed, getDefaultGenerator, DEFAULT_SEED } from "./random/generator.js";
export type { GeneratorState } from "./random/generator.js";
export * from "./random/sampling.js";
/** numpy's legacy RandomState, behind every scikit-learn-style `randomState` option. */
export { RandomState } from "./random/random-state.js";

export { backend, setBackend, jsBackend, setNumThreads, getNumThreads, setResidentStorage, residentStats } from "./backend/index.js";
export type { Backend } from "./backend/index.js";
export { webgpu } from "./backend/webgpu/public.js";

export * as nn from "./nn/index.js";
export * as optim from "./optim/index.js";
export * as data from "./data/index.js";
export * as datasets from "./data/datasets/index.js";
export * as transforms from "./data/vision/transforms.js";
export * as metrics from "./metrics/index.js";
export { save, load } from "./io/index.js";
export * as io from "./io/index.js";
export * as plot from "./plot/index.js";
