/**
 * Bernoulli draws: torch.bernoulli and tensor.bernoulli_, as the CPU kernels draw
 * them (aten/src/ATen/native/cpu/DistributionTemplates.h): one uniform per element,
 * and 1 where u < p.
 *
 * With a tensor of probabilities the uniform matches the probabilities' dtype:
 * float32 p takes one 32-bit word (24-bit uniform), float64 p two words (53-bit).
 * With a number p every element takes a 53-bit uniform. That is the generic
 * kernel, which torch runs on AMD and other non-Intel x86 CPUs; on Intel CPUs torch
 * builds with MKL send the number-p form (bernoulli_(p), and dropout through it)
 * to MKL's own stream seeded from one 32-bit word, so those bits differ there.
 */
import { ValueError } from "../errors.js";
import { allocate } from "../tensor/dtype.js";
import { broadcastShapes, fmtShape, shapeEq } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { requireFloatKernel } from "./checks.js";
import { getDefaultGenerator, type Generator } from "./generator.js";
import type { RandomOptions } from "./uniform.js";
import { drawBuffer, writeDrawn, writeInto } from "./draws.js";
import { noGrad } from "../autograd/grad-mode.js";

const P_RANGE_MESSAGE =
  "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)";

/** p broadcast to `shape` (torch's expand_inplace), as a flat array of the values. */
function expandProbs(p: Tensor, shape: readonly number[]): Tensor {
  if (shapeEq(p.shape, shape)) return p;
  const b = broadcastShapes(p.shape, shape);
  if (!shapeEq(b, shape)) {
    throw new ValueError(
      `expand(${fmtShape(p.shape)}, size=${fmtShape(shape)}): the number of sizes provided (${shape.length}) must be greater or equal to the number of dimensions in the tensor (${p.ndim})`,
    );
  }
  return p.detach().expand(shape);
}

/**
 * out = (u < p) for one uniform u per element, drawn on the CPU in p's precision and compared
 * on p's device (the comparison is exact: a 24-bit uniform is a float32).
 */
function fillFromProbs(out: Tensor, p: Tensor, g: Generator): void {
  requireFloatKernel("bernoulli_tensor_cpu_p_", p.dtype);
  const probs = expandProbs(p, out.shape);
  noGrad(() => {
    // NaN fails both comparisons, as in torch's check.
    if (!probs.ge(0).logicalAnd(probs.le(1)).all().item()) throw new ValueError(P_RANGE_MESSAGE);
    const wide = p.dtype === "float64";
    const u = drawBuffer(wide ? "float64" : "float32", out.numel());
    for (let i = 0; i < u.length; i++) u[i] = wide ? g.uniform53() : g.uniform24();
    const uniforms = new Tensor(u, [...out.shape], wide ? "float64" : "float32").to(p.device);
    writeInto(out, uniforms.lt(probs).to(out.dtype));
  });
}

/**
 * tensor.bernoulli_(p): fills `t` (any dtype) in place with 0/1 draws, P(1) = p,
 * where p is a number or a tensor broadcastable to t's shape.
 */
export function bernoulli_(t: Tensor, p: number | Tensor = 0.5, opts: RandomOptions = {}): Tensor {
  const g = opts.generator ?? getDefaultGenerator();
  if (typeof p === "number") {
    if (!(p >= 0 && p <= 1)) throw new ValueError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
    t.checkInplace();
    const d = drawBuffer(t.dtype, t.numel());
    for (let i = 0; i < d.length; i++) d[i] = g.uniform53() < p ? 1 : 0;
    return writeDrawn(t, d);
  }
  t.checkInplace();
  fillFromProbs(t, p, g);
  return t;
}

/**
 * torch.bernoulli(probs): a tensor of probs' shape and dtype with 0/1 draws, P(1) =
 * probs[i]. With `p` given, every element uses that probability instead
 * (torch.bernoulli(input, p)).
 */
export function bernoulli(probs: Tensor, opts: RandomOptions & { p?: number } = {}): Tensor {
  const out = new Tensor(allocate(probs.dtype, probs.numel()), [...probs.shape], probs.dtype);
  if (opts.p !== undefined) return bernoulli_(out, opts.p, opts);
  fillFromProbs(out, probs, opts.generator ?? getDefaultGenerator());
  return out;
}
