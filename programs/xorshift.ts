/**
 * xorshift32 (Marsaglia): a fast seeded stream of uniforms in [0, 1) for bench data, timing
 * scripts and large test inputs, where Kindling's own generators would be the code under test.
 */
export function xorshift32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}
