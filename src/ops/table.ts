/**
 * The op table: every differentiable op Kindling records, declared once.
 *
 * An entry says, as PyTorch's `derivatives.yaml` does, which tensor inputs the op has
 * and what the gradient formula of each input reads (other inputs, or the op's own
 * `result`). From that declaration alone `record` (autograd/node.ts) derives, for every
 * op, what the node saves and so which in-place changes before `backward()` raise
 * PyTorch's "modified by an inplace operation" error, and whether the graph is freed
 * after a backward. No op saves anything by hand.
 *
 * `record` takes an entry, not a name, so an op without an entry does not compile; the
 * grad_fn names it may show are listed here, so a node with a name its entry does not
 * list fails at once. `test/engine/op-table.test.ts` replays, for every entry, real
 * PyTorch's behaviour when each input and the output are changed in place
 * (`scripts/fixtures/saved.py`): a declaration that misses something its backward reads
 * gives a different gradient there, and fails.
 *
 * `args` is the op's argument schema (parsed by `ops/args.ts`): positional parameters in
 * PyTorch's order, each also accepted in the trailing options object.
 */
import type { FusedKernelName } from "../backend/backend.js";
import type { ArgSpec } from "./args.js";

/** A tensor an input's gradient formula reads: an input by name, or the op's output. */
export type Read<I extends string> = I | "result";

export interface OpDecl {
  /** PyTorch's grad_fn names for this op's nodes; the first is the usual one. */
  readonly gradFns: readonly [string, ...string[]];
  /** The tensor inputs, in the order `record` receives them. */
  readonly inputs: readonly string[];
  /** Per input, what the formula of its gradient reads (absent: nothing). */
  readonly reads: { readonly [input: string]: readonly string[] | undefined };
  /**
   * The node also keeps tensors of its own that no user code can reach (a dropout mask,
   * a fused loss's gradient, an index tensor it made): PyTorch frees such a node after
   * backward, so a second backward raises, though no in-place change can reach them.
   */
  readonly keepsOwn?: boolean;
  /** The argument schema, for ops that take `dim` and friends (ops/args.ts). */
  readonly args?: readonly ArgSpec[];
  /**
   * The backward has a fast kernel beside the formula composed of ops: `record` then
   * takes both (autograd/node.ts FusedBackward) and the engine runs the composed one
   * under `createGraph`. An op whose only backward is a kernel cannot be declared.
   */
  readonly kernel?: true;
  /**
   * The backends' fused kernels the op runs (backend/backend.ts FusedKernels): every
   * backend implements each one, and the op reaches it only through this entry
   * (ops/kernels.ts `fused`).
   */
  readonly fused?: readonly FusedKernelName[];
}

/** Declares an op; the types keep `reads` to the op's own inputs and `result`. */
function op<
  const I extends readonly string[],
  const A extends readonly ArgSpec[] | undefined = undefined,
  const K extends true | undefined = undefined,
  const F extends readonly FusedKernelName[] = [],
>(d: {
  gradFns: readonly [string, ...string[]];
  inputs: I;
  reads?: { readonly [K in I[number]]?: readonly Read<I[number]>[] };
  keepsOwn?: boolean;
  args?: A;
  kernel?: K;
  fused?: F;
}): OpDecl & { readonly args: A; readonly kernel: K; readonly fused: F } {
  return {
    gradFns: d.gradFns, inputs: d.inputs, reads: d.reads ?? {}, keepsOwn: d.keepsOwn, args: d.args as A, kernel: d.kernel as K,
    fused: (d.fused ?? []) as unknown as F,
  };
}

const X = ["self"] as const;
const XY = ["self", "other"] as const;
/** An element-wise op of one input whose gradient reads that input. */
const readsSelf = (gradFn: string) => op({ gradFns: [gradFn], inputs: X, reads: { self: ["self"] } });
/** An element-wise op of one input whose gradient reads its output. */
const readsResult = (gradFn: string) => op({ gradFns: [gradFn], inputs: X, reads: { self: ["result"] } });
/** An op whose gradient reads nothing but the incoming gradient (and shapes). */
const readsNothing = (...gradFns: [string, ...string[]]) => op({ gradFns, inputs: X });

