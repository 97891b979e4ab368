/**
 * kd.data.ImageFolder on folders of small PNG and JPEG files written here: torchvision's
 * class order and sample order, the decoded pixels (PNG exact in every colour type and
 * depth; JPEG close, being lossy), PIL's RGB and L conversions, and the errors.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encode as encodePng } from "fast-png";
import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { convertImage, decodeImage } from "../../src/data/vision/decode.js";
import { pythonOrder } from "../../src/data/vision/image-folder.js";
import { useTempDir } from "../io/temp-dir.js";

const dir = useTempDir("kindling-imagefolder-");

/** A w×h image of `channels` whose every sample differs. */
function pattern(w: number, h: number, channels: number, seed = 0): Uint8Array {
  return Uint8Array.from({ length: w * h * channels }, (_, i) => (i * 37 + seed * 11 + 5) % 256);
}

function write(path: string, bytes: Uint8Array): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

const png = (w: number, h: number, channels: number, seed = 0) => encodePng({ width: w, height: h, data: pattern(w, h, channels, seed), channels, depth: 8 });

describe("ImageFolder", () => {
  it("sorts classes and walks each class's files as torchvision does", () => {
    const root = dir();
    // Upper case before lower case, and a sub-folder's files after the folder's own ("b/sub" > "b").
    write(join(root, "b", "z.png"), png(2, 2, 3));
    write(join(root, "b", "a.PNG"), png(2, 2, 3, 1));
    write(join(root, "b", "sub", "c.jpg"), jpeg.encode({ width: 2, height: 2, data: pattern(2, 2, 4) }, 95).data);
    write(join(root, "B", "x.jpeg"), jpeg.encode({ width: 2, height: 2, data: pattern(2, 2, 4) }, 95).data);
    write(join(root, "b", "notes.txt"), new TextEncoder().encode("not an image"));
    writeFileSync(join(root, "README.md"), "a file beside the class folders is no class");
    const ds = new kd.data.ImageFolder(root);
    expect(ds.classes).toEqual(["B", "b"]);
    expect(ds.classToIdx).toEqual({ B: 0, b: 1 });
    expect(ds.samples.map(([f, c]) => [f.slice(root.length + 1), c])).toEqual([
      ["B/x.jpeg", 0], ["b/a.PNG", 1], ["b/z.png", 1], ["b/sub/c.jpg", 1],
    ]);
    expect(ds.targets).toEqual([0, 1, 1, 1]);
    expect(ds.len()).toBe(4);
    const [img, label] = ds.getItem(2);
    expect(label).toBe(1);
    expect(img).toEqual({ data: pattern(2, 2, 3), height: 2, width: 2, channels: 3 });
    expect(ds.getItem(-1)[1]).toBe(1);
  });

  it("orders names by code point, as Python does (JavaScript's sort differs past U+FFFF)", () => {
    const names = ["\u{1F600}", "\uFF5E", "a", "B"];
    expect([...names].sort(pythonOrder)).toEqual(["B", "a", "\uFF5E", "\u{1F600}"]);
    expect([...names].sort()).not.toEqual([...names].sort(pythonOrder));
    const root = dir();
    for (const n of names) write(join(root, n, "1.png"), png(1, 1, 1));
    expect(new kd.data.ImageFolder(root).classes).toEqual(["B", "a", "\uFF5E", "\u{1F600}"]);
  });

  it("gives [C, H, W] tensors with ToTensor, and batches through a DataLoader", () => {
    const root = dir();
    for (let i = 0; i < 5; i++) write(join(root, i % 2 ? "cat" : "dog", `${i}.png`), png(4, 3, 1, i));
    const ds = new kd.data.ImageFolder(root, { transform: new kd.transforms.ToTensor(), mode: "L" });
    const [x, y] = ds.getItem(0);
    expect(x.shape).toEqual([1, 3, 4]);
    expect(Array.from(x.data)).toEqual(Array.from(pattern(4, 3, 1, 1), (v) => Math.fround(v / 255)));
    expect(y).toBe(0);
    const batches = [...new kd.data.DataLoader(ds, { batchSize: 4 })];
    expect(batches.map(([xb]) => xb.shape)).toEqual([[4, 1, 3, 4], [1, 1, 3, 4]]);
    expect(Array.from(batches[0][1].data)).toEqual([0, 0, 1, 1]);
  });

  it("refuses an empty class, an image type it cannot decode, and a missing root", () => {
    const root = dir();
    write(join(root, "a", "1.png"), png(1, 1, 3));
    mkdirSync(join(root, "empty"));
    expect(() => new kd.data.ImageFolder(root)).toThrow(/found no valid file for the classes empty\. Supported extensions are: \.png, \.jpg, \.jpeg/);
    expect(new kd.data.ImageFolder(root, { allowEmpty: true }).classes).toEqual(["a", "empty"]);
    write(join(root, "empty", "x.bmp"), new Uint8Array([0x42, 0x4d]));
    expect(() => new kd.data.ImageFolder(root)).toThrow(/x\.bmp is an image type Kindling does not decode/);
    expect(new kd.data.ImageFolder(root, { extensions: [".png"], allowEmpty: true }).len()).toBe(1);
    expect(() => new kd.data.ImageFolder(join(root, "nope"))).toThrow(/is not a folder/);
    write(join(root, "a", "2.png"), new TextEncoder().encode("garbage"));
    expect(() => new kd.data.ImageFolder(root, { extensions: [".png"], allowEmpty: true }).getItem(1)).toThrow(/2\.png: neither a PNG nor a JPEG file/);
  });
});

