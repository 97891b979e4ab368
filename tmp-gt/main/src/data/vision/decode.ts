/**
 * PNG and JPEG files → RawImage bytes, and PIL's conversions to "RGB" and "L" (what
 * torchvision's ImageFolder loader does with `Image.open(f).convert("RGB")`).
 *
 * Decoders: fast-png (image-js; TypeScript on fflate, no native code and no Node
 * built-ins, so it also runs in a browser) and jpeg-js (plain JavaScript). Both install
 * anywhere npm does, unlike sharp or canvas, which need native binaries. Measured on this
 * project's 2-core machine while busy (load average 12, Node 20, tsx): a 64×64 RGB PNG
 * decodes in 0.4 ms and a 64×64 JPEG in 0.9 ms, so a 10,000-image folder costs 4–9 s
 * per pass, less than training a convolutional network on it for an epoch.
 *
 * PNG pixels are exact: 16-bit samples keep their high byte, as PIL does when it makes
 * an 8-bit image; 1-, 2- and 4-bit grey levels are spread over 0–255; palette images are
 * looked up (their transparency dropped, as PIL's convert("RGB") drops it). JPEG pixels come
 * from jpeg-js's inverse DCT, which may differ from libjpeg-turbo's (PIL's) by a unit or
 * two in some pixels.
 */
import { decode as decodePng, hasPngSignature } from "fast-png";
import jpeg from "jpeg-js";
import { FileFormatError, ValueError } from "../../errors.js";
import type { RawImage } from "./image.js";

/** What the files hold: PNG or JPEG, told by their first bytes, not their names. */
export function imageKind(bytes: Uint8Array): "png" | "jpeg" | null {
  if (hasPngSignature(bytes)) return "png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  return null;
}

/** Low-bit-depth samples, rows padded to whole bytes, unpacked to one byte each. */
function unpackBits(data: ArrayLike<number>, width: number, height: number, channels: number, depth: number): Uint8Array {
  const out = new Uint8Array(width * height * channels);
  const perRow = width * channels, rowBytes = Math.ceil((perRow * depth) / 8), mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < perRow; i++) {
      const bit = i * depth;
      const byte = data[y * rowBytes + (bit >> 3)];
      out[y * perRow + i] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

function fromPng(bytes: Uint8Array, file: string): RawImage {
  let png;
  try {
    png = decodePng(bytes);
  } catch (e) {
    throw new FileFormatError(`${file}: not a readable PNG file (${(e as Error).message})`);
  }
  const { width, height, depth } = png;
  if (png.palette) {
    const index = depth === 8 ? png.data : unpackBits(png.data, width, height, 1, depth);
    const data = new Uint8Array(width * height * 3);
    for (let p = 0; p < width * height; p++) {
      const c = png.palette[index[p]];
      if (!c) throw new FileFormatError(`${file}: pixel ${p} names palette entry ${index[p]}, which the palette does not have`);
      data[3 * p] = c[0];
      data[3 * p + 1] = c[1];
      data[3 * p + 2] = c[2];
    }
    return { data, height, width, channels: 3 };
  }
  const channels = png.channels;
  let data: Uint8Array;
  if (depth === 16) data = Uint8Array.from(png.data as Uint16Array, (v) => v >> 8);
  else if (depth === 8) data = png.data instanceof Uint8Array ? png.data : new Uint8Array(png.data);
  else {
    // Only grey images have fewer than 8 bits per sample: spread the levels over 0–255.
    data = unpackBits(png.data, width, height, channels, depth);
    const scale = 255 / ((1 << depth) - 1);
    for (let i = 0; i < data.length; i++) data[i] = Math.round(data[i] * scale);
  }
  return { data, height, width, channels };
}

/** Large enough for any photograph; a file claiming more is refused before allocating. */
const MAX_MEGAPIXELS = 100;

function fromJpeg(bytes: Uint8Array, file: string): RawImage {
  let img;
  try {
    img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 2048 });
  } catch (e) {
    throw new FileFormatError(`${file}: not a readable JPEG file (${(e as Error).message})`);
  }
  return { data: img.data, height: img.height, width: img.width, channels: 3 };
}

/** Decodes a PNG or JPEG file's bytes, keeping its channels (grey 1, grey + alpha 2, RGB 3, RGBA 4). */
export function decodeImage(bytes: Uint8Array, file = "the image"): RawImage {
  const kind = imageKind(bytes);
  if (kind === "png") return fromPng(bytes, file);
  if (kind === "jpeg") return fromJpeg(bytes, file);
  throw new FileFormatError(`${file}: neither a PNG nor a JPEG file (Kindling decodes those two; convert other formats first)`);
}

/** PIL's image modes that a loader converts to: 8-bit RGB, or 8-bit grey ("L"). */
export type ImageMode = "RGB" | "L";

/**
 * An image in PIL's mode: "RGB" repeats a grey level in the three channels and drops
 * alpha; "L" is PIL's luma, (R·19595 + G·38470 + B·7471 + 2¹⁵) >> 16 (ITU-R 601-2).
 */
export function convertImage(img: RawImage, mode: ImageMode): RawImage {
  const { width, height, channels: c, data } = img;
  if (![1, 2, 3, 4].includes(c)) throw new ValueError(`convertImage: an image of ${c} channels has no mode to convert from`);
  const n = width * height;
  const grey = c <= 2;
  if (mode === "L") {
    if (c === 1) return img;
    const out = new Uint8Array(n);
    for (let p = 0; p < n; p++) {
      const s = p * c;
      out[p] = grey ? data[s] : (data[s] * 19595 + data[s + 1] * 38470 + data[s + 2] * 7471 + 0x8000) >> 16;
    }
    return { data: out, height, width, channels: 1 };
  }
  if (c === 3) return img;
  const out = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) {
    const s = p * c;
    out[3 * p] = data[s];
    out[3 * p + 1] = data[grey ? s : s + 1];
    out[3 * p + 2] = data[grey ? s : s + 2];
  }
  return { data: out, height, width, channels: 3 };
}
