/** What every figure's top-level spec shares: the schema, the theme, a title. */
import type { TopLevelSpec } from "./spec-types.js";
import { CONFIG } from "./theme.js";

export const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Options every figure takes. */
export interface FigureOptions {
  /** The figure's title (each figure has a sensible default). */
  title?: string;
  /** Size of the plotting area (of each panel) in pixels. */
  width?: number;
  height?: number;
}

/** About the width of one character of the 16 px bold title font, to wrap titles by length. */
const TITLE_CHAR_PX = 9.5;

/**
 * A title broken into lines no wider than `width` pixels (roughly): a long title on a
 * narrow figure otherwise sets the figure's width (a 2-class confusion matrix under a
 * long file name became a 2888 × 532 PNG).
 */
export function wrapTitle(title: string, width: number | undefined): string | string[] {
  if (width === undefined) return title;
  const perLine = Math.max(24, Math.floor(Math.max(width, 240) / TITLE_CHAR_PX));
  if (title.length <= perLine) return title;
  const lines: string[] = [];
  let line = "";
  for (const word of title.split(/\s+/)) {
    // A single word longer than a line (a long path) is cut, not allowed to widen the figure.
    for (let w = word; w.length > 0; ) {
      const room = perLine - (line ? line.length + 1 : 0);
      if (w.length <= room) {
        line = line ? `${line} ${w}` : w;
        w = "";
      } else if (line) {
        lines.push(line);
        line = "";
      } else {
        lines.push(w.slice(0, perLine));
        w = w.slice(perLine);
      }
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The top-level keys: schema, theme and (when there is one) title with an optional
 * subtitle; given the figure's width, a long title wraps to it.
 */
export function topLevel(title: string | undefined, subtitle?: string, width?: number): Pick<TopLevelSpec, "$schema" | "config" | "title"> {
  if (!title) return { $schema: SCHEMA, config: CONFIG, ...(subtitle ? { title: { text: " ", subtitle } } : {}) };
  const text = wrapTitle(title, width);
  return { $schema: SCHEMA, config: CONFIG, title: subtitle || Array.isArray(text) ? { text, ...(subtitle ? { subtitle: wrapTitle(subtitle, width === undefined ? undefined : width * 1.4) } : {}) } : text };
}
