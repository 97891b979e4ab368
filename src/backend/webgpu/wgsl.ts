/**
 * The pieces every WGSL kernel shares: the dtypes' WGSL types, the parameter block, the
 * bit-level NaN / infinity tests and the flat element index.
 *
 * NaN is tested on the bits, never with `x != x`: WGSL does not promise IEEE behaviour,
 * and SwiftShader's compiler folds `x != x` to false. A NaN constant cannot be written
 * either (a constant expression that evaluates to NaN is a shader-creation error), so it
 * comes from a private variable's bits.
 */

/** The dtypes a GPU buffer holds: bool is stored as one u32 (0 or 1) per element. */
export type GpuDType = "float32" | "int32" | "bool";

/** The WGSL element type of each dtype's buffer. */
export const WGSL_TYPE: Record<GpuDType, string> = { float32: "f32", int32: "i32", bool: "u32" };

/** Words of the parameter block each dispatch gets (one 256-byte uniform slot). */
export const PARAM_WORDS = 64;

/** Threads per workgroup of the one-dimensional kernels. */
export const WG = 256;

/**
 * Parameter block and helpers. `pu(i)`, `pi(i)`, `pf(i)`: word i of the dispatch's
 * parameters as u32, i32 and f32.
 */
export const PRELUDE = /* wgsl */ `
struct Params { w: array<vec4<u32>, ${PARAM_WORDS / 4}> }
@group(0) @binding(0) var<uniform> P: Params;
fn pu(i: u32) -> u32 { return P.w[i >> 2u][i & 3u]; }
fn pi(i: u32) -> i32 { return bitcast<i32>(pu(i)); }
fn pf(i: u32) -> f32 { return bitcast<f32>(pu(i)); }
var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
fn nan_() -> f32 { return bitcast<f32>(NAN_BITS); }
fn inf_() -> f32 { return bitcast<f32>(INF_BITS); }
fn isnan_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn isinf_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
// Truth as PyTorch's: non-zero, so NaN is true and -0 is false.
fn nzf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) != 0u; }
fn nzi(x: i32) -> bool { return x != 0; }
`;

/**
 * The entry point of a one-dimensional kernel over `n` elements (parameter word 0): the
 * grid may be two-dimensional (more than 65535 workgroups), so the flat index combines both.
 */
export function flatMain(body: string): string {
  return /* wgsl */ `
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let i = (wid.y * nwg.x + wid.x) * ${WG}u + li;
  if (i >= pu(0u)) { return; }
${body}
}`;
}

/** A read-only storage binding of the given element type. */
export function input(binding: number, name: string, type: string): string {
  return `@group(0) @binding(${binding}) var<storage, read> ${name}: array<${type}>;\n`;
}

/** A read-write storage binding of the given element type. */
export function output(binding: number, name: string, type: string): string {
  return `@group(0) @binding(${binding}) var<storage, read_write> ${name}: array<${type}>;\n`;
}

/**
 * The compute type of values loaded from a buffer: floats compute in f32, int32 and bool
 * in i32 (exact, wrapping as PyTorch's int32 arithmetic).
 */
export type Compute = "f32" | "i32";

/** `expr` (a value of buffer type `from`) as a value of compute type `to`. */
export function load(expr: string, from: GpuDType, to: Compute): string {
  if (from === "float32") return to === "f32" ? expr : `i32(${expr})`;
  if (from === "int32") return to === "i32" ? expr : `f32(${expr})`;
  return `${to}(${expr})`;
}

/** A value of compute type `from` stored into a buffer of dtype `to` (bool: non-zero). */
export function store(expr: string, from: Compute, to: GpuDType): string {
  if (to === "bool") return `select(0u, 1u, ${from === "f32" ? "nzf" : "nzi"}(${expr}))`;
  return `${WGSL_TYPE[to]}(${expr})`;
}

/** A WGSL boolean stored into a buffer of dtype `to` as 0 / 1. */
export function storePredicate(expr: string, to: GpuDType): string {
  const t = WGSL_TYPE[to];
  return `select(${t}(0), ${t}(1), ${expr})`;
}

