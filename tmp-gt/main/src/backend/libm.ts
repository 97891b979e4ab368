/**
 * Kindling's own transcendental functions, in double precision: exp, expm1, log, log1p,
 * log2, log10, sin, cos, tanh, pow, atan2. They give the same bits in every JavaScript
 * engine, because they use only what ECMAScript specifies exactly: + − × ÷ of doubles,
 * Math.sqrt / floor / round / abs, typed-array bit access and BigInt. The engine's own
 * Math.exp, Math.sin, … are not specified to the last bit and do differ (V8 builds with
 * and without glibc's sin / cos, other engines use other libms).
 *
 * Accuracy: under one ulp for exp, expm1, log, log1p, sin, cos (|x| < 2^20·π/2; larger
 * arguments are reduced exactly with BigInt), about one ulp for tanh, log2, log10 and
 * atan2; pow correctly rounded but in rare cases for a whole exponent (|y| < 2^30, result
 * within e^±650), else a few ulps when |y·log x| is large. Float32 results, rounded from these,
 * equal the correctly rounded float32 value except in rare double-rounding cases, so the
 * float32 numbers match the engine's Math.* almost everywhere.
 *
 * The methods are the classical ones (Cody–Waite range reduction; Taylor series on a
 * small interval; log via atanh of f / (2 + f); Payne–Hanek reduction for huge arguments);
 * the series coefficients are exact reciprocals computed here, the split constants were
 * computed with mpmath at 400 bits.
 */

/** The math functions a kernel table is built over: Kindling's (`libm`) or the engine's (`engineMath`). */
export interface MathLib {
  exp(x: number): number;
  expm1(x: number): number;
  log(x: number): number;
  log1p(x: number): number;
  log2(x: number): number;
  log10(x: number): number;
  sin(x: number): number;
  cos(x: number): number;
  tanh(x: number): number;
  pow(x: number, y: number): number;
  atan2(y: number, x: number): number;
}

/** The engine's Math: the reference backend's functions (fast, but engine-dependent in the last bits). */
export const engineMath: MathLib = {
  exp: Math.exp, expm1: Math.expm1, log: Math.log, log1p: Math.log1p, log2: Math.log2, log10: Math.log10,
  sin: Math.sin, cos: Math.cos, tanh: Math.tanh, pow: Math.pow, atan2: Math.atan2,
};

// ---- bits and powers of two ----

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;
const LO = LITTLE ? 0 : 1;

/** POW2[k + 1074] = 2^k for −1074 ≤ k ≤ 1023, each exact. */
const POW2 = new Float64Array(2098);
for (let k = 0, v = 1; k <= 1023; k++, v *= 2) POW2[k + 1074] = v;
for (let k = 0, v = 1; k >= -1074; k--, v /= 2) POW2[k + 1074] = v;

/** 2^k, exact (ECMAScript leaves `**` approximate, even for powers of two). */
function P2(k: number): number {
  return POW2[k + 1074];
}

/** x · 2^k for x near 1 (within a factor 4): one rounding, also into the subnormal range. */
function scale(x: number, k: number): number {
  if (k > 1023) return x * P2(1023) * POW2[Math.min(k - 1023, 1023) + 1074];
  if (k < -1022) return x * POW2[k + 200 + 1074] * P2(-200);
  return x * POW2[k + 1074];
}

// ---- constants (mpmath, 400 bits) ----

