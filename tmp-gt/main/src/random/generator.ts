/**
 * kd.Generator: PyTorch's CPU generator (MT19937 seeded with init_genrand), with
 * the raw draws its distributions are built from. The default generator starts from
 * PyTorch's default seed, so unseeded code draws what unseeded PyTorch draws.
 */
import { ValueError } from "../errors.js";
import { MT19937 } from "./mt19937.js";
import { readTorchState, writeTorchState } from "./torch-state.js";

/** The seed torch's default CPU generator has before any manual_seed. */
export const DEFAULT_SEED = 67280421310721;

/**
 * A generator's full state, laid out byte for byte as torch's
 * `Generator.get_state()` (5056 bytes), so states move between the two.
 */
export type GeneratorState = Uint8Array;

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);

/**
 * A seed as torch stores it: an unsigned 64-bit integer. Negative seeds wrap
 * (two's complement), as `Generator.manual_seed` does.
 */
function toSeed(seed: number | bigint): bigint {
  if (typeof seed === "number" && !Number.isInteger(seed)) {
    throw new ValueError(`manual_seed expected a long, but got float`);
  }
  const s = BigInt(seed);
  if (s < INT64_MIN || s > UINT64_MAX) throw new ValueError("Overflow when unpacking long long");
  return BigInt.asUintN(64, s);
}

/** A fresh non-deterministic seed, kept below 2^53 so `initialSeed()` returns it exactly. */
function nonDeterministicSeed(): number {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return (words[0] & 0x1fffff) * 2 ** 32 + words[1];
}

export class Generator {
  private mt: MT19937;
  private seedValue: bigint;
  /**
   * The spare value of the scalar (double) Box–Muller transform, unscaled, or null
   * (torch's next_double_normal_sample). The next scalar normal draw returns it.
   */
  nextDoubleNormalSample: number | null = null;
  /** torch's next_float_normal_sample: no CPU kernel fills it, but states carry it. */
  nextFloatNormalSample: number | null = null;

  constructor(seed: number | bigint = DEFAULT_SEED) {
    this.seedValue = toSeed(seed);
    this.mt = new MT19937(Number(this.seedValue & 0xffffffffn));
  }

  /** Reseeds (torch.Generator.manual_seed); returns this for chaining. */
  manualSeed(seed: number | bigint): this {
    this.seedValue = toSeed(seed);
    this.mt = new MT19937(Number(this.seedValue & 0xffffffffn));
    this.nextDoubleNormalSample = null;
    this.nextFloatNormalSample = null;
    return this;
  }

  /** Seeds from a non-deterministic source and returns the seed. */
  seed(): number {
    const s = nonDeterministicSeed();
    this.manualSeed(s);
    return s;
  }

  /**
   * The seed last set. torch keeps it as an unsigned 64-bit integer: a seed above
   * 2^53 (or a negative one, which wraps) comes back rounded to a JS number; the
   * exact value is in `getState()`.
   */
  initialSeed(): number {
    return Number(this.seedValue);
  }

  /** The full state, in torch's byte layout (`torch.Generator.get_state()`). */
  getState(): GeneratorState {
    return writeTorchState({
      seed: this.seedValue,
      mt: this.mt,
      nextDoubleNormalSample: this.nextDoubleNormalSample,
      nextFloatNormalSample: this.nextFloatNormalSample,
    });
  }

  /** Restores a state from `getState()` or from torch's `get_state()` bytes; returns this. */
  setState(state: GeneratorState): this {
    const s = readTorchState(state);
    this.seedValue = s.seed;
    this.mt = s.mt;
    this.nextDoubleNormalSample = s.nextDoubleNormalSample;
    this.nextFloatNormalSample = s.nextFloatNormalSample;
    return this;
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

  /** A float64 uniform in [0, 1): the low 53 bits of random64() times 2^-53. */
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

/** torch.initial_seed: the global generator's seed. */
export function initialSeed(): number {
  return defaultGenerator.initialSeed();
}

/** torch.get_rng_state: the global generator's state, in torch's byte layout. */
export function getRngState(): GeneratorState {
  return defaultGenerator.getState();
}

/** torch.set_rng_state: restores the global generator from `getRngState()` (or torch's bytes). */
export function setRngState(state: GeneratorState): void {
  defaultGenerator.setState(state);
}

/** Replaces the global generator (for tests that need an isolated stream). */
export function setDefaultGenerator(g: Generator): void {
  defaultGenerator = g;
}
