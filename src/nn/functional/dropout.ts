/**
 * Dropout as PyTorch's CPU kernel draws it: one float64 uniform per element from the
 * generator (random64, 53 bits), kept when it is below 1 - p, kept values scaled by
 * 1 / (1 - p) computed in the input's dtype. The same seed gives the same mask.
 */
import { refuseHalf } from "../../ops/util.js";
import { record } from "../../autograd/node.js";
import { OPS } from "../../ops/table.js";
import { ValueError } from "../../errors.js";
import { getDefaultGenerator, type Generator } from "../../random/generator.js";
import type { DType } from "../../tensor/dtype.js";
import { zeros } from "../../tensor/creation.js";
import { bernoulli_ } from "../../random/bernoulli.js";
import { noGrad } from "../../autograd/grad-mode.js";
import { mul } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor/tensor.js";

export interface DropoutOptions {
  /** Probability of zeroing an element (default 0.5). */
  p?: number;
  /** Identity when false (evaluation). Default true, as F.dropout. */
  training?: boolean;
  /** Write into the input when no gradient is recorded for it. */
  inplace?: boolean;
  /** Draw from this generator instead of the global one. */
  generator?: Generator;
}

export function checkDropoutP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
}

export function dropout(input: Tensor, opts: DropoutOptions = {}): Tensor {
  refuseHalf(input.dtype, "dropout");
  const p = opts.p ?? 0.5;
  checkDropoutP(p);
  if (!(opts.training ?? true) || p === 0 || input.numel() === 0) return input;
  const m = dropoutNoise(input.shape, input.dtype, p, opts.generator);
  // The mask is drawn on the CPU (the same stream, so the same seed drops the same elements
  // on every device) and moved beside the input; input · mask is the mul kernel of its
  // device, which rounds x·scale once, as the product in the input's dtype.
  const md = input.device === "cpu" ? m : m.to(input.device);
  const out = noGrad(() => mul(input.detach(), md));
  // copy_ bumps the input's version, as PyTorch's in-place dropout does.
  if (opts.inplace && !input.requiresGrad) return noGrad(() => input.copy_(out));
  return record(out, OPS.dropout, [input], (g) => [mul(g, md)]);
}

/**
 * PyTorch's dropout noise: bernoulli_(1 − p) (one 53-bit uniform per element from the
 * generator), divided by 1 − p in `dtype` (a float32 noise holds float32(1 / float32(1 − p))).
 * With p = 1 it is all zeros, and nothing is drawn.
 */
export function dropoutNoise(shape: readonly number[], dtype: DType, p: number, generator: Generator | undefined): Tensor {
  const noise = zeros([...shape], { dtype });
  if (p < 1) {
    const keep = 1 - p;
    noGrad(() => bernoulli_(noise, keep, { generator: generator ?? getDefaultGenerator() }).div_(keep));
  }
  return noise;
}
