/**
 * Comparing a GPU kernel's result with the reference backend's: a tolerance of
 * |got − want| ≤ atol + rtol·|want| per element, NaN only where NaN is expected, infinities
 * of the same sign, and −0 equal to +0 (no kernel here promises a zero's sign).
 */
export interface Tol {
  atol: number;
  rtol: number;
}

export const EXACT: Tol = { atol: 0, rtol: 0 };

/** The first element outside the tolerance, described; null when all agree. */
export function mismatch(got: ArrayLike<number>, want: ArrayLike<number>, tol: Tol = EXACT, input?: ArrayLike<number>): string | null {
  if (got.length !== want.length) return `length ${got.length}, expected ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    const ok = Number.isNaN(w) ? Number.isNaN(g) : !Number.isFinite(w) ? g === w : Math.abs(g - w) <= tol.atol + tol.rtol * Math.abs(w);
    if (!ok) return `element ${i}${input ? ` (input ${input[i]})` : ""}: got ${g}, expected ${w}`;
  }
  return null;
}

/** Seeded uniform values in [lo, hi), rounded to float32. */
export function uniform(n: number, rand: () => number, lo: number, hi: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * rand();
  return a;
}

/** Seeded integers in [lo, hi]. */
export function integers(n: number, rand: () => number, lo: number, hi: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + Math.floor((hi - lo + 1) * rand());
  return a;
}
