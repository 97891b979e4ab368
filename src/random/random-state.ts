/**
 * numpy's legacy `RandomState`: the generator scikit-learn builds from `random_state=int`.
 * An MT19937 seeded with init_genrand, with numpy's legacy algorithms on top, so the same
 * seed gives numpy's numbers (sources: numpy/random/mtrand.pyx,
 * numpy/random/src/legacy/legacy-distributions.c, numpy/random/src/distributions/).
 *
 * Sized draws come back as flat row-major `number[]` (the caller knows the shape); unsized
 * draws as a single number, as numpy returns a scalar when `size` is None.
 */
import { ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { writeInto } from "./draws.js";
import { noGrad } from "../autograd/grad-mode.js";
import { MT19937 } from "./mt19937.js";
import { maxBy } from "../util/extremes.js";
import { libm } from "../backend/libm.js";

/** A numpy `size`: a length or a shape. */
export type Size = number | readonly number[];

/** numpy's `get_state()` for the legacy generator, without the "MT19937" tag. */
export interface RandomStateState {
  key: number[];
  pos: number;
  hasGauss: boolean;
  cachedGaussian: number;
}

/** Anything whose entries can be swapped in place: arrays, typed arrays. */
export interface Shufflable {
  length: number;
  [index: number]: unknown;
}

const TWO_POW_32 = 4294967296;
/** numpy's bound on poisson's lam: int64 max minus ten of its square roots. */
const POISSON_LAM_MAX = 2 ** 63 - Math.sqrt(2 ** 63) * 10; // int64 max is 2^63 as a double

function numelOfSize(size: Size): number {
  const shape = typeof size === "number" ? [size] : size;
  let n = 1;
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) throw new ValueError("negative dimensions are not allowed");
    n *= s;
  }
  return n;
}

/** The smallest all-ones bit mask covering `max` (numpy's gen_mask). */
function maskFor(max: number): number {
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}

/** Index of the first entry of the ascending `cdf` greater than `x` (searchsorted side="right"). */
function searchRight(cdf: readonly number[], x: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** log Γ(x) for the integers poisson needs: numpy's Stirling series after shifting x to 7 or more. */
const STIRLING = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4,
  8.417508417508418e-4, -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2,
  1.796443723688307e-1, -1.3924322169059,
];
function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const shift = x < 7 ? Math.trunc(7 - x) : 0;
  let x0 = x + shift;
  const inv2 = (1 / x0) * (1 / x0);
  // Horner from the highest coefficient, as numpy evaluates it.
  let series = STIRLING[9];
  for (let k = 8; k >= 0; k--) series = series * inv2 + STIRLING[k];
  let gl = series / x0 + 0.5 * 1.8378770664093453 + (x0 - 0.5) * libm.log(x0) - x0;
  for (let k = 1; k <= shift; k++) {
    gl -= libm.log(x0 - 1);
    x0 -= 1;
  }
  return gl;
}

let globalState: RandomState | null = null;

/** The generator used when no `randomState` is given (numpy's global `np.random.mtrand._rand`). */
export function globalRandomState(): RandomState {
  globalState ??= new RandomState();
  return globalState;
}

/**
 * scikit-learn's `check_random_state`: undefined/null → the global generator, an integer →
 * a fresh RandomState with that seed, a RandomState → itself (draws advance it).
 */
export function checkRandomState(seed?: number | RandomState | null): RandomState {
  if (seed === undefined || seed === null) return globalRandomState();
  if (seed instanceof RandomState) return seed;
  if (typeof seed === "number" && Number.isInteger(seed)) return new RandomState(seed);
  throw new ValueError(`${String(seed)} cannot be used to seed a numpy.random.RandomState instance`);
}

export class RandomState {
  private mt: MT19937;
  private hasGauss = false;
  private gauss = 0;

  /** `new RandomState(seed)` as `np.random.RandomState(seed)`; without a seed, a random one. */
  constructor(seed?: number) {
    this.mt = new MT19937(0);
    this.seed(seed);
  }

  /** Reseeds with init_genrand(seed), 0 ≤ seed < 2^32, and forgets the cached normal. */
  seed(seed?: number): void {
    let s = seed;
    if (s === undefined) {
      s = Math.floor(Math.random() * TWO_POW_32);
    } else if (!Number.isInteger(s) || s < 0 || s > TWO_POW_32 - 1) {
      throw new ValueError("Seed must be between 0 and 2**32 - 1");
    }
    this.mt = new MT19937(s);
    this.hasGauss = false;
    this.gauss = 0;
  }

