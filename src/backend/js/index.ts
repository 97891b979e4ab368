/** The reference backend: plain TypeScript over typed arrays. Runs anywhere. */
import type { Backend } from "../backend.js";
import { binary } from "./binary.js";
import { conv2d, conv2dBackward } from "./conv.js";
import { maxPool2d, maxPool2dBackward, windowAverage, windowAverageBackward } from "./pool.js";
import { bceWithLogits, crossEntropy } from "./fused-loss.js";
import { linear, linearBackward } from "./fused-linear.js";
import { activationBackward, relu } from "./activation.js";
import { adamStep, sgdStep } from "./fused-optim.js";
import { matmul } from "./matmul.js";
import { permute } from "./permute.js";
import { reduceKernels } from "./reduce.js";
import { paramKernels, unaryKernels } from "./unary.js";

export const jsBackend: Backend = {
  name: "js",
  unary: (op, x, out) => unaryKernels[op](x, out, out.length),
  unaryParam: (op, x, out, p0, p1) => paramKernels[op](x, out, out.length, p0, p1),
  binary,
  reduce: (op, x, out, outer, size, inner) => reduceKernels[op](x, out, outer, size, inner),
  matmul,
  permute,
  linear,
  linearBackward,
  sgdStep,
  adamStep,
  crossEntropy,
  bceWithLogits,
  conv2d,
  conv2dBackward,
  maxPool2d,
  maxPool2dBackward,
  windowAverage,
  windowAverageBackward,
  relu: (x, out) => relu(x, out),
  activationBackward: (act, g, y, out) => activationBackward(act, g, y, out),
};