/** ln 2 split: LN2_HI has 32 significant bits, so k·LN2_HI is exact for |k| < 2^21. */
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const INV_LN2 = 1.4426950408889634;
const INV_LN2_LO = 2.0355273740931033e-17;
const LOG10_2_HI = 0.3010299956639812;
const LOG10_2_LO = -2.8037281277851704e-18;
const INV_LN10 = 0.4342944819032518;
const INV_LN10_LO = 1.098319650216765e-17;
/** π/2 in three parts of 33 bits (n·PIO2_i is exact for n < 2^20) and the rest. */
const PIO2_1 = 1.5707963267341256;
const PIO2_2 = 6.077100506303966e-11;
const PIO2_3 = 2.0222662487111665e-21;
const PIO2_3T = 8.4784276603689e-32;
const PIO2_HI = 1.5707963267948966;
const PIO2_LO = 6.123233995736766e-17;
const PI_HI = 2 * PIO2_HI;
const PI_LO = 2 * PIO2_LO;
const INV_PIO2 = 0.6366197723675814;
/** atan(j/8), j = 0 … 8, as double-doubles. */
const ATAN_HI = [
  0, 0.12435499454676144, 0.24497866312686414, 0.35877067027057225, 0.4636476090008061,
  0.5585993153435624, 0.6435011087932844, 0.7188299996216245, 0.7853981633974483,
];
const ATAN_LO = [
  0, -3.1253241424539383e-18, 1.0698755618734451e-17, -2.4623815582638635e-17, 2.2698777452961687e-17,
  -5.4556305485916264e-18, 1.5834785051444286e-17, -2.1478388444456983e-17, 3.061616997868383e-17,
];
/** ⌊2/π · 2^1300⌋, for the exact reduction of huge arguments. */
const TWO_OVER_PI_BITS = 1300n;
const TWO_OVER_PI = BigInt(
  "0x" +
    "a2f9836e4e441529fc2757d1f534ddc0db6295993c439041fe5163abdebbc561b7246e3a424dd2e006492eea09d1921cfe1d" +
    "eb1cb129a73ee88235f52ebb4484e99c7026b45f7e413991d639835339f49c845f8bbdf9283b1ff897ffde05980fef2f118b" +
    "5a0a6d1f6d367ecf27cb09b74f463f669e5fea2d7527bac7ebe5f17b3d0739f78a5292ea6bfb5fb11f8d5d0856033046fc7b" +
    "6babf0cfbc209af4361da9e39",
);

// ---- series: the coefficients are exact reciprocals (1/n!, 2/(2n + 1), …), each rounded once ----

/** Σ_{n≥2} r^(n−2)/n!: exp(r) = 1 + r + r²·expTail(r), for |r| ≤ ln2/2 (terms to r^17). */
function expTail(r: number): number {
  return (1 / 2) + r * ((1 / 6) + r * ((1 / 24) + r * ((1 / 120) + r * ((1 / 720) + r * ((1 / 5040) + r * ((1 / 40320) + r * ((1 / 362880) + r * ((1 / 3628800) +
    r * ((1 / 39916800) + r * ((1 / 479001600) + r * ((1 / 6227020800) + r * ((1 / 87178291200) + r * ((1 / 1307674368000) + r * ((1 / 20922789888000) + r * (1 / 355687428096000)))))))))))))));
}

// ---- exp, expm1 ----

const EXP_OVERFLOW = 709.782712893384;
const EXP_UNDERFLOW = -745.1332191019412;
const HALF_LN2 = 0.34657359027997264;

export function exp(x: number): number {
  if (!(x < EXP_OVERFLOW)) return x !== x ? NaN : Infinity;
  if (x < EXP_UNDERFLOW) return 0;
  const ax = x < 0 ? -x : x;
  if (ax <= HALF_LN2) return ax < P2(-54) ? 1 + x : 1 + (x + x * x * expTail(x));
  const k = Math.round(x * INV_LN2);
  const r = (x - k * LN2_HI) - k * LN2_LO;
  return scale(1 + (r + r * r * expTail(r)), k);
}

/** e^(ph + pl) for a double-double argument (pow's last step). */
function expDD(ph: number, pl: number): number {
  const k = Math.round(ph * INV_LN2);
  const r = (ph - k * LN2_HI) - (k * LN2_LO - pl);
  return scale(1 + (r + r * r * expTail(r)), k);
}

export function expm1(x: number): number {
  if (!(x < EXP_OVERFLOW)) return x !== x ? NaN : Infinity;
  if (x < -40) return -1;
  const ax = x < 0 ? -x : x;
  if (ax <= HALF_LN2) return ax < P2(-54) ? x : x + x * x * expTail(x);
  const k = Math.round(x * INV_LN2);
  const r = (x - k * LN2_HI) - k * LN2_LO;
  const e = r + r * r * expTail(r);
  if (k === 0) return e;
  // e^x − 1 = 2^k·e + (2^k − 1), with 2^k − 1 exact while |k| ≤ 52.
  if (k >= 1 && k <= 52) return scale(e, k) + (POW2[k + 1074] - 1);
  if (k <= -1 && k >= -52) return scale(e, k) - (1 - POW2[k + 1074]);
  return scale(1 + e, k) - 1;
}