  getState(): RandomStateState {
    return { key: Array.from(this.mt.state), pos: this.mt.index, hasGauss: this.hasGauss, cachedGaussian: this.gauss };
  }

  setState(state: RandomStateState): void {
    if (state.key.length !== 624) throw new ValueError("state must be 624 longs");
    const mt = new MT19937(0);
    mt.state.set(state.key);
    mt.index = state.pos;
    this.mt = mt;
    this.hasGauss = state.hasGauss;
    this.gauss = state.cachedGaussian;
  }

  // ---- raw draws ---------------------------------------------------------

  /** One 32-bit word of the MT19937 stream. */
  nextUint32(): number {
    return this.mt.nextUint32();
  }

  /** A double in [0, 1) from two words: ((a >> 5)·2^26 + (b >> 6)) / 2^53. */
  nextDouble(): number {
    const a = this.mt.nextUint32() >>> 5;
    const b = this.mt.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A uniform integer in [0, max] by masked rejection (numpy's random_interval / bounded masked draws). */
  interval(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      const mask = maskFor(max);
      let v: number;
      do v = (this.mt.nextUint32() & mask) >>> 0;
      while (v > max);
      return v;
    }
    return Number(this.interval64(BigInt(max)));
  }

  /** The 64-bit branch: masked rejection on (hi << 32 | lo) words. */
  private interval64(max: bigint): bigint {
    let mask = max;
    for (const shift of [1n, 2n, 4n, 8n, 16n, 32n]) mask |= mask >> shift;
    let v: bigint;
    do {
      const hi = BigInt(this.mt.nextUint32());
      const lo = BigInt(this.mt.nextUint32());
      v = ((hi << 32n) | lo) & mask;
    } while (v > max);
    return v;
  }

  /** The legacy polar Box–Muller: two normals per accepted pair, the second cached for the next call. */
  private nextGauss(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const g = this.gauss;
      this.gauss = 0;
      return g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.nextDouble() - 1;
      x2 = 2 * this.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * libm.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  private fill(size: Size | undefined, draw: (i: number) => number): number | number[] {
    if (size === undefined) return draw(0);
    const n = numelOfSize(size);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = draw(i);
    return out;
  }

  // ---- distributions -----------------------------------------------------

  /** Uniform doubles in [0, 1) (`random_sample`). */
  randomSample(): number;
  randomSample(size: Size): number[];
  randomSample(size?: Size): number | number[] {
    return this.fill(size, () => this.nextDouble());
  }

  /** `rand(d0, d1, ...)`: uniform [0, 1) of that shape; a scalar without dimensions. */
  rand(): number;
  rand(...shape: [number, ...number[]]): number[];
  rand(...shape: number[]): number | number[] {
    return this.fill(shape.length === 0 ? undefined : shape, () => this.nextDouble());
  }

  /** `randn(d0, d1, ...)`: standard normals of that shape. */
  randn(): number;
  randn(...shape: [number, ...number[]]): number[];
  randn(...shape: number[]): number | number[] {
    return this.fill(shape.length === 0 ? undefined : shape, () => this.nextGauss());
  }

  standardNormal(): number;
  standardNormal(size: Size): number[];
  standardNormal(size?: Size): number | number[] {
    return this.fill(size, () => this.nextGauss());
  }

  /**
   * `normal(loc, scale, size)`: loc + scale·gauss. `loc` and `scale` may be arrays matching the
   * last dimension of `size` (numpy broadcasting of a row over the rows), or give the shape.
   */
  normal(loc?: number, scale?: number): number;
  normal(loc: number | readonly number[], scale: number | readonly number[], size?: Size): number[];
  normal(loc: number | readonly number[] = 0, scale: number | readonly number[] = 1, size?: Size): number | number[] {
    const scales = typeof scale === "number" ? [scale] : scale;
    for (const s of scales) if (!(s >= 0)) throw new ValueError("scale < 0");
    const params = broadcastParams([loc, scale], size);
    if (params === null) {
      return (loc as number) + (scale as number) * this.nextGauss();
    }
    const [locAt, scaleAt, n] = params;
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = locAt(i) + scaleAt(i) * this.nextGauss();
    return out;
  }

  /** `uniform(low, high, size)`: low + (high - low)·u. */
  uniform(low?: number, high?: number): number;
  uniform(low: number, high: number, size: Size): number[];
  uniform(low = 0, high = 1, size?: Size): number | number[] {
    const range = high - low;
    if (!Number.isFinite(range)) throw new ValueError("Range exceeds valid bounds");
    return this.fill(size, () => low + range * this.nextDouble());
  }

  /** `randint(low, high, size)`: integers in [low, high); `randint(n)` is [0, n). */
  randint(low: number, high?: number | null): number;
  randint(low: number, high: number | null | undefined, size: Size): number[];
  randint(low: number, high?: number | null, size?: Size): number | number[] {
    let lo = low;
    let hi = high;
    if (hi === undefined || hi === null) {
      if (lo <= 0) throw new ValueError("high <= 0");
      hi = lo;
      lo = 0;
    }
    if (!Number.isInteger(lo) || !Number.isInteger(hi)) throw new ValueError("randint bounds must be integers");
    if (lo >= hi) throw new ValueError("low >= high");
    const max = hi - lo - 1;
    const off = lo;
    return this.fill(size, () => off + this.interval(max));
  }

  /** Shuffles in place along the first axis: i from n-1 down to 1 swaps with interval(i). */
  shuffle(x: Shufflable | Tensor): void {
    if (x instanceof Tensor) {
      this.shuffleRows(x);
      return;
    }
    for (let i = x.length - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
  }

  private shuffleRows(x: Tensor): void {
    x.checkInplace();
    if (x.ndim === 0) throw new ValueError("shuffle needs a tensor with at least one dimension");
    // The swaps numpy makes, applied to the row numbers; then the rows gathered in that
    // order and written back in place through x's backend.
    const n = x.shape[0];
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    noGrad(() => writeInto(x, x.indexSelect(0, new Tensor(order, [n], "int32").to(x.device))));
  }

  /** `permutation(n)`: a shuffled 0..n-1; `permutation(array)`: a shuffled copy. */
  permutation(x: number): number[];
  permutation<T>(x: readonly T[]): T[];
  permutation<T>(x: number | readonly T[]): number[] | T[] {
    if (typeof x === "number") {
      const out = Array.from({ length: Math.max(0, x) }, (_, i) => i);
      this.shuffle(out);
      return out;
    }
    const out = x.slice();
    this.shuffle(out);
    return out;
  }

  /**
   * `choice(a, {size, replace, p})`: draws from 0..a-1 or from the array `a`, numpy's legacy way:
   * with replacement by randint (or inverse CDF when p is given), without replacement by a
   * permutation's head (or repeated CDF draws with the chosen entries zeroed when p is given).
   */
  choice<T = number>(a: number | readonly T[], opts?: { replace?: boolean; p?: readonly number[] }): T;
  choice<T = number>(a: number | readonly T[], opts: { size: Size; replace?: boolean; p?: readonly number[] }): T[];
  choice<T = number>(
    a: number | readonly T[],
    opts: { size?: Size; replace?: boolean; p?: readonly number[] } = {},
  ): T | T[] {
    const { size, replace = true, p } = opts;
    const n = size === undefined ? 1 : numelOfSize(size);
    let popSize: number;
    if (typeof a === "number") {
      if (!Number.isInteger(a)) throw new ValueError("a must be 1-dimensional or an integer");
      popSize = a;
      if (popSize <= 0 && n !== 0) throw new ValueError("a must be greater than 0 unless no samples are taken");
    } else {
      if (a.some((v) => Array.isArray(v))) throw new ValueError("a must be 1-dimensional");
      popSize = a.length;
      if (popSize === 0 && n !== 0) throw new ValueError("'a' cannot be empty unless no samples are taken");
    }
    if (p !== undefined) checkProbabilities(p, popSize);

    let idx: number[];
    if (replace) {
      if (p !== undefined) {
        const cdf = normalizedCdf(p);
        idx = (this.randomSample(n)).map((u) => searchRight(cdf, u));
      } else {
        idx = this.randint(0, popSize, n);
      }
    } else {
      if (n > popSize) throw new ValueError("Cannot take a larger sample than population when 'replace=False'");
      idx = p !== undefined ? this.choiceWeightedNoReplace(p, n) : this.permutation(popSize).slice(0, n);
    }
    const pick = (i: number): T => (typeof a === "number" ? (i as T) : a[i]);
    return size === undefined ? pick(idx[0]) : idx.map(pick);
  }

  private choiceWeightedNoReplace(probs: readonly number[], n: number): number[] {
    if (probs.filter((v) => v > 0).length < n) throw new ValueError("Fewer non-zero entries in p than size");
    const p = probs.slice();
    const found: number[] = [];
    while (found.length < n) {
      const x = this.randomSample(n - found.length);
      for (const f of found) p[f] = 0;
      const cdf = normalizedCdf(p);
      // Keep the first occurrence of each drawn index, in draw order.
      const seen = new Set<number>();
      for (const u of x) {
        const k = searchRight(cdf, u);
        if (!seen.has(k)) {
          seen.add(k);
          found.push(k);
        }
      }
    }
    return found;
  }

  /** `poisson(lam, size)`: multiplication of uniforms below lam 10, PTRS rejection (Hörmann) above. */
  poisson(lam?: number): number;
  poisson(lam: number, size: Size): number[];
  poisson(lam = 1, size?: Size): number | number[] {
    if (!(lam >= 0)) throw new ValueError("lam < 0 or lam is NaN");
    if (lam > POISSON_LAM_MAX) throw new ValueError("lam value too large");
    return this.fill(size, () => this.poissonOne(lam));
  }

  private poissonOne(lam: number): number {
    if (lam >= 10) return this.poissonPtrs(lam);
    if (lam === 0) return 0;
    const limit = libm.exp(-lam);
    let k = 0;
    let prod = 1;
    for (;;) {
      prod *= this.nextDouble();
      if (prod > limit) k += 1;
      else return k;
    }
  }

  /** Hörmann's transformed rejection with squeeze, with numpy's constants. */
  private poissonPtrs(lam: number): number {
    const slam = Math.sqrt(lam);
    const loglam = libm.log(lam);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.nextDouble() - 0.5;
      const v = this.nextDouble();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lam + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (libm.log(v) + libm.log(invalpha) - libm.log(a / (us * us) + b) <= -lam + k * loglam - logGamma(k + 1)) {
        return k;
      }
    }
  }
}

/** numpy's probability checks for `choice(p=...)` (Kahan sum against a sqrt(eps) tolerance). */
function checkProbabilities(p: readonly number[], popSize: number): void {
  if (p.length !== popSize) throw new ValueError("'a' and 'p' must have same size");
  let sum = 0;
  let c = 0;
  for (const v of p) {
    const y = v - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  if (Number.isNaN(sum)) throw new ValueError("probabilities contain NaN");
  if (p.some((v) => v < 0)) throw new ValueError("probabilities are not non-negative");
  if (Math.abs(sum - 1) > Math.sqrt(2 ** -52)) throw new ValueError("probabilities do not sum to 1");
}

/** Running sum (sequential, as numpy's cumsum) divided by its last entry. */
function normalizedCdf(p: readonly number[]): number[] {
  const cdf = new Array<number>(p.length);
  let s = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = s += p[i];
  const last = cdf[cdf.length - 1];
  return cdf.map((v) => v / last);
}

/**
 * Broadcasts scalar-or-row parameters against `size` the way numpy's `cont` does for the
 * cases the generators need: returns per-element getters and the count, or null for a scalar draw.
 */
function broadcastParams(
  params: readonly [number | readonly number[], number | readonly number[]],
  size: Size | undefined,
): [(i: number) => number, (i: number) => number, number] | null {
  const arrays = params.filter((q): q is readonly number[] => typeof q !== "number");
  if (size === undefined && arrays.length === 0) return null;
  const shape = size === undefined ? [maxBy(arrays, (q) => q.length)] : typeof size === "number" ? [size] : [...size];
  const last = shape.length === 0 ? 1 : shape[shape.length - 1];
  for (let k = 0; k < params.length; k++) {
    const q = params[k];
    if (typeof q !== "number" && q.length !== last && q.length !== 1) {
      throw new ValueError(
        `shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape (${shape.join(", ")}${shape.length === 1 ? "," : ""}) and arg ${k} with shape (${q.length},).`,
      );
    }
  }
  const getter = (q: number | readonly number[]): ((i: number) => number) =>
    typeof q === "number" ? () => q : q.length === 1 ? () => q[0] : (i: number) => q[i % last];
  return [getter(params[0]), getter(params[1]), numelOfSize(shape)];
}
