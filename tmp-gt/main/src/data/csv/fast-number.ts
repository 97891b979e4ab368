/**
 * Decimal numbers read straight from UTF-8 bytes, without making a string: the CSV
 * reader's hot path. The result must be bit for bit what `Number(text)` gives, so only
 * the cases where one IEEE operation is exact are done here (Clinger's fast path): at most
 * 15 significant digits, so the digits form an exact double, and a power of ten up to
 * 10^22, also exact — one multiplication or division of two exact doubles is then
 * correctly rounded, as Number() is. Everything else (more digits, big exponents, spaces,
 * quotes, words) returns NOT_FAST and the caller uses the general parser on the text.
 *
 * The accepted syntax is a subset of what the general parser takes as a number
 * (`[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`).
 */

/**
 * Returned when the bytes are not a number this path can read exactly: NaN, which no
 * accepted text can produce (a number type, so the hot loop stays monomorphic).
 */
export const NOT_FAST = NaN;

const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

const PLUS = 43, MINUS = 45, DOT = 46, ZERO = 48, NINE = 57, LOWER_E = 101, UPPER_E = 69;

/**
 * The number in bytes[start, end), or NOT_FAST. Returns a JS number exactly equal to
 * Number(the same text) whenever it returns a number.
 */
export function parseNumberBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  if (i >= end) return NOT_FAST;
  let negative = false;
  let c = bytes[i];
  if (c === MINUS || c === PLUS) {
    negative = c === MINUS;
    if (++i >= end) return NOT_FAST;
  }
  let mantissa = 0;
  // Significant digits taken into the mantissa (leading zeros do not count).
  let digits = 0;
  let anyDigit = false;
  let scale = 0;
  for (; i < end; i++) {
    c = bytes[i];
    if (c < ZERO || c > NINE) break;
    anyDigit = true;
    if (mantissa === 0 && c === ZERO) continue;
    mantissa = mantissa * 10 + (c - ZERO);
    digits++;
  }
  if (i < end && bytes[i] === DOT) {
    i++;
    for (; i < end; i++) {
      c = bytes[i];
      if (c < ZERO || c > NINE) break;
      anyDigit = true;
      scale--;
      if (mantissa === 0 && c === ZERO) continue;
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
    }
  }
  if (!anyDigit || digits > 15) return NOT_FAST;
  if (i < end) {
    c = bytes[i];
    if (c !== LOWER_E && c !== UPPER_E) return NOT_FAST;
    if (++i >= end) return NOT_FAST;
    let expNegative = false;
    c = bytes[i];
    if (c === MINUS || c === PLUS) {
      expNegative = c === MINUS;
      if (++i >= end) return NOT_FAST;
    }
    let exp = 0;
    for (; i < end; i++) {
      c = bytes[i];
      if (c < ZERO || c > NINE) return NOT_FAST;
      // Past 10^6 the value is 0 or infinite whatever the digits: leave it to Number().
      if (exp > 1e6) return NOT_FAST;
      exp = exp * 10 + (c - ZERO);
    }
    scale += expNegative ? -exp : exp;
  }
  let value: number;
  if (mantissa === 0) value = 0;
  else if (scale === 0) value = mantissa;
  else if (scale > 0 && scale <= 22) value = mantissa * POW10[scale];
  else if (scale < 0 && scale >= -22) value = mantissa / POW10[-scale];
  else return NOT_FAST;
  return negative ? -value : value;
}
