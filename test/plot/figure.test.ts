import { describe, expect, it } from "vitest";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import * as kd from "../../src/index.js";
import * as plot from "../../src/plot/index.js";
import { rings } from "./data.js";
import { pngSize, svgSize } from "./helpers.js";
import { useTempDir } from "../io/temp-dir.js";

const dir = useTempDir("kindling-plot-", "all");

describe("Figure rendering", () => {
  const { X, y } = rings(20);

  it("renders PNG at the SVG's size times the scale", async () => {
    const fig = plot.scatter(X, y);
    const { width, height } = svgSize(await fig.toSVG());
    expect(pngSize(await fig.toPNG())).toEqual({ width: Math.round(width * 2), height: Math.round(height * 2) });
    expect(pngSize(await fig.toPNG({ scale: 1 }))).toEqual({ width: Math.round(width), height: Math.round(height) });
  });

  it("draws text into the PNG (fonts were found)", async () => {
    // The same figure with and without a long title: text must change the pixels.
    const a = await plot.scatter(X, y, { title: "A" }).toPNG({ scale: 1 });
    const b = await plot.scatter(X, y, { title: "Another, much longer title" }).toPNG({ scale: 1 });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it("saves .svg and .png by extension", async () => {
    const fig = plot.scatter(X, y, { title: "Saved" });
    await fig.save(join(dir(), "fig.svg"));
    await fig.save(join(dir(), "fig.PNG"), { scale: 1 });
    expect(readFileSync(join(dir(), "fig.svg"), "utf8")).toMatch(/^<svg[\s\S]*Saved[\s\S]*<\/svg>$/);
    pngSize(new Uint8Array(readFileSync(join(dir(), "fig.PNG"))));
  });

  it("refuses an unknown extension and a bad scale", async () => {
    const fig = plot.scatter(X, y);
    await expect(fig.save(join(dir(), "fig.jpg"))).rejects.toThrow(/expected a path ending in .svg or .png/);
    await expect(fig.save(join(dir(), "fig"))).rejects.toThrow(kd.ValueError);
    expect(existsSync(join(dir(), "fig.jpg"))).toBe(false);
    await expect(fig.toPNG({ scale: 0 })).rejects.toThrow(/scale must be in/);
  });

  it("uses font files it is given", async () => {
    const png = await plot.scatter(X, y).toPNG({ scale: 1, fontFiles: ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"] });
    expect(pngSize(png).width).toBeGreaterThan(100);
  });

  it("keeps a Vega-Lite spec for browsers", () => {
    const spec = plot.scatter(X, y).spec as { $schema: string; config: { font: string } };
    expect(spec.$schema).toMatch(/vega-lite\/v6/);
    expect(spec.config.font).toMatch(/sans-serif/);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });
});
