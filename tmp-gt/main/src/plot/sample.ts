/**
 * Bounding what a figure draws. Vega renders every mark as an object and then as SVG
 * text, so 100,000 points took 8.6 s and 820 MB; past a few thousand points a scatter is
 * a solid blot anyway. Figures draw an evenly spaced subset instead (the rows of a split
 * are already shuffled, so even spacing is a fair sample) and say so in their subtitle.
 */

/** The most points a scatter-like layer draws. */
export const MAX_POINTS = 5000;

/** The most vertices a line (a training curve, a ROC curve) draws. */
export const MAX_LINE_POINTS = 2000;

/** Indices 0..n-1 thinned to at most `max`, evenly spaced, first and last kept; null when nothing is dropped. */
export function evenIndices(n: number, max: number): number[] | null {
  if (n <= max) return null;
  const out = new Array<number>(max);
  for (let k = 0; k < max; k++) out[k] = Math.round((k * (n - 1)) / (max - 1));
  return out;
}

const count = (n: number): string => n.toLocaleString("en-US");

/** The subtitle of a figure that drew `shown` of `total` items. */
export function sampledNote(shown: number, total: number, what = "points"): string {
  return `showing ${count(shown)} of ${count(total)} ${what}, evenly sampled`;
}

/** Joins the optional notes of a figure into one subtitle (undefined when there are none). */
export function joinNotes(...notes: (string | undefined)[]): string | undefined {
  const kept = notes.filter((n): n is string => !!n);
  return kept.length > 0 ? kept.join("; ") : undefined;
}
