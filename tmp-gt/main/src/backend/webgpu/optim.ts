/**
 * WGSL sources of the optimizer steps, one dispatch per parameter tensor: torch.optim's
 * SGD and Adam / AdamW update rules in the order and float32 roundings of the reference
 * kernels (src/backend/js/fused-optim.ts), whose "multiply then add, rounded once" steps
 * are `fma` here. The per-tensor scalars are float32 words computed on the host as there.
 *
 * SGD words: [n, flags, wd, momentum, 1 − dampening, −lr]; flags: 1 maximize, 2 weight
 * decay, 4 first step, 8 nesterov. With momentum, binding 3 is the momentum buffer.
 */
import { PRELUDE, flatMain, input, output } from "./wgsl.js";

export function sgdSource(momentum: boolean): string {
  return PRELUDE + output(1, "Prm", "f32") + input(2, "G", "f32") + (momentum ? output(3, "Buf", "f32") : "") + flatMain(`
  let flags = pu(1u);
  var d = G[i];
  if ((flags & 1u) != 0u) { d = -d; }
  if ((flags & 2u) != 0u) { d = fma(pf(2u), Prm[i], d); }
  ${momentum ? `var b = d;
  if ((flags & 4u) == 0u) { b = fma(pf(4u), d, Buf[i] * pf(3u)); }
  Buf[i] = b;
  if ((flags & 8u) != 0u) { d = fma(pf(3u), b, d); } else { d = b; }` : ""}
  Prm[i] = fma(pf(5u), d, Prm[i]);`);
}

/**
 * Adam words: [n, flags, decay, wd, w1, w1 − 1, β2, 1 − β2, √(bias correction 2), eps,
 * −step size]; flags: 1 maximize, 2 weight decay, 4 decoupled (AdamW), 8 |w1| < 0.5 (lerp's
 * form). With amsgrad, binding 5 is the running maximum of the second moment.
 */
export function adamSource(amsgrad: boolean): string {
  return PRELUDE + output(1, "Prm", "f32") + input(2, "G", "f32") + output(3, "M", "f32") + output(4, "V", "f32")
    + (amsgrad ? output(5, "VMax", "f32") : "") + flatMain(`
  let flags = pu(1u);
  var d = G[i];
  var p = Prm[i];
  if ((flags & 1u) != 0u) { d = -d; }
  if ((flags & 2u) != 0u) {
    if ((flags & 4u) != 0u) { p = p * pf(2u); } else { d = fma(pf(3u), p, d); }
  }
  let m = M[i];
  let diff = d - m;
  var mNew: f32;
  if ((flags & 8u) != 0u) { mNew = fma(pf(4u), diff, m); } else { mNew = fma(pf(5u), diff, d); }
  M[i] = mNew;
  let vNew = fma(pf(7u) * d, d, V[i] * pf(6u));
  V[i] = vNew;
  var second = vNew;
  ${amsgrad ? "second = max(VMax[i], vNew);\n  VMax[i] = second;" : ""}
  let denom = sqrt(second) / pf(8u) + pf(9u);
  Prm[i] = p + (pf(10u) * mNew) / denom;`);
}
