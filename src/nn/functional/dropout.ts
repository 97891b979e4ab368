/**
 * Dropout as PyTorch's CPU kernel draws it: one float64 uniform per element from the
 * generator (random64, 53 bits), kept when it is below 1 - p, kept values scaled by
 * 1 / (1 - p) computed in the input's dtype. The same seed gives the same mask.
 */
import { refuseHalf } from "../../ops/util.js";
import { record } from "../../autograd/node.js";
import { OPS } from "../../ops/table.js";
import { ValueError } from "../../errors.js";
import { empty } from "../../ops/util.js";
import { getDefaultGenerator, type Generator } from "../../random/generator.js";
import { allocate, type Storage } from "../../tensor/dtype.js";
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
  if (input.device !== "cpu") return deviceDropout(input, mask, opts.inplace === true);
  const out = empty(input.shape, input.dtype);
  const x = input.data, o = out.data;
  for (let i = 0; i < n; i++) o[i] = x[i] * mask[i];
  const inplace = opts.inplace && !input.requiresGrad;
  if (inplace) {
    input.data.set(o);
    return input;
  }
  return record(out, OPS.dropout, [input], (g) => {
    const grad = empty(g.shape, g.dtype);
    const gd = g.data, gr = grad.data;
    for (let i = 0; i < n; i++) gr[i] = gd[i] * mask[i];
    return [grad];
  });
}

/**
 * Dropout on a device: the mask drawn on the CPU as above (the same stream, so the same
 * seed drops the same elements on every device), uploaded, and multiplied on the device.
 */
function deviceDropout(input: Tensor, mask: Storage, inplace: boolean): Tensor {
  const m = new Tensor(mask, input.shape, input.dtype).to(input.device);
  const out = noGrad(() => mul(input.detach(), m));
  if (inplace && !input.requiresGrad) return input.copy_(out);
  return record(out, OPS.dropout, [input], (g) => [mul(g, m)]);
}