/**
 * Float functions WGSL lacks, or has without the accuracy or the edge cases PyTorch's
 * results need: expm1 and log1p near 0 (series; exp(x) − 1 loses all digits there),
 * tanh for large |x| (WGSL's may overflow to NaN), erf (A&S 7.1.26 away from 0, its
 * series near 0, where the former's absolute error would be a large relative one), and
 * pow for negative bases and integer exponents (WGSL's pow is exp2(y·log2 x), undefined
 * for x < 0).
 */
export const FLOAT_LIB = /* wgsl */ `
// log at the ends of its domain and of NaN, which WGSL leaves open (SwiftShader's log(0) is -88.03).
fn logEnds_(x: f32, y: f32) -> f32 {
  if (isnan_(x)) { return x; }
  if (x == 0.0) { return -inf_(); }
  if (x < 0.0) { return nan_(); }
  if (isinf_(x)) { return x; }
  return y;
}
fn log_(x: f32) -> f32 { return logEnds_(x, log(x)); }
// exp that keeps a NaN (SwiftShader's exp(NaN) is inf): inf − inf inside a shifted exp must stay NaN.
fn exp_(x: f32) -> f32 { return select(exp(x), x, isnan_(x)); }
fn log2_(x: f32) -> f32 { return logEnds_(x, log2(x)); }
fn expm1_(x: f32) -> f32 {
  if (abs(x) < 0.35) {
    // Taylor series to x^9/9!: the next term is below 1e-11 relative on this interval.
    return x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0 + x * (1.0 / 720.0
      + x * (1.0 / 5040.0 + x * (1.0 / 40320.0 + x * (1.0 / 362880.0)))))))));
  }
  return exp(x) - 1.0;
}
fn log1p_(x: f32) -> f32 {
  if (abs(x) < 0.3) {
    // 2·atanh(s), s = x / (2 + x): |s| < 0.18, so six odd terms reach float32's precision.
    let s = x / (2.0 + x);
    let s2 = s * s;
    return 2.0 * s * (1.0 + s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0 + s2 * (1.0 / 11.0))))));
  }
  return log_(1.0 + x);
}
fn tanh_(x: f32) -> f32 {
  if (isnan_(x)) { return x; }
  let a = abs(x);
  if (a > 9.0) { return sign(x); }
  let e = expm1_(2.0 * a);
  return sign(x) * (e / (e + 2.0));
}
fn erf_(x: f32) -> f32 {
  let a = abs(x);
  if (a < 0.5) {
    let x2 = x * x;
    return 1.1283791670955126 * x * (1.0 + x2 * (-1.0 / 3.0 + x2 * (1.0 / 10.0 + x2 * (-1.0 / 42.0
      + x2 * (1.0 / 216.0 + x2 * (-1.0 / 1320.0))))));
  }
  if (a > 4.0) { return sign(x); }
  let t = 1.0 / (1.0 + 0.3275911 * a);
  let poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign(x) * (1.0 - poly * exp(-a * a));
}
// sin and cos: WGSL's are only accurate to an absolute 2^-11 inside [-π, π] and not
// bounded outside (SwiftShader's sin(-11.74) is off by 5e-5). Reduction by π/2 in three
// parts (k·C1 and k·C2 exact for |k| < 2^12, i.e. |x| < 6400), then Taylor series on
// [-π/4, π/4] picked by quadrant.
fn sinPoly_(r: f32) -> f32 {
  let r2 = r * r;
  return r * (1.0 + r2 * (-1.0 / 6.0 + r2 * (1.0 / 120.0 + r2 * (-1.0 / 5040.0 + r2 * (1.0 / 362880.0)))));
}
fn cosPoly_(r: f32) -> f32 {
  let r2 = r * r;
  return 1.0 + r2 * (-0.5 + r2 * (1.0 / 24.0 + r2 * (-1.0 / 720.0 + r2 * (1.0 / 40320.0 + r2 * (-1.0 / 3628800.0)))));
}
fn sinCos_(x: f32, cosine: bool) -> f32 {
  let k = round(x * 0.63661977236758134);
  let r = ((x - k * 1.5703125) - k * 0.0004837512969970703) - k * 7.549790126404332e-08;
  let q = (u32(i32(clamp(k, -1048576.0, 1048576.0)) & 3) + select(0u, 1u, cosine)) & 3u;
  var v: f32;
  if ((q & 1u) == 0u) { v = sinPoly_(r); } else { v = cosPoly_(r); }
  if (isinf_(x)) { return nan_(); }
  return select(v, -v, q >= 2u);
}
// atan2 at signed zeros and infinities, which WGSL leaves open.
fn atan2_(y: f32, x: f32) -> f32 {
  let yNeg = (bitcast<u32>(y) & 0x80000000u) != 0u;
  let xNeg = (bitcast<u32>(x) & 0x80000000u) != 0u;
  var r: f32;
  if (y == 0.0) {
    r = select(0.0, 3.14159265358979323846, xNeg);
  } else if (isinf_(y) && isinf_(x)) {
    r = select(0.78539816339744831, 2.35619449019234492, xNeg);
  } else if (isinf_(y)) {
    r = 1.57079632679489662;
  } else if (isinf_(x)) {
    r = select(0.0, 3.14159265358979323846, xNeg);
  } else {
    return atan2(y, x);
  }
  return select(r, -r, yNeg);
}
fn isOddInt_(y: f32) -> bool {
  return abs(y) < 16777216.0 && trunc(y) == y && trunc(y * 0.5) != y * 0.5;
}
fn powf_(x: f32, y: f32) -> f32 {
  if (y == 0.0 || x == 1.0) { return 1.0; }
  if (isnan_(x) || isnan_(y)) { return nan_(); }
  let ax = abs(x);
  if (isinf_(y) && ax == 1.0) { return 1.0; }
  let isInt = trunc(y) == y;
  if (isinf_(x)) {
    // C's pow: ±inf to a positive power is inf (−inf for odd integers), to a negative one 0.
    let odd = x < 0.0 && isOddInt_(y);
    if (y > 0.0) { return select(inf_(), -inf_(), odd); }
    return select(0.0, -0.0, odd);
  }
  if (x < 0.0 && !isInt) { return nan_(); }
  var r: f32;
  if (isInt && abs(y) <= 64.0) {
    // Small integer exponents by squaring: a few roundings instead of exp2's amplified error.
    var e = u32(abs(y));
    var b = ax;
    r = 1.0;
    loop {
      if ((e & 1u) == 1u) { r = r * b; }
      e = e >> 1u;
      if (e == 0u) { break; }
      b = b * b;
    }
    if (y < 0.0) { r = 1.0 / r; }
  } else if (ax == 0.0) {
    r = select(inf_(), 0.0, y > 0.0);
  } else {
    r = exp2(y * log2(ax));
  }
  // The sign of a negative base (and of -0) survives odd integer exponents.
  if ((bitcast<u32>(x) & 0x80000000u) != 0u && isOddInt_(y)) { r = -r; }
  return r;
}
fn powi_(base: i32, ex: i32) -> i32 {
  if (ex < 0) {
    if (base == 1) { return 1; }
    if (base == -1) { return select(-1, 1, (ex & 1) == 0); }
    return 0;
  }
  var r = 1;
  var b = base;
  var e = u32(ex);
  loop {
    if (e == 0u) { break; }
    if ((e & 1u) == 1u) { r = r * b; }
    b = b * b;
    e = e >> 1u;
  }
  return r;
}
`;

