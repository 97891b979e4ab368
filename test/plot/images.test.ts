/** kd.plot.plotImages: the grid's titles, colours by agreement, embedded images, and the errors. */
import { decode as decodePng } from "fast-png";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";

interface Row { x: number; y: number; url: string; title: string; color: string }
const rowsOf = (fig: kd.plot.Figure): Row[] => (fig.spec as unknown as { data: { values: Row[] } }).data.values;

describe("plotImages", () => {
  const images = kd.stack([kd.zeros([1, 2, 3]), kd.ones([1, 2, 3]), kd.full([1, 2, 3], 0.5)]);

  it("titles each image with its prediction and truth, green when they agree and vermillion when not", () => {
    const fig = kd.plot.plotImages(images, { labels: [0, 1, 2], predictions: [0, 2, 2], classNames: ["a", "b", "c"] });
    const rows = rowsOf(fig);
    expect(rows.map((r) => r.title)).toEqual(["Pred: a\nTruth: a", "Pred: c\nTruth: b", "Pred: c\nTruth: c"]);
    expect(rows.map((r) => r.color)).toEqual(["#009E73", "#D55E00", "#009E73"]);
    // Three in a row, then the next row below.
    expect(rows[1].x).toBeGreaterThan(rows[0].x);
    expect(rows[2].y).toBe(rows[0].y);
  });

  it("embeds each image as a PNG of its pixels, enlarged by whole pixels", () => {
    const fig = kd.plot.plotImages(images, { size: 6 });
    const png = decodePng(Uint8Array.from(atob(rowsOf(fig)[2].url.split(",")[1]), (c) => c.charCodeAt(0)));
    expect([png.width, png.height, png.channels]).toEqual([6, 4, 1]);
    expect(new Set(png.data)).toEqual(new Set([128]));
    expect(rowsOf(fig)[0].title).toBe("");
  });

  it("renders to SVG with the images inside", async () => {
    const svg = await kd.plot.plotImages(images.slice([0, 1]), { labels: [1], classNames: ["a", "b"] }).toSVG();
    expect(svg).toContain("data:image/png;base64,");
    expect(svg).toContain("Truth: b");
  });

  it("refuses shapes it cannot draw and mismatched labels", () => {
    expect(() => kd.plot.plotImages(kd.zeros([2, 2, 3, 3]))).toThrow(/expected images \[N, 1 or 3, H, W\]/);
    expect(() => kd.plot.plotImages(images, { labels: [1] })).toThrow(/1 labels for 3 images/);
    expect(() => kd.plot.plotImages(kd.zeros([101, 2, 2]))).toThrow(/expected 1 to 100 images, got 101/);
  });
});
