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
import { allocate } from "../../tensor/dtype.js";
import { noGrad } from "../../autograd/grad-mode.js";
import { mul } from "../../ops/elementwise.js";
import { Tensor } from "../../tensor/tensor.js";

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
  const n = input.numel();
  const mask = allocate(input.dtype, n);
  if (p < 1) {
    const keep = 1 - p;
    // noise.div_(1 - p) on a float32 tensor divides by the float32 value of 1 - p.
    const scale = input.dtype === "float32" ? 1 / Math.fround(keep) : 1 / keep;
    const g = opts.generator ?? getDefaultGenerator();
    for (let i = 0; i < n; i++) mask[i] = g.uniform53() < keep ? scale : 0;
  }
  // The mask is drawn on the CPU (the same stream, so the same seed drops the same elements
  // on every device) and moved beside the input; input · mask is the mul kernel of its
  // device, which rounds x·scale once, as the product in the input's dtype.
  const m = new Tensor(mask, input.shape, input.dtype);
  const md = input.device === "cpu" ? m : m.to(input.device);
  const out = noGrad(() => mul(input.detach(), md));
  // copy_ bumps the input's version, as PyTorch's in-place dropout does.
  if (opts.inplace && !input.requiresGrad) return noGrad(() => input.copy_(out));
  return record(out, OPS.dropout, [input], (g) => [mul(g, md)]);
}
