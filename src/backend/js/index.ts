/** The reference backend: plain TypeScript over typed arrays. Runs anywhere. */
import type { Backend } from "../backend.js";
import { engineMath, type MathLib } from "../libm.js";
import { binaryWith } from "./binary.js";
import { conv2d, conv2dBackward } from "./conv.js";
import { maxPool2d, maxPool2dBackward, windowAverage, windowAverageBackward } from "./pool.js";
import { fusedLossesWith } from "./fused-loss.js";
import { linear, linearBackward } from "./fused-linear.js";
import { activationBackward, relu } from "./activation.js";
import { adagradStep, adamStepWith, rmspropStep, sgdStep } from "./fused-optim.js";
import { matmul } from "./matmul.js";
import { hostReads, movements } from "./movements.js";
import { permute } from "./permute.js";
import { reduceKernels } from "./reduce.js";
import { paramKernelsWith, unaryKernelsWith } from "./unary.js";
// softmax, dot, the fused losses' backward, clip-grad, half SGD, one-hot, loss reduction
import { softmaxWith } from "./softmax.js";
import { dot } from "./dot.js";
import { crossEntropyGradLogProbsWith, lossGradScale } from "./loss-grad.js";
import { gradNormWith, scaleGrads } from "./clip-grad.js";
import { sgdStepHalf } from "./half-sgd.js";
import { oneHot } from "./one-hot.js";
import { lossReduce } from "./loss-reduce.js";
// The losses' and batch norm's loops (libm on every backend: see losses.ts).
import { lossKernels } from "./losses.js";
import { batchNorm, batchNormBackward } from "./batch-norm.js";

/**
 * The TypeScript kernels over a math library. With the engine's Math they are the
 * reference backend; with Kindling's libm, the wasm backend's kernels for everything it
 * does not run in wasm, whose transcendental functions then give the same bits in
 * every engine.
 */
export function jsKernelsWith(M: MathLib, name: string): Backend {
  const unaryKernels = unaryKernelsWith(M);
  const paramKernels = paramKernelsWith(M);
  const losses = fusedLossesWith(M);
  return {
    name,
    unary: (op, x, out) => unaryKernels[op](x, out, out.length),
    unaryParam: (op, x, out, p0, p1) => paramKernels[op](x, out, out.length, p0, p1),
    binary: binaryWith(M),
    reduce: (op, x, out, outer, size, inner) => reduceKernels[op](x, out, outer, size, inner),
    matmul,
    permute,
    linear,
    linearBackward,
    sgdStep,
    adamStep: adamStepWith(M),
    rmspropStep,
    adagradStep,
    crossEntropy: losses.crossEntropy,
    bceWithLogits: losses.bceWithLogits,
    conv2d,
    conv2dBackward,
    maxPool2d,
    maxPool2dBackward,
    windowAverage,
    windowAverageBackward,
    relu: (x, out) => relu(x, out),
    activationBackward: (act, g, y, out) => activationBackward(act, g, y, out),
    // ---- softmax, dot, the fused losses' backward, clip-grad, half SGD, one-hot, loss reduction ----
    softmax: softmaxWith(M),
    dot,
    lossGradScale,
    crossEntropyGradLogProbs: crossEntropyGradLogProbsWith(M),
    gradNorm: gradNormWith(M),
    scaleGrads,
    sgdStepHalf,
    oneHot,
    lossReduce,
    // ---- losses and batch norm ----
    ...lossKernels,
    batchNorm,
    batchNormBackward,
    // Data movements and the CPU's synchronous reads: no libm, the same in both.
    ...movements,
    ...hostReads,
  };
}

export const jsBackend: Backend = jsKernelsWith(engineMath, "js");
