/**
 * Distinct labels and label-to-index lookups without hashing every element: whole-number
 * labels in a modest range go through a table indexed by value (a million labels in a few
 * milliseconds); anything else (strings, fractions, wide ranges) through a Map.
 */
import type { Label } from "./targets.js";

const MAX_SPAN = 1 << 22;

/** [min, max] when every value is a whole number and the span fits the table, else null. */
function intSpan(values: ArrayLike<Label>): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isInteger(v)) return null;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return values.length > 0 && hi - lo < MAX_SPAN ? [lo, hi] : null;
}

/** The distinct values of `values`, in no particular order. */
export function distinctLabels(values: ArrayLike<Label>): Label[] {
  const span = intSpan(values);
  if (span === null) return [...new Set(Array.from(values))];
  const [lo, hi] = span;
  const seen = new Uint8Array(hi - lo + 1);
  for (let i = 0; i < values.length; i++) seen[(values[i] as number) - lo] = 1;
  const out: number[] = [];
  for (let k = 0; k < seen.length; k++) if (seen[k]) out.push(k + lo);
  return out;
}

/** For each value, its position in `labels`, or -1 when it is not there. */
export function indexLabels(values: ArrayLike<Label>, labels: readonly Label[]): Int32Array {
  const out = new Int32Array(values.length);
  const span = intSpan(values);
  if (span !== null) {
    const [lo, hi] = span;
    const table = new Int32Array(hi - lo + 1).fill(-1);
    labels.forEach((l, i) => {
      if (typeof l === "number" && l >= lo && l <= hi && Number.isInteger(l) && table[l - lo] === -1) table[l - lo] = i;
    });
    for (let i = 0; i < values.length; i++) out[i] = table[(values[i] as number) - lo];
    return out;
  }
  const index = new Map<Label, number>();
  labels.forEach((l, i) => {
    if (!index.has(l)) index.set(l, i);
  });
  for (let i = 0; i < values.length; i++) out[i] = index.get(values[i]) ?? -1;
  return out;
}
