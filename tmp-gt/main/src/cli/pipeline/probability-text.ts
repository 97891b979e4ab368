/**
 * How `predict` prints a probability: String(Number(p.toPrecision(6))), six significant
 * digits with the trailing zeros cut. A million rows of three classes are three million
 * of these, so the usual case (a float32 probability from 10⁻⁶ up to 1) is written
 * straight into the output bytes from exact integer arithmetic; anything else takes
 * the text route. Both give the same characters (property-tested against toPrecision).
 */

/** The text, for any number. */
export function probabilityText(p: number): string {
  const t = p.toPrecision(6);
  // Below float64's normal range six digits may not survive the round trip, and from 10⁶
  // up toPrecision writes an exponent where String does not: take the round trip.
  if ((p !== 0 && Math.abs(p) < 1e-300) || Math.abs(p) >= 1e6) return String(Number(t));
  const e = t.indexOf("e");
  const mantissa = e < 0 ? t : t.slice(0, e);
  let end = mantissa.length;
  if (mantissa.includes(".")) {
    while (mantissa.charCodeAt(end - 1) === 48) end--;
    if (mantissa.charCodeAt(end - 1) === 46) end--;
  }
  const m = end === mantissa.length ? mantissa : mantissa.slice(0, end);
  return e < 0 ? m : m + t.slice(e);
}

/** 5^k and 2^k for k = 6 … 11, the scalings that bring [10⁻⁶, 1) to six integer digits. */
const POW5 = [1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125, 9765625, 48828125];
const POW2 = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048];
const DIGIT = new Uint8Array(6);

/**
 * Writes p's text at `out[at]` when p is a float32 value in [10⁻⁶, 1) and returns the
 * position after it, else returns -1 (write probabilityText(p) instead). `out` needs 14
 * bytes from `at`.
 *
 * Why it is exact: p = m·2^q with m < 2^24, so p·5^k (k ≤ 11, 5^11 < 2^26) is an integer
 * times a power of two below 2^53 and p·10^k = p·5^k·2^k is computed without rounding.
 * toPrecision picks the six digits nearest to p, the larger on a tie: floor, then up when
 * the fraction is at least one half. The exponent guess from comparisons with the doubles
 * 10^-j is checked on the exact value (100000 ≤ x), and a value that would round up to a
 * seventh digit is left to the text route.
 */
export function writeProbabilityFast(p: number, out: Uint8Array, at: number): number {
  if (!(p >= 1e-6 && p < 1) || Math.fround(p) !== p) return -1;
  let zeros = 0;
  let bound = 0.1;
  while (p < bound && zeros < 5) {
    zeros++;
    bound /= 10;
  }
  const k = 6 + zeros;
  const x = p * POW5[k] * POW2[k];
  if (!(x >= 100000 && x < 999999.5)) return -1;
  let n = Math.floor(x);
  if (x - n >= 0.5) n++;
  let digits = 6;
  while (n % 10 === 0) {
    n /= 10;
    digits--;
  }
  for (let i = digits - 1; i >= 0; i--) {
    const q = Math.floor(n / 10);
    DIGIT[i] = 48 + n - q * 10;
    n = q;
  }
  out[at++] = 48; // "0."
  out[at++] = 46;
  for (let i = 0; i < zeros; i++) out[at++] = 48;
  for (let i = 0; i < digits; i++) out[at++] = DIGIT[i];
  return at;
}
