/**
 * Colours and text styles shared by every figure. Classes use the Okabe–Ito palette,
 * designed to stay distinct under the common colour-vision deficiencies; decision
 * regions use a light tint of the same colours so the points on top stay readable.
 */
import type { Config } from "vega-lite";

/** Okabe–Ito, ordered so the first classes get the most distinct pair (blue, orange). */
export const OKABE_ITO: readonly string[] = [
  "#0072B2", // blue
  "#E69F00", // orange
  "#009E73", // bluish green
  "#D55E00", // vermillion
  "#CC79A7", // reddish purple
  "#56B4E9", // sky blue
  "#F0E442", // yellow
  "#000000", // black
];

/** Colours for `n` classes; past the palette's length they repeat (the legend's shapes still differ). */
export function classColors(n: number, palette: readonly string[] = OKABE_ITO): string[] {
  return Array.from({ length: n }, (_, i) => palette[i % palette.length]);
}

/** `color` mixed with white: `strength` 0 is white, 1 the colour itself. */
export function tint(color: string, strength = 0.3): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const v = parseInt(m[1], 16);
  const mix = (c: number) => Math.round(255 - (255 - c) * strength);
  const [r, g, b] = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map(mix);
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

/**
 * Fonts: DejaVu Sans first, the font PNG rendering finds on a Debian machine (see png.ts);
 * browsers fall back to their own sans-serif.
 */
export const FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif";

export const CONFIG: Config = {
  background: "white",
  font: FONT,
  padding: 12,
  title: { fontSize: 16, fontWeight: "bold", anchor: "middle", offset: 10 },
  axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: "normal", grid: true, gridColor: "#e6e6e6", domainColor: "#888", tickColor: "#888" },
  legend: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: "normal", symbolSize: 120, orient: "right" },
  header: { titleFontSize: 16, labelFontSize: 14, labelFontWeight: "bold" },
  view: { stroke: "#888" },
  concat: { spacing: 36 },
};