// ---- log family ----

const SQRT2 = Math.SQRT2;

/** Splits finite x > 0 into k and f with x = 2^k·(1 + f), √2/2 ≤ 1 + f < √2. Returns f; k in `split.k`. */
const split = { k: 0 };
function reduceLog(x: number): number {
  let k = 0;
  if (x < P2(-1022)) {
    x *= P2(54);
    k = -54;
  }
  F64[0] = x;
  const e = (U32[HI] >>> 20) - 1023;
  // The mantissa by an exact scaling (rewriting the exponent bits in place would make
  // the next read wait on a partial store).
  let m = x * POW2[1074 - e];
  k += e;
  if (m > SQRT2) {
    m *= 0.5;
    k++;
  }
  split.k = k;
  return m - 1;
}

/** Σ_{n≥1} 2zⁿ/(2n + 1) for z = s² ≤ 0.03: 2·atanh(s) = 2s + s·atanhTail(s²) (terms to z^11). */
function atanhTail(z: number): number {
  return z * ((2 / 3) + z * ((2 / 5) + z * ((2 / 7) + z * ((2 / 9) + z * ((2 / 11) + z * ((2 / 13) + z * ((2 / 15) + z * ((2 / 17) + z * ((2 / 19) + z * ((2 / 21) + z * (2 / 23)))))))))));
}

/** k·ln2 + log(1 + f) + c, for √2/2 − 1 ≤ f < √2 − 1 and a small correction c. */
function logCore(f: number, k: number, c: number): number {
  const s = f / (2 + f);
  const R = atanhTail(s * s);
  const hfsq = 0.5 * f * f;
  return k * LN2_HI - ((hfsq - (s * (hfsq + R) + (k * LN2_LO + c))) - f);
}

export function log(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  const f = reduceLog(x);
  return logCore(f, split.k, 0);
}

export function log1p(x: number): number {
  if (!(x > -1)) return x === -1 ? -Infinity : NaN;
  if (x === Infinity) return x;
  const ax = x < 0 ? -x : x;
  if (ax < P2(-54)) return x;
  const u = 1 + x;
  const f = reduceLog(u);
  const k = split.k;
  // log(1 + x) = log(u) + log(1 + c/u), c = (1 + x) − u the rounding error of u, exact:
  // u − x is exact for u ≥ 2 (x ≥ 1), u − 1 below.
  let c = 0;
  if (k < 54) c = (u >= 2 ? 1 - (u - x) : x - (u - 1)) / u;
  return logCore(f, k, c);
}

export function log2(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  const f = reduceLog(x);
  const k = split.k;
  const lm = logCore(f, 0, 0);
  return k + (lm * INV_LN2 + lm * INV_LN2_LO);
}

export function log10(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  const f = reduceLog(x);
  const k = split.k;
  const lm = logCore(f, 0, 0);
  return k * LOG10_2_HI + (k * LOG10_2_LO + lm * INV_LN10_LO + lm * INV_LN10);
}

// ---- exact products and sums (no FMA: Veltkamp's split) ----

const SPLITTER = 134217729; // 2^27 + 1

