/**
 * The Mersenne Twister MT19937, seeded with `init_genrand` — the generator behind
 * both numpy's legacy RandomState(int) and torch.manual_seed, so one implementation
 * reproduces both streams.
 */
const N = 624;
const M = 397;

export class MT19937 {
  readonly state = new Uint32Array(N);
  index = N;

  constructor(seed: number) {
    this.seed(seed);
  }

  /** init_genrand with the low 32 bits of `seed`. */
  seed(seed: number): void {
    const mt = this.state;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * prev + i in 32-bit arithmetic, split to stay exact in doubles.
      mt[i] = (((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i) >>> 0;
    }
    this.index = N;
  }

  private twist(): void {
    const mt = this.state;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      let v = mt[(i + M) % N] ^ (y >>> 1);
      if (y & 1) v ^= 0x9908b0df;
      mt[i] = v >>> 0;
    }
    this.index = 0;
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
    return c;
  }
}
