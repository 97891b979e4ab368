/**
 * A figure: a Vega-Lite spec and the ways to render it. SVG is drawn by vega's own
 * headless renderer; PNG rasterises that SVG with resvg (Node only). Nothing Node-only
 * is imported at the top level, so figures can be built (and their spec handed to
 * vega-embed) in a browser.
 */
import type { TopLevelSpec } from "vega-lite";
import { ValueError } from "../errors.js";
import { importNodeOnly } from "./node-only.js";
import { svgToPng, type PngOptions } from "./png.js";

export type { PngOptions } from "./png.js";

export class Figure {
  /** The Vega-Lite specification; render it anywhere Vega-Lite runs (vega-embed in a page). */
  readonly spec: TopLevelSpec;

  constructor(spec: TopLevelSpec) {
    this.spec = spec;
  }

  /** The figure as an SVG document, rendered by vega's View without a browser. */
  async toSVG(): Promise<string> {
    const [vega, vl] = await Promise.all([import("vega"), import("vega-lite")]);
    const compiled = vl.compile(this.spec).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: "none" });
    try {
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  }

  /** The figure as PNG bytes (Node: rasterised by resvg with the machine's fonts). */
  async toPNG(opts: PngOptions = {}): Promise<Uint8Array> {
    return svgToPng(await this.toSVG(), opts);
  }

  /** Writes the figure to `path` as SVG or PNG, chosen by the extension. */
  async save(path: string, opts: PngOptions = {}): Promise<void> {
    const ext = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
    let bytes: Uint8Array | string;
    if (ext === "svg") bytes = await this.toSVG();
    else if (ext === "png") bytes = await this.toPNG(opts);
    else throw new ValueError(`Figure.save: cannot tell the format of "${path}"; expected a path ending in .svg or .png`);
    const fs = await importNodeOnly<typeof import("node:fs/promises")>("node:fs/promises");
    await fs.writeFile(path, bytes);
  }
}