/**
 * The status buffer's words. A kernel that meets bad input it cannot stop for (an index out
 * of range, a class target out of bounds, an integer division by zero) sets its word, and
 * the next read raises the CPU's error from them (runtime.ts `readWords`).
 */
export const STATUS = {
  /** An index_select / index_add position out of range. */
  INDEX: 0,
  /** A cross-entropy target out of bounds, and its value. */
  TARGET: 1, TARGET_VALUE: 2,
  /** An integer divisor of zero. */
  ZERO_DIVISION: 3,
  /** A gather / scatter index out of bounds: its value, dim and size (the first one wins). */
  GATHER: 4, GATHER_VALUE: 5, GATHER_DIM: 6, GATHER_SIZE: 7,
} as const;

/** The status buffer's size in words. */
export const STATUS_WORDS = 8;

/**
 * The status buffer at `binding` (after a kernel's own bindings: GpuRuntime.dispatch's
 * `extra`), as FLAG, with its words' indices as WGSL constants (STATUS_INDEX, …).
 */
export function statusBinding(binding: number): string {
  const words = Object.entries(STATUS).map(([name, i]) => `const STATUS_${name}: u32 = ${i}u;\n`).join("");
  return `@group(0) @binding(${binding}) var<storage, read_write> FLAG: array<atomic<u32>>;\n${words}`;
}