/** The rounding error of a·b: a·b = fl(a·b) + twoProdErr(a, b, fl(a·b)) exactly (no overflow assumed). */
function twoProdErr(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** log x as a double-double, hi in `dd.hi`, lo in `dd.lo` (x finite, > 0). */
const dd = { hi: 0, lo: 0 };
function logDD(x: number): void {
  const f = reduceLog(x);
  const k = split.k;
  // s = f / (2 + f) as sh + sl.
  const t = 2 + f;
  const tl = f - (t - 2);
  const sh = f / t;
  const p = sh * t;
  const sl = ((f - p) - twoProdErr(sh, t, p) - sh * tl) / t;
  // log(1 + f) = 2s + s·atanhTail(s²).
  const T = sh * atanhTail(sh * sh);
  const a = k * LN2_HI, b = 2 * sh;
  const h1 = a + b;
  const e1 = Math.abs(a) >= Math.abs(b) ? b - (h1 - a) : a - (h1 - b);
  const h2 = h1 + T;
  const e2 = Math.abs(h1) >= Math.abs(T) ? T - (h2 - h1) : h1 - (h2 - T);
  const lo = e1 + e2 + (k * LN2_LO + 2 * sl);
  dd.hi = h2 + lo;
  dd.lo = lo - (dd.hi - h2);
}

// ---- pow ----

/**
 * x^n for 0 < x and a whole n whose result, and so every partial power, lies within
 * e^±650: binary powering in double-double (hi in `dd.hi`, lo in `dd.lo`), each product
 * exact to about 2^-104, so the result is correctly rounded but for results within ~2^-98
 * of a midpoint. The exp-of-log path is off by up to a few ulps when |n·log x| is large
 * (gamma^epoch in a learning-rate schedule), where the C library's pow is correctly rounded.
 */
function powInt(x: number, n: number): number {
  let bh = x, bl = 0, rh = 1, rl = 0;
  for (let m = Math.abs(n); ; ) {
    if (m % 2 === 1) {
      const p = rh * bh;
      const e = twoProdErr(rh, bh, p) + (rh * bl + rl * bh);
      rh = p + e;
      rl = e - (rh - p);
    }
    m = Math.floor(m / 2);
    if (m === 0) break;
    const p = bh * bh;
    const e = twoProdErr(bh, bh, p) + 2 * bh * bl;
    bh = p + e;
    bl = e - (bh - p);
  }
  if (n > 0) return rh + rl;
  // 1 / (rh + rl): q = 1/rh, then one Newton correction with the residual 1 − q·(rh + rl).
  const q = 1 / rh;
  const t = q * rh;
  const r = ((1 - t) - twoProdErr(q, rh, t)) - q * rl;
  return q + q * r;
}

function isOddInteger(y: number): boolean {
  return Math.abs(y) < P2(53) && Math.floor(y) === y && y % 2 !== 0;
}

/** x ** y with ECMAScript's special cases (1 ** ±∞ is NaN, as Math.pow). */
export function pow(x: number, y: number): number {
  if (y !== y) return NaN;
  if (y === 0) return 1;
  if (x !== x) return NaN;
  const ax = Math.abs(x), ay = Math.abs(y);
  if (ay === Infinity) {
    if (ax === 1) return NaN;
    return (ax > 1) === (y > 0) ? Infinity : 0;
  }
  if (y === 1) return x;
  if (y === 2) return x * x;
  if (y === -1) return 1 / x;
  const odd = isOddInteger(y);
  if (x === 0) {
    const neg = odd && 1 / x < 0;
    return y > 0 ? (neg ? -0 : 0) : neg ? -Infinity : Infinity;
  }
  if (ax === Infinity) {
    if (x > 0) return y > 0 ? Infinity : 0;
    return y > 0 ? (odd ? -Infinity : Infinity) : odd ? -0 : 0;
  }
  if (x < 0 && Math.floor(y) !== y) return NaN;
  if (y === 0.5) return Math.sqrt(x);
  const sign = x < 0 && odd ? -1 : 1;
  logDD(ax);
  const ph = y * dd.hi;
  if (ph > 710) return sign * Infinity;
  if (ph < -746) return sign * 0;
  if (Math.floor(y) === y && ay < P2(30) && Math.abs(ph) < 650) return sign * powInt(ax, y);
  const pl = twoProdErr(y, dd.hi, ph) + y * dd.lo;
  if (ph + pl >= EXP_OVERFLOW + 1e-9) return sign * Infinity;
  return sign * expDD(ph, pl);
}

// ---- sin, cos ----

/** Σ (−1)^n x^(2n+1)/(2n+1)! beyond x: sin x = x + x³·sinTail(x²), terms to x^17. */
function sinTail(z: number): number {
  return -(1 / 6) + z * ((1 / 120) + z * (-(1 / 5040) + z * ((1 / 362880) + z * (-(1 / 39916800) + z * ((1 / 6227020800) + z * (-(1 / 1307674368000) + z * (1 / 355687428096000)))))));
}

/** cos x = 1 − x²/2 + x⁴·cosTail(x²), terms to x^18. */
function cosTail(z: number): number {
  return (1 / 24) + z * (-(1 / 720) + z * ((1 / 40320) + z * (-(1 / 3628800) + z * ((1 / 479001600) + z * (-(1 / 87178291200) + z * ((1 / 20922789888000) - z * (1 / 6402373705728000)))))));
}

/** sin(x + y), |x| ≤ π/4, |y| tiny beside x. */
function sinK(x: number, y: number): number {
  const z = x * x;
  return x + (x * z * sinTail(z) + y * (1 - 0.5 * z));
}

/** cos(x + y), |x| ≤ π/4, |y| tiny beside x. */
function cosK(x: number, y: number): number {
  const z = x * x;
  const hz = 0.5 * z;
  const w = 1 - hz;
  return w + (((1 - w) - hz) + (z * z * cosTail(z) - x * y));
}

/** Reduces |x| to r = rh + rl in [−π/4, π/4] with |x| = n·π/2 + r; returns n mod 4, r in `dd`. */
function reduceTrig(ax: number): number {
  if (ax <= Math.PI / 4) {
    dd.hi = ax;
    dd.lo = 0;
    return 0;
  }
  if (ax < P2(20) * PIO2_HI) {
    const n = Math.round(ax * INV_PIO2);
    const r = ax - n * PIO2_1; // exact (n·PIO2_1 is, and r is within a factor 2 of it)
    const w = n * PIO2_2;
    const y0 = r - w;
    const y1 = (r - y0) - w;
    const w3 = n * PIO2_3;
    const h = y0 - w3;
    const l = ((y0 - h) - w3) + (y1 - n * PIO2_3T);
    dd.hi = h + l;
    dd.lo = l - (dd.hi - h);
    return n & 3;
  }
  return reduceHuge(ax);
}

/** Payne–Hanek: |x|·2/π mod 4 to 128 fractional bits in exact BigInt arithmetic. */
function reduceHuge(ax: number): number {
  F64[0] = ax;
  const e = ((U32[HI] >>> 20) & 0x7ff) - 1075; // ax = M·2^e, M a 53-bit integer
  const M = (BigInt((U32[HI] & 0xfffff) | 0x100000) << 32n) | BigInt(U32[LO]);
  const shift = TWO_OVER_PI_BITS - BigInt(e) - 128n;
  const v = ((M * TWO_OVER_PI) >> shift) & ((1n << 130n) - 1n);
  let n = Number(v >> 128n);
  let frac = v & ((1n << 128n) - 1n);
  if (frac >= 1n << 127n) {
    n++;
    frac -= 1n << 128n;
  }
  // r/(π/2) = frac·2^−128 as a double-double, then times π/2.
  const fh = Number(frac >> 64n);
  const fl = Number(frac - (BigInt(fh) << 64n));
  const a = fh * P2(-64), b = fl * P2(-128);
  const p = a * PIO2_HI;
  const lo = twoProdErr(a, PIO2_HI, p) + (a * PIO2_LO + b * PIO2_HI);
  dd.hi = p + lo;
  dd.lo = lo - (dd.hi - p);
  return n & 3;
}

export function sin(x: number): number {
  if (!(Math.abs(x) < Infinity)) return NaN;
  if (x === 0 || Math.abs(x) < P2(-27)) return x;
  const n = reduceTrig(Math.abs(x));
  const r = n === 0 ? sinK(dd.hi, dd.lo) : n === 1 ? cosK(dd.hi, dd.lo) : n === 2 ? -sinK(dd.hi, dd.lo) : -cosK(dd.hi, dd.lo);
  return x < 0 ? -r : r;
}

export function cos(x: number): number {
  if (!(Math.abs(x) < Infinity)) return NaN;
  if (Math.abs(x) < P2(-27)) return 1;
  const n = reduceTrig(Math.abs(x));
  return n === 0 ? cosK(dd.hi, dd.lo) : n === 1 ? -sinK(dd.hi, dd.lo) : n === 2 ? -cosK(dd.hi, dd.lo) : sinK(dd.hi, dd.lo);
}

// ---- tanh ----

export function tanh(x: number): number {
  if (x !== x) return NaN;
  const ax = Math.abs(x);
  if (ax > 22) return x > 0 ? 1 : -1;
  if (ax < P2(-28)) return x;
  let r: number;
  if (ax >= 1) r = 1 - 2 / (expm1(2 * ax) + 2);
  else {
    const t = expm1(-2 * ax);
    r = -t / (t + 2);
  }
  return x < 0 ? -r : r;
}

// ---- atan2 ----

/** atan t for 0 ≤ t ≤ 1: atan(j/8) + atan(u), u = (t − j/8)/(1 + t·j/8), |u| ≤ 1/16. */
function atanUnit(t: number): number {
  const j = Math.round(t * 8);
  const c = j / 8;
  const u = (t - c) / (1 + t * c);
  const z = u * u;
  const tail = u * z * ((-1 / 3) + z * ((1 / 5) + z * ((-1 / 7) + z * ((1 / 9) + z * ((-1 / 11) + z * ((1 / 13) + z * (-1 / 15)))))));
  return ATAN_HI[j] + (ATAN_LO[j] + (u + tail));
}

/** atan t for t ≥ 0 (t may be +∞). */
function atanPos(t: number): number {
  if (t <= 1) return atanUnit(t);
  return PIO2_HI - (atanUnit(1 / t) - PIO2_LO);
}

export function atan2(y: number, x: number): number {
  if (x !== x || y !== y) return NaN;
  const ay = Math.abs(y), ax = Math.abs(x);
  if (y === 0) {
    if (x > 0 || (x === 0 && 1 / x > 0)) return y;
    return 1 / y > 0 ? PI_HI : -PI_HI;
  }
  if (x === 0) return y > 0 ? PIO2_HI : -PIO2_HI;
  if (ax === Infinity) {
    const a = ay === Infinity ? (x > 0 ? PIO2_HI / 2 : 3 * (PIO2_HI / 2)) : x > 0 ? 0 : PI_HI;
    return y > 0 ? a : -a;
  }
  if (ay === Infinity) return y > 0 ? PIO2_HI : -PIO2_HI;
  const a = atanPos(ay / ax);
  const r = x > 0 ? a : PI_HI - (a - PI_LO);
  return y > 0 ? r : -r;
}

// ---- erf (W. J. Cody's rational approximations), over a given exp ----

/** The error function computed with `expFn`: the reference backend passes Math.exp, libm its own. */
// The coefficients are quoted as published, with more digits than a double holds.
/* eslint-disable no-loss-of-precision */
export function erfWith(expFn: (x: number) => number): (x: number) => number {
  return (x) => {
    const ax = Math.abs(x);
    let r: number;
    if (ax < 0.5) {
      const t = x * x;
      const top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t + 377.485237685302021) * t + 3209.37758913846947;
      const bot = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062;
      return (x * top) / bot;
    }
    if (ax < 4) {
      const top = (((((((2.15311535474403846e-8 * ax + 0.564188496988670089) * ax + 8.88314979438837594) * ax + 66.1191906371416295) * ax + 298.635138197400131) * ax + 881.95222124176909) * ax + 1712.04761263407058) * ax + 2051.07837782607147) * ax + 1230.33935479799725;
      const bot = (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax + 1621.38957456669019) * ax + 3290.79923573345963) * ax + 4362.61909014324716) * ax + 3439.36767414372164) * ax + 1230.33935480374942;
      r = 1 - expFn(-ax * ax) * (top / bot);
    } else {
      const z = 1 / (ax * ax);
      const top = ((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z + 0.125781726111229246) * z + 0.0160837851487422766) * z + 6.58749161529837803e-4;
      const bot = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 0.527905102951428412) * z + 0.0605183413124413191) * z + 2.33520497626869185e-3;
      r = 1 - (expFn(-ax * ax) / ax) * (0.564189583547756287 - (z * top) / bot);
    }
    return x < 0 ? -r : r;
  };
}
/* eslint-enable no-loss-of-precision */

/** Kindling's math: the wasm backend's element-wise kernels and fused losses run on these. */
export const libm: MathLib = { exp, expm1, log, log1p, log2, log10, sin, cos, tanh, pow, atan2 };