describe("decoding PNG and JPEG", () => {
  it("reads every PNG colour type exactly, and 16-bit samples by their high byte", () => {
    for (const channels of [1, 2, 3, 4]) {
      const data = pattern(5, 3, channels);
      expect(decodeImage(encodePng({ width: 5, height: 3, data, channels, depth: 8 }))).toEqual({ data, height: 3, width: 5, channels });
    }
    const wide = Uint16Array.from({ length: 6 }, (_, i) => i * 10_001);
    expect(Array.from(decodeImage(encodePng({ width: 3, height: 2, data: wide, channels: 1, depth: 16 })).data)).toEqual(Array.from(wide, (v) => v >> 8));
  });

  it("spreads 1- and 4-bit grey levels over 0–255 (rows padded to whole bytes) and looks up palettes", () => {
    // 3 pixels per row at 1 bit: each row is one byte; levels 0/1 become 0/255.
    const bits = new Uint8Array([0b10100000, 0b01000000]);
    expect(Array.from(decodeImage(encodePng({ width: 3, height: 2, data: bits, channels: 1, depth: 1 })).data)).toEqual([255, 0, 255, 0, 255, 0]);
    const nibbles = new Uint8Array([0x0f, 0x50, 0x3c, 0xa0]); // width 3: 0, 15, 5 | 3, 12, 10
    expect(Array.from(decodeImage(encodePng({ width: 3, height: 2, data: nibbles, channels: 1, depth: 4 })).data)).toEqual([0, 255, 85, 51, 204, 170]);
    const palette = [[10, 20, 30], [200, 100, 0]];
    const indexed = decodeImage(encodePng({ width: 2, height: 2, data: new Uint8Array([1, 0, 0, 1]), channels: 1, depth: 8, palette }));
    expect(indexed).toEqual({ data: new Uint8Array([200, 100, 0, 10, 20, 30, 10, 20, 30, 200, 100, 0]), height: 2, width: 2, channels: 3 });
  });

  it("reads a JPEG close to what was encoded (lossy), as RGB", () => {
    const w = 16, h = 8;
    // A smooth picture: JPEG keeps it within a few levels at quality 100.
    const rgba = Uint8Array.from({ length: w * h * 4 }, (_, i) => (i % 4 === 3 ? 255 : 40 + ((i >> 2) % w) * 8 + (i % 4) * 20));
    const img = decodeImage(jpeg.encode({ width: w, height: h, data: rgba }, 100).data);
    expect([img.width, img.height, img.channels]).toEqual([w, h, 3]);
    for (let p = 0; p < w * h; p++) for (let k = 0; k < 3; k++) expect(Math.abs(img.data[3 * p + k] - rgba[4 * p + k])).toBeLessThanOrEqual(4);
  });

  it("converts as PIL does: RGB repeats grey and drops alpha, L is the 601-2 luma", () => {
    const rgba = { data: new Uint8Array([255, 0, 0, 9, 0, 255, 0, 9, 0, 0, 255, 9, 10, 200, 30, 0]), height: 2, width: 2, channels: 4 };
    expect(Array.from(convertImage(rgba, "RGB").data)).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 200, 30]);
    // PIL gives 76, 150 and 29 for pure red, green and blue.
    expect(Array.from(convertImage(rgba, "L").data)).toEqual([76, 150, 29, 124]);
    const la = { data: new Uint8Array([7, 255, 99, 0]), height: 1, width: 2, channels: 2 };
    expect(Array.from(convertImage(la, "RGB").data)).toEqual([7, 7, 7, 99, 99, 99]);
    expect(Array.from(convertImage(la, "L").data)).toEqual([7, 99]);
  });
});