const DIM = { name: "dim", type: "dims", optional: true } as const;
const DIM1 = { name: "dim", type: "dim" } as const;
const KEEPDIM = { name: "keepdim", type: "bool", optional: true } as const;
const DTYPE = { name: "dtype", type: "dtype", optional: true, keywordOnly: true } as const;

export const OPS = {
  // ---- element-wise, two operands ----
  add: op({ gradFns: ["AddBackward0"], inputs: XY }),
  sub: op({ gradFns: ["SubBackward0", "RsubBackward1"], inputs: XY }),
  mul: op({ gradFns: ["MulBackward0"], inputs: XY, reads: { self: ["other"], other: ["self"] } }),
  div: op({ gradFns: ["DivBackward0"], inputs: XY, reads: { self: ["other"], other: ["self", "other"] } }),
  /** `2 / x`: PyTorch computes x.reciprocal() * 2 and saves the reciprocal, which no user holds. */
  rdiv: op({ gradFns: ["MulBackward0"], inputs: XY, keepsOwn: true }),
  divRounded: op({ gradFns: ["DivBackward2"], inputs: XY, reads: { self: ["other"], other: ["self", "other"] } }),
  pow: op({ gradFns: ["PowBackward1", "PowBackward2"], inputs: XY, reads: { self: ["self", "other"], other: ["self", "other", "result"] } }),
  powScalar: readsSelf("PowBackward0"),
  remainder: op({ gradFns: ["RemainderBackward0", "RemainderBackward1"], inputs: XY, reads: { other: ["self", "other"] } }),
  fmod: op({ gradFns: ["FmodBackward0", "FmodBackward1"], inputs: XY, reads: { other: ["self", "other"] } }),
  atan2: op({ gradFns: ["Atan2Backward0"], inputs: XY, reads: { self: ["self", "other"], other: ["self", "other"] } }),
  maximum: op({ gradFns: ["MaximumBackward0"], inputs: XY, reads: { self: ["self", "other"], other: ["self", "other"] } }),
  minimum: op({ gradFns: ["MinimumBackward0"], inputs: XY, reads: { self: ["self", "other"], other: ["self", "other"] } }),
  /** The condition is an argument the node keeps (PyTorch saves it too). */
  where: op({ gradFns: ["WhereBackward0"], inputs: XY, keepsOwn: true }),

  // ---- element-wise, one operand ----
  clone: readsNothing("CloneBackward0"),
  neg: readsNothing("NegBackward0"),
  abs: readsSelf("AbsBackward0"),
  exp: readsResult("ExpBackward0"),
  expm1: readsResult("Expm1Backward0"),
  log: readsSelf("LogBackward0"),
  log1p: readsSelf("Log1PBackward0"),
  log2: readsSelf("Log2Backward0"),
  sqrt: readsResult("SqrtBackward0"),
  rsqrt: readsResult("RsqrtBackward0"),
  square: readsSelf("PowBackward0"),
  reciprocal: readsResult("ReciprocalBackward0"),
  sin: readsSelf("SinBackward0"),
  cos: readsSelf("CosBackward0"),
  sigmoid: op({ gradFns: ["SigmoidBackward0"], inputs: X, reads: { self: ["result"] }, kernel: true, fused: ["activationBackward"] }),
  tanh: op({ gradFns: ["TanhBackward0"], inputs: X, reads: { self: ["result"] }, kernel: true, fused: ["activationBackward"] }),
  erf: readsSelf("ErfBackward0"),
  relu: op({ gradFns: ["ReluBackward0"], inputs: X, reads: { self: ["result"] }, kernel: true, fused: ["relu", "activationBackward"] }),
  /** Rounding ops: zero gradient, nothing read. */
  step: readsNothing("FloorBackward0", "CeilBackward0", "TruncBackward0", "SignBackward0", "RoundBackward0", "RoundBackward1"),
  clamp: readsSelf("ClampBackward1"),
  /** clamp with tensor bounds (either may be absent): each gradient compares the input with both bounds. */
  clampTensor: op({
    gradFns: ["ClampBackward0"], inputs: ["self", "min", "max"] as const,
    reads: { self: ["self", "min", "max"], min: ["self", "min", "max"], max: ["self", "min", "max"] },
  }),
  leakyRelu: readsSelf("LeakyReluBackward0"),
  /** ELU and SELU (PyTorch's selu is an ELU with a scale): the gradient reads the input. */
  elu: readsSelf("EluBackward0"),
  softplus: readsSelf("SoftplusBackward0"),
  gelu: readsSelf("GeluBackward0"),
  silu: readsSelf("SiluBackward0"),
  mish: readsSelf("MishBackward0"),
  logSigmoid: op({ gradFns: ["LogSigmoidBackward0"], inputs: X, reads: { self: ["self"] }, keepsOwn: true }),
  hardtanh: readsSelf("HardtanhBackward0"),
  cast: readsNothing("ToCopyBackward0"),
  /** fill_ and copy_ on a graph tensor (ops/inplace.ts): the old values get no gradient. */
  fill: readsNothing("FillBackward2"),
  copy: op({ gradFns: ["CopyBackwards"], inputs: ["self", "src"] }),

  // ---- reductions ----
  sum: op({ gradFns: ["SumBackward0", "SumBackward1"], inputs: X, args: [DIM, KEEPDIM, DTYPE] }),
  mean: op({ gradFns: ["MeanBackward0", "MeanBackward1"], inputs: X, args: [DIM, KEEPDIM, DTYPE] }),
  prod: op({ gradFns: ["ProdBackward0", "ProdBackward1"], inputs: X, reads: { self: ["self", "result"] }, args: [{ name: "dim", type: "dim", optional: true }, KEEPDIM], kernel: true }),
  /** max / min over everything. */
  maxAll: op({ gradFns: ["MaxBackward1", "MinBackward1"], inputs: X, reads: { self: ["self", "result"] } }),
  /** max / min over one dim: the node keeps the indices it made. */
  maxDim: op({ gradFns: ["MaxBackward0", "MinBackward0"], inputs: X, keepsOwn: true, args: [{ name: "dim", type: "dim", optional: true }, KEEPDIM] }),
  amax: op({ gradFns: ["AmaxBackward0", "AminBackward0"], inputs: X, reads: { self: ["self", "result"] }, args: [DIM, KEEPDIM] }),
  /** argmax / argmin: no gradient; declared for their argument schema. */
  argmax: op({ gradFns: ["ArgmaxBackward"], inputs: X, args: [{ name: "dim", type: "dim", optional: true }, KEEPDIM] }),
  var: op({
    gradFns: ["VarBackward0"], inputs: X, reads: { self: ["self"] },
    args: [DIM, { name: "unbiased", type: "bool", optional: true }, KEEPDIM, { name: "correction", type: "number", optional: true, keywordOnly: true }],
  }),
  std: op({
    gradFns: ["StdBackward0"], inputs: X, reads: { self: ["self", "result"] },
    args: [DIM, { name: "unbiased", type: "bool", optional: true }, KEEPDIM, { name: "correction", type: "number", optional: true, keywordOnly: true }],
  }),
  logsumexp: op({ gradFns: ["LogsumexpBackward0"], inputs: X, reads: { self: ["self", "result"] }, args: [{ name: "dim", type: "dims" }, KEEPDIM] }),
  norm: op({ gradFns: ["LinalgVectorNormBackward0"], inputs: X, reads: { self: ["self", "result"] }, args: [{ name: "p", type: "number", optional: true }, DIM, KEEPDIM] }),
  /** all / any: no gradient; declared for their argument schema. */
  boolReduce: op({ gradFns: ["AllBackward"], inputs: X, args: [DIM, KEEPDIM] }),
  cumsum: op({ gradFns: ["CumsumBackward0"], inputs: X, args: [DIM1] }),
  /** sort / argsort and topk: the values' node keeps the order it made (its gradient puts g back there). */
  sort: op({
    gradFns: ["SortBackward0"], inputs: X, keepsOwn: true,
    args: [{ name: "dim", type: "dim", optional: true }, { name: "descending", type: "bool", optional: true }, { name: "stable", type: "bool", optional: true, keywordOnly: true }],
  }),
  topk: op({
    gradFns: ["TopkBackward0"], inputs: X, keepsOwn: true,
    args: [{ name: "k", type: "int" }, { name: "dim", type: "dim", optional: true }, { name: "largest", type: "bool", optional: true }, { name: "sorted", type: "bool", optional: true }],
  }),
  softmax: op({ gradFns: ["SoftmaxBackward0"], inputs: X, reads: { self: ["result"] }, args: [DIM1, DTYPE], fused: ["softmax"] }),
  logSoftmax: op({ gradFns: ["LogSoftmaxBackward0"], inputs: X, reads: { self: ["result"] }, args: [DIM1, DTYPE], fused: ["softmax"] }),

  // ---- shapes and indexing (views and copies: nothing read) ----
  view: readsNothing(
    "ViewBackward0", "UnsafeViewBackward0", "SqueezeBackward0", "SqueezeBackward1", "SqueezeBackward2", "SqueezeBackward4", "UnsqueezeBackward0",
    "AliasBackward0", "TransposeBackward0", "TBackward0", "PermuteBackward0", "ExpandBackward0", "SliceBackward0", "SelectBackward0",
    // A view regenerated from its base after an in-place change (autograd/node.ts viewNode).
    "AsStridedBackward0",
  ),
  /**
   * An in-place change made through a view: the base's new history, whose gradient goes to
   * the view's changed values (Kindling's views cover their whole base).
   */
  copySlices: readsNothing("CopySlices"),
  permute: readsNothing("PermuteBackward0", "TransposeBackward0", "TBackward0", "NumpyTBackward0"),
  expand: readsNothing("ExpandBackward0"),
  repeat: readsNothing("RepeatBackward0"),
  flip: readsNothing("FlipBackward0"),
  cat: op({ gradFns: ["CatBackward0", "StackBackward0"], inputs: [] }),
  slice: readsNothing("SliceBackward0", "SelectBackward0", "NarrowBackward0", "SliceBackwardBackward0", "IndexAddBackward0", "SplitBackward0", "SplitWithSizesBackward0", "UnbindBackward0"),
  /** Gathers by an index the node keeps. */
  indexSelect: op({ gradFns: ["IndexSelectBackward0", "IndexBackward0", "MaskedSelectBackward0"], inputs: X, keepsOwn: true }),
  /** PyTorch's GatherBackward0 saves the input too (for its sparse form), so a change to it raises. */
  gather: op({ gradFns: ["GatherBackward0"], inputs: X, reads: { self: ["self"] }, keepsOwn: true }),
  maskedFill: op({ gradFns: ["MaskedFillBackward0"], inputs: X, keepsOwn: true }),
  scatter: op({ gradFns: ["ScatterBackward0", "ScatterBackward1", "ScatterAddBackward0"], inputs: ["self", "src"], keepsOwn: true }),

  // ---- products ----
  mm: op({ gradFns: ["MmBackward0", "BmmBackward0", "UnsafeViewBackward0"], inputs: XY, reads: { self: ["other"], other: ["self"] }, kernel: true }),
  mv: op({ gradFns: ["MvBackward0"], inputs: XY, reads: { self: ["other"], other: ["self"] } }),
  dot: op({ gradFns: ["DotBackward0"], inputs: XY, reads: { self: ["other"], other: ["self"] }, fused: ["dot"] }),
  /** x Wᵀ + b (nn.Linear). */
  linear: op({
    gradFns: ["AddmmBackward0", "MmBackward0"], inputs: ["input", "weight", "bias"], reads: { input: ["weight"], weight: ["input"] }, kernel: true,
    fused: ["linear", "linearBackward"],
  }),
  /**
   * relu(x Wᵀ + b) in one node (Sequential's Linear → ReLU): ReLU's derivative is taken
   * from the output, as PyTorch's ReLU node saves it.
   */
  linearAct: op({
    gradFns: ["ReluBackward0"],
    inputs: ["input", "weight", "bias"],
    reads: { input: ["weight", "result"], weight: ["input", "result"], bias: ["result"] }, kernel: true,
    fused: ["linear", "linearBackward"],
  }),

  // ---- losses and layers whose nodes keep their own scratch ----
  /** The fused losses (one kernel, the gradient computed in the forward and kept). */
  crossEntropy: op({
    gradFns: ["NllLossBackward0"], inputs: ["input", "target"], keepsOwn: true, kernel: true, fused: ["crossEntropy", "lossGradScale", "crossEntropyGradLogProbs"],
  }),
  /** The fused BCE-with-logits keeps its gradient, but PyTorch's node saves input and target, so a change to either raises. */
  fusedLoss: op({
    gradFns: ["BinaryCrossEntropyWithLogitsBackward0"], inputs: ["input", "target"], reads: { input: ["input", "target"] }, keepsOwn: true, kernel: true,
    fused: ["bceWithLogits", "lossGradScale"],
  }),
  /**
   * Cross-entropy with class weights, label smoothing or probabilities: the node keeps its
   * own copies of the logits and weights (PyTorch's keeps its log-softmax); the input's
   * gradient reads the target, as PyTorch's NLL / product node saves it.
   */
  crossEntropySlow: op({
    // PyTorch's node for each form: its composition of log-softmax, NLL, views and sums.
    gradFns: ["NllLossBackward0", "NllLoss2DBackward0", "ViewBackward0", "AddBackward0", "DivBackward1", "NegBackward0"],
    inputs: ["input", "target"], reads: { input: ["target"] }, keepsOwn: true, kernel: true,
    fused: ["crossEntropyRows", "crossEntropyRowsBackward", "crossEntropyLogProbs", "classCoefficients"],
  }),
  /** Also the class-index targets' check of every cross-entropy form (`nllTargets`). */
  nllLoss: op({
    gradFns: ["NllLossBackward0", "NllLoss2DBackward0", "ViewBackward0"], inputs: ["input", "target"], reads: { input: ["input", "target"] }, kernel: true,
    fused: ["nllTargets", "nllRows", "nllHalfTotal", "nllRowsBackward", "classCoefficients"],
  }),
  binaryCrossEntropy: op({
    gradFns: ["BinaryCrossEntropyBackward0"], inputs: ["input", "target"], reads: { input: ["input", "target"], target: ["input", "target"] }, kernel: true,
    fused: ["bceProbs", "bceProbsBackward"],
  }),
  binaryCrossEntropyWithLogits: op({
    gradFns: ["BinaryCrossEntropyWithLogitsBackward0"], inputs: ["input", "target"], reads: { input: ["input", "target"], target: ["input", "target"] }, keepsOwn: true, kernel: true,
    fused: ["bceLogits", "bceLogitsBackward"],
  }),
  regressionLoss: op({
    gradFns: ["MseLossBackward0", "SmoothL1LossBackward0", "HuberLossBackward0"],
    inputs: ["input", "target"], reads: { input: ["input", "target"], target: ["input", "target"] }, kernel: true,
    fused: ["pointLoss", "pointLossBackward"],
  }),
  /** PyTorch composes L1 of (input − target).abs(), whose node saves the difference: nothing the caller holds. */
  l1Loss: op({ gradFns: ["L1LossBackward0"], inputs: ["input", "target"], keepsOwn: true, kernel: true, fused: ["pointLoss", "pointLossBackward"] }),
  dropout: op({ gradFns: ["MulBackward0", "NativeDropoutBackward0"], inputs: X, keepsOwn: true }),
  /** PyTorch's node saves the input and weight whichever of the three needs a gradient. */
  batchNorm: op({
    gradFns: ["NativeBatchNormBackward0"], inputs: ["input", "weight", "bias"],
    reads: { input: ["input", "weight"], weight: ["input", "weight"], bias: ["input", "weight"] }, keepsOwn: true, kernel: true,
    fused: ["batchNorm", "batchNormBackward"],
  }),

  // ---- images (issue 20): convolution and pooling, in ops/conv.ts and ops/pool.ts ----
  /**
   * conv1d / conv2d: PyTorch's one formula gives all three gradients and reads the input
   * and the weight, so both are saved whichever input needs a gradient.
   */
  convolution: op({
    gradFns: ["ConvolutionBackward0"], inputs: ["input", "weight", "bias"],
    reads: { input: ["input", "weight"], weight: ["input", "weight"], bias: ["input", "weight"] }, kernel: true,
    fused: ["conv2d", "conv2dBackward"],
  }),
  /** The node keeps the indices of the maxima it found (PyTorch saves them, and the input). */
  maxPool2d: op({
    gradFns: ["MaxPool2DWithIndicesBackward0"], inputs: X, reads: { self: ["self"] }, keepsOwn: true, kernel: true,
    fused: ["maxPool2d", "maxPool2dBackward"],
  }),
  /** Both save the input though their gradients need only its shape, as PyTorch's nodes do. */
  avgPool2d: op({ gradFns: ["AvgPool2DBackward0"], inputs: X, reads: { self: ["self"] }, kernel: true, fused: ["windowAverage", "windowAverageBackward"] }),
  adaptiveAvgPool2d: op({
    gradFns: ["AdaptiveAvgPool2DBackward0"], inputs: X, reads: { self: ["self"] }, kernel: true, fused: ["windowAverage", "windowAverageBackward"],
  }),
} as const;
// Checked apart from the literal: a `satisfies` on it would give each op() call a
// contextual return type to infer from, widening an absent `fused` to every kernel.
OPS satisfies Record<string, OpDecl>;

