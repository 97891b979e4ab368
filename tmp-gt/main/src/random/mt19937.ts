/**
 * The Mersenne Twister MT19937, seeded with `init_genrand` — the generator behind
 * both numpy's legacy RandomState(int) and torch.manual_seed, so one implementation
 * reproduces both streams.
 */
const N = 624;
const M = 397;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

export class MT19937 {
  /** The 624 words of state, as init_genrand and the twist leave them. */
  readonly state = new Uint32Array(N);
  /** Position of the next word in `state` (numpy's `pos`); N means a twist is due. */
  index = N;
  /**
   * False from seeding until the first twist. torch records a freshly seeded
   * engine differently (`next = 0`) from an exhausted one (`next = 624`), so the
   * generator needs this to write torch's state bytes exactly.
   */
  hasTwisted = false;

  constructor(seed: number) {
    this.seed(seed);
  }

  /** init_genrand with the low 32 bits of `seed`. */
  seed(seed: number): void {
    const mt = this.state;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * prev + i in 32-bit arithmetic: Math.imul keeps the low 32 bits exactly.
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = N;
    this.hasTwisted = false;
  }

  private twist(): void {
    const mt = this.state;
    let i = 0;
    for (; i < N - M; i++) {
      const y = (mt[i] & UPPER) | (mt[i + 1] & LOWER);
      mt[i] = mt[i + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; i < N - 1; i++) {
      const y = (mt[i] & UPPER) | (mt[i + 1] & LOWER);
      mt[i] = mt[i + M - N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (mt[N - 1] & UPPER) | (mt[0] & LOWER);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.index = 0;
    this.hasTwisted = true;
  }

  /** The next 32-bit word, as an unsigned integer. */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.state[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  clone(): MT19937 {
    const c = new MT19937(0);
    c.state.set(this.state);
    c.index = this.index;
    c.hasTwisted = this.hasTwisted;
    return c;
  }
}
