/**
 * kd.Generator: PyTorch's CPU generator (MT19937 seeded with init_genrand), with
 * the draws its distributions are built from. The default generator starts from
 * PyTorch's default seed, so unseeded code draws what unseeded PyTorch draws.
 */
import { MT19937 } from "./mt19937.js";

/** The seed torch's default CPU generator has before any manual_seed. */
export const DEFAULT_SEED = 67280421310721;

export interface GeneratorState {
  seed: number;
  mt: number[];
  index: number;
  /** The cached second value of scalar Box–Muller (torch's next_double_normal_sample). */
  nextNormal: number | null;
}

export class Generator {
  private mt: MT19937;
  private seedValue: number;
  /** A spare normal from the scalar (double) Box–Muller path, as torch caches it. */
  nextNormal: number | null = null;

  constructor(seed = DEFAULT_SEED) {
    this.seedValue = seed;
    this.mt = new MT19937(Number(BigInt.asUintN(32, BigInt(seed))));
  }

  /** Reseeds (torch.Generator.manual_seed); returns this for chaining. */
  manualSeed(seed: number | bigint): this {
    const s = BigInt(seed);
    this.seedValue = Number(s);
    this.mt = new MT19937(Number(BigInt.asUintN(32, s)));
    this.nextNormal = null;
    return this;
  }

  /** Seeds from a non-deterministic source and returns the seed. */
  seed(): number {
    const s = Math.floor(Math.random() * 2 ** 32) * 2 ** 20 + Math.floor(Math.random() * 2 ** 20);
    this.manualSeed(s);
    return s;
  }

  initialSeed(): number {
    return this.seedValue;
  }

  getState(): GeneratorState {
    const c = this.mt.clone();
    return { seed: this.seedValue, mt: Array.from(c.state), index: c.index, nextNormal: this.nextNormal };
  }

  setState(state: GeneratorState): void {
    this.mt = new MT19937(0);
    this.mt.state.set(state.mt);
    this.mt.index = state.index;
    this.seedValue = state.seed;
    this.nextNormal = state.nextNormal;
  }

  /** torch's random(): one 32-bit word. */
  random(): number {
    return this.mt.nextUint32();
  }

  /** torch's random64(): two words, the first the high half, as a BigInt. */
  random64(): bigint {
    const hi = this.mt.nextUint32();
    const lo = this.mt.nextUint32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A float32-grid uniform in [0, 1): the low 24 bits of one word times 2^-24. */
  uniform24(): number {
    return (this.mt.nextUint32() & 0xffffff) * 2 ** -24;
  }

  /** A float64 uniform in [0, 1): 53 low bits of random64() times 2^-53. */
  uniform53(): number {
    const hi = this.mt.nextUint32();
    const lo = this.mt.nextUint32();
    // ((hi << 32 | lo) & (2^53 - 1)) · 2^-53, in exact double arithmetic.
    return ((hi & 0x1fffff) * 2 ** 32 + lo) * 2 ** -53;
  }
}

let defaultGenerator = new Generator();

/** The global generator (torch.default_generator). */
export function getDefaultGenerator(): Generator {
  return defaultGenerator;
}

/** torch.manual_seed: reseeds the global generator and returns it. */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}

/** torch.seed: a non-deterministic seed for the global generator. */
export function seed(): number {
  return defaultGenerator.seed();
}

export function initialSeed(): number {
  return defaultGenerator.initialSeed();
}

/** Replaces the global generator (for tests that need an isolated stream). */
export function setDefaultGenerator(g: Generator): void {
  defaultGenerator = g;
}