export type OpName = keyof typeof OPS;

/**
 * In-place updates that record no node (they run under no_grad, as torch.optim's steps
 * do), declared for the fused kernels they run: PyTorch's `_foreach` SGD, RMSprop and Adagrad and fused Adam
 * (ops/foreach.ts).
 */
export const UPDATES = {
  sgd: { fused: ["sgdStep", "sgdStepHalf"] },
  adam: { fused: ["adamStep"] },
  rmsprop: { fused: ["rmspropStep"] },
  adagrad: { fused: ["adagradStep"] },
  /** clip_grad_norm_ (nn/utils/clip-grad.ts): the total norm and the scaling, in place. */
  clipGradNorm: { fused: ["gradNorm", "scaleGrads"] },
} as const satisfies Record<string, { readonly fused: readonly FusedKernelName[] }>;

/** Functions without a gradient that run a fused kernel of their own (one_hot, a loss's reduction). */
export const UNRECORDED = {
  /** F.one_hot (nn/functional/one-hot.ts). */
  oneHot: { fused: ["oneHot"] },
  /** The losses' `reduction` of their per-element losses (nn/functional/reduction.ts). */
  reduceLoss: { fused: ["lossReduce"] },
} as const satisfies Record<string, { readonly fused: readonly FusedKernelName[] }>;

