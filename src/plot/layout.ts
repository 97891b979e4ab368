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

/** The top-level keys: schema, theme and (when there is one) title with an optional subtitle. */
export function topLevel(title: string | undefined, subtitle?: string): Pick<TopLevelSpec, "$schema" | "config" | "title"> {
  if (!title) return { $schema: SCHEMA, config: CONFIG };
  return { $schema: SCHEMA, config: CONFIG, title: subtitle ? { text: title, subtitle } : title };
}
