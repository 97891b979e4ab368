/**
 * The Box–Muller kernels behind torch's normal_ on CPU (torch 2.x,
 * aten/src/ATen/native/cpu/DistributionTemplates.h and
 * aten/src/ATen/core/DistributionsHelper.h). Which one runs depends on the tensor:
 *
 * - 16 or more elements: all n uniforms are drawn first, then transformed in
 *   blocks of 16 (u1 = 1 − d[j] for the radius, u2 = d[j + 8] for the angle). If
 *   n is not a multiple of 16, 16 fresh uniforms are drawn and the last 16
 *   elements are recomputed from them. float32 uses the AVX2 kernel with the
 *   float32 Cephes log / sincos of avx_mathfun.h and fused multiply-adds;
 *   float64 uses std::log / cos / sin and std::fma in double.
 * - fewer than 16: one scalar double Box–Muller per element, two 53-bit uniforms
 *   per pair, r = sqrt(−2·log1p(−u2)), θ = 2π·u1; r·cos θ is returned and r·sin θ
 *   cached on the generator for the next scalar draw. torch 1.13 used log(1 − u2)
 *   here; 2.x uses log1p(−u2).
 */
import { log256Lane, sincos256Lane } from "./avx-mathfun.js";
import { fma64, fmaF32 } from "./fma.js";
import type { Generator } from "./generator.js";
import { libm } from "../backend/libm.js";

const f = Math.fround;
const TWO_PI_F32 = f(2 * Math.PI);
const TWO_PI = 2 * Math.PI;

const sincos = new Float64Array(2);

/** The AVX2 kernel (normal_fill_16_AVX2) on data[i .. i+16), in float32. */
function fill16F32(d: Float32Array, i: number, mean: number, std: number): void {
  for (let j = i; j < i + 8; j++) {
    const u1 = f(1 - d[j]);
    const u2 = d[j + 8];
    const radius = f(Math.sqrt(f(-2 * log256Lane(u1))));
    sincos256Lane(f(TWO_PI_F32 * u2), sincos);
    d[j] = fmaF32(f(radius * sincos[1]), std, mean);
    d[j + 8] = fmaF32(f(radius * sincos[0]), std, mean);
  }
}

/**
 * The double kernel (normal_fill_16) on data[i .. i+16). glibc's log / cos / sin and
 * Kindling's libm (the same bits in every engine) differ in the last bit now and then,
 * so float64 values match torch only to about 5e-16 relative.
 */
function fill16F64(d: Float64Array, i: number, mean: number, std: number): void {
  const plain = std === 1 && mean === 0;
  for (let j = i; j < i + 8; j++) {
    const radius = Math.sqrt(-2 * libm.log(1 - d[j]));
    const theta = TWO_PI * d[j + 8];
    const c = radius * libm.cos(theta);
    const s = radius * libm.sin(theta);
    d[j] = plain ? c : fma64(c, std, mean);
    d[j + 8] = plain ? s : fma64(s, std, mean);
  }
}

/** The vectorised path: n ≥ 16, contiguous. */
export function normalFill(d: Float32Array | Float64Array, mean: number, std: number, g: Generator): void {
  const n = d.length;
  if (d instanceof Float32Array) {
    const m = f(mean);
    const s = f(std);
    for (let i = 0; i < n; i++) d[i] = g.uniform24();
    for (let i = 0; i + 16 <= n; i += 16) fill16F32(d, i, m, s);
    if (n % 16 !== 0) {
      for (let i = n - 16; i < n; i++) d[i] = g.uniform24();
      fill16F32(d, n - 16, m, s);
    }
  } else {
    for (let i = 0; i < n; i++) d[i] = g.uniform53();
    for (let i = 0; i + 16 <= n; i += 16) fill16F64(d, i, mean, std);
    if (n % 16 !== 0) {
      for (let i = n - 16; i < n; i++) d[i] = g.uniform53();
      fill16F64(d, n - 16, mean, std);
    }
  }
}

/**
 * One scalar normal (at::normal_distribution<double>): the cached value if there is
 * one, else a fresh pair whose sine half is cached. Returns mean + std · z in double;
 * the multiply-add is fused, as in torch's compiled kernel.
 */
export function normalScalar(g: Generator, mean: number, std: number): number {
  let z = g.nextDoubleNormalSample;
  if (z !== null) {
    g.nextDoubleNormalSample = null;
  } else {
    const u1 = g.uniform53();
    const u2 = g.uniform53();
    const r = Math.sqrt(-2 * libm.log1p(-u2));
    const theta = TWO_PI * u1;
    g.nextDoubleNormalSample = r * libm.sin(theta);
    z = r * libm.cos(theta);
  }
  return std === 1 && mean === 0 ? z : fma64(z, std, mean);
}
