/** Reading vega's SVG output in tests: mark groups by name, texts, sizes. */
import { expect } from "vitest";

/** The inside of the mark group of the Vega-Lite mark named `name`. */
export function markGroup(svg: string, name: string): string {
  const re = new RegExp(`<g class="mark-[a-z]+ role-mark ${name}_marks"[^>]*>`);
  const m = re.exec(svg);
  if (!m) throw new Error(`no mark group "${name}" in the SVG`);
  const start = m.index + m[0].length;
  return svg.slice(start, svg.indexOf("</g>", start));
}

/** How many items (one <path>, <text> or similar element each) the mark named `name` drew. */
export function countMarks(svg: string, name: string): number {
  return (markGroup(svg, name).match(/<(path|text|line)\b/g) ?? []).length;
}

/** Every text element's content, entities decoded. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1].replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'"));
}

export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
  if (!m) throw new Error("the SVG has no width and height");
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** PNG signature, and the IHDR's width and height. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe("IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** How many groups a mark drew: a line or area mark draws one group per series. */
export function countSeries(svg: string, name: string): number {
  return (svg.match(new RegExp(`role-mark ${name}_marks"`, "g")) ?? []).length;
}
