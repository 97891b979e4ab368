/**
 * The largest and smallest of many numbers. Spreading an array into `Math.max` passes every element as an
 * argument on the stack and throws "Maximum call stack size exceeded" past ~100k elements
 * (a test set, a 500-class confusion matrix), so the project forbids it (eslint's
 * no-restricted-syntax) and loops here instead. Same answers as Math.max / Math.min,
 * NaN included: any NaN makes the result NaN.
 */
export function maxOf(values: Iterable<number>, start = -Infinity): number {
  let m = start;
  for (const v of values) {
    if (v > m) m = v;
    else if (Number.isNaN(v)) return NaN;
  }
  return m;
}

export function minOf(values: Iterable<number>, start = Infinity): number {
  let m = start;
  for (const v of values) {
    if (v < m) m = v;
    else if (Number.isNaN(v)) return NaN;
  }
  return m;
}

/** `maxOf(xs.map(f))` without building the mapped array. */
export function maxBy<T>(items: Iterable<T>, f: (item: T) => number, start = -Infinity): number {
  let m = start;
  for (const it of items) {
    const v = f(it);
    if (v > m) m = v;
    else if (Number.isNaN(v)) return NaN;
  }
  return m;
}

/** `minOf(xs.map(f))` without building the mapped array. */
export function minBy<T>(items: Iterable<T>, f: (item: T) => number, start = Infinity): number {
  return -maxBy(items, (it) => -f(it), -start);
}