/** Every fused kernel some entry declares. */
type DeclaredKernel = (typeof OPS)[OpName]["fused"][number] | (typeof UPDATES)[keyof typeof UPDATES]["fused"][number]
  | (typeof UNRECORDED)[keyof typeof UNRECORDED]["fused"][number];
/**
 * A fused kernel of the backends that no entry declares is a compile error here, naming it:
 * each kernel exists for an op of this table.
 */
const everyKernelDeclared: Exclude<FusedKernelName, DeclaredKernel> extends never ? true : Exclude<FusedKernelName, DeclaredKernel> = true;
void everyKernelDeclared;

const INDEX = { name: "index", type: "tensor" } as const;

/**
 * The argument schemas of ops that share one entry above (the views, permutations and
 * slices record the same kind of node whatever call made them): positional parameters in
 * PyTorch's order, each also accepted in the trailing options object.
 */
export const SHAPE_ARGS = {
  squeeze: [{ name: "dim", type: "dims", optional: true }],
  unsqueeze: [DIM1],
  flatten: [{ name: "startDim", type: "dim", optional: true }, { name: "endDim", type: "dim", optional: true }],
  transpose: [{ name: "dim0", type: "dim" }, { name: "dim1", type: "dim" }],
  flip: [{ name: "dims", type: "dims" }],
  cat: [{ name: "dim", type: "dim", optional: true }],
  split: [{ name: "splitSize", type: "ints" }, { name: "dim", type: "dim", optional: true }],
  chunk: [{ name: "chunks", type: "int" }, { name: "dim", type: "dim", optional: true }],
  unbind: [{ name: "dim", type: "dim", optional: true }],
  select: [DIM1, { name: "index", type: "int" }],
  narrow: [DIM1, { name: "start", type: "int" }, { name: "length", type: "int" }],
  indexSelect: [DIM1, INDEX],
  gather: [DIM1, INDEX],
  scatter: [DIM1, INDEX, { name: "src", type: "tensorOrNumber" }],
  scatterAdd: [DIM1, INDEX, { name: "src", type: "tensor" }],
} as const satisfies Record<string, readonly ArgSpec[]>;
