/**
 * One lane of `log256_ps` and `sincos256_ps` from PyTorch's avx_mathfun.h (Julien
 * Pommier's Cephes-based float32 routines), replayed in exact float32 arithmetic.
 * torch's vectorised normal_ (Box–Muller on 16 floats at a time) calls them, so
 * reproducing randn bit for bit needs their exact rounding, not Math.log / Math.sin.
 *
 * GCC compiles these intrinsics with -mfma and contracts multiply-then-add pairs
 * into single fused operations. Which ones was settled against real torch output
 * (3 million randn values, none differing); undoing any one of the fusions marked
 * (*) makes some values differ: the log's Horner steps `y = y·x + p`*, its
 * `y·z + e·q1` fused on the y·z product*, the sine polynomial's Horner steps
 * (the second*), the cosine polynomial's (the second*), the cosine's
 * `y·z·z − z/2` fused on the second product*, and the sine's final `y·z·x + x`*.
 * The rest never changed a bit in those samples (the range reduction
 * `x + y·DP1/2/3`, and products by powers of two or by q2, which are exact) and
 * are fused like the others, as GCC does.
 */
import { fmaF32 } from "./fma.js";

const f = Math.fround;

// Constants as the header declares them, rounded to float32. Three literals are
// written in their shortest double form (the header has 0.707106781186547524,
// -2.4187564849853515625e-4 and -3.77489497744594108e-8); the float32 values are the same.
const SQRTHF = f(0.7071067811865476);
const LOG_P = [
  7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f);
const LOG_Q1 = f(-2.12194440e-4);
const LOG_Q2 = f(0.693359375);

const MINUS_DP1 = f(-0.78515625);
const MINUS_DP2 = f(-0.00024187564849853516);
const MINUS_DP3 = f(-3.774894977445941e-8);
const SINCOF_P0 = f(-1.9515295891e-4);
const SINCOF_P1 = f(8.3321608736e-3);
const SINCOF_P2 = f(-1.6666654611e-1);
const COSCOF_P0 = f(2.443315711809948e-5);
const COSCOF_P1 = f(-1.388731625493765e-3);
const COSCOF_P2 = f(4.166664568298827e-2);
const FOPI = f(1.27323954473516); // 4 / π

// Bit access to a float32 value.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** log256_ps for one lane: natural log of a float32 x (NaN for x ≤ 0). */
export function log256Lane(xIn: number): number {
  if (!(xIn > 0)) return xIn === 0 || xIn < 0 ? Number.NaN : xIn; // NaN stays NaN
  // Cut off denormals, as the header does.
  f32[0] = Math.max(xIn, 1.1754943508222875e-38);
  const bits = u32[0];
  let e = f((bits >>> 23) - 127 + 1);
  // Keep the mantissa, with the exponent of 0.5: x in [0.5, 1).
  u32[0] = (bits & ~0x7f800000) | 0x3f000000;
  let x = f32[0];
  if (x < SQRTHF) {
    e = f(e - 1);
    x = f(f(x - 1) + x);
  } else {
    x = f(x - 1);
  }
  const z = f(x * x);
  let y = LOG_P[0];
  for (let k = 1; k < LOG_P.length; k++) y = fmaF32(y, x, LOG_P[k]);
  y = f(y * x);
  y = fmaF32(y, z, f(e * LOG_Q1));
  y = f(y - f(z * 0.5));
  x = f(x + y);
  x = fmaF32(e, LOG_Q2, x);
  return x;
}

/** sincos256_ps for one lane: writes sin θ to out[0] and cos θ to out[1] (no allocation in the hot loop). */
export function sincos256Lane(xIn: number, out: Float64Array | number[]): void {
  let signSin = xIn < 0 || Object.is(xIn, -0);
  let x = Math.abs(xIn);
  // j = (int(x · 4/π) + 1) & ~1: the octant, rounded up to even.
  let j = Math.trunc(f(x * FOPI)) | 0;
  j = (j + 1) & ~1;
  const y = j; // exact in float32 for the ranges Box–Muller uses
  if (j & 4) signSin = !signSin;
  const signCos = ((j - 2) & 4) === 0;
  // Octants 1–2 (mod 4): the sine comes from the cosine polynomial and vice versa.
  const swapPolys = (j & 2) !== 0;
  // Extended-precision reduction: x = ((x − y·DP1) − y·DP2) − y·DP3.
  x = fmaF32(y, MINUS_DP1, x);
  x = fmaF32(y, MINUS_DP2, x);
  x = fmaF32(y, MINUS_DP3, x);
  const z = f(x * x);
  // Cosine polynomial on [0, π/4].
  let c = COSCOF_P0;
  c = fmaF32(c, z, COSCOF_P1);
  c = fmaF32(c, z, COSCOF_P2);
  c = f(c * z);
  c = fmaF32(c, z, -f(z * 0.5));
  c = f(c + 1);
  // Sine polynomial on [0, π/4].
  let s = SINCOF_P0;
  s = fmaF32(s, z, SINCOF_P1);
  s = fmaF32(s, z, SINCOF_P2);
  s = f(s * z);
  s = fmaF32(s, x, x);
  const sinVal = swapPolys ? c : s;
  const cosVal = swapPolys ? s : c;
  out[0] = signSin ? -sinVal : sinVal;
  out[1] = signCos ? -cosVal : cosVal;
}
