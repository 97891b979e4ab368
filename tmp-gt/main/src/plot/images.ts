/**
 * A grid of images with their labels, as learnpytorch's chapter 03 plots predictions on
 * random test images: each image under a title, "Pred: Sneaker" over "Truth: Sneaker",
 * in green where they agree and in red-orange where they do not (Okabe–Ito's bluish green
 * and vermillion, apart under the common colour-vision deficiencies).
 *
 * Each image is embedded as a PNG (fast-png, enlarged by whole pixels so it stays sharp)
 * in an image mark; the SVG carries it as a data URL, which resvg rasterises.
 */
import { encode as encodePng } from "fast-png";
import { ShapeError, ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { className, valuesOf, type Values1D } from "./data.js";
import { Figure } from "./figure.js";
import { topLevel, type FigureOptions } from "./layout.js";
import { OKABE_ITO } from "./theme.js";

export interface ImagesOptions extends FigureOptions {
  /** The true class of each image. */
  labels?: Values1D;
  /** The predicted class of each image: titles are coloured by agreement with `labels`. */
  predictions?: Values1D;
  classNames?: readonly string[];
  /** Images per row (default: up to 5, chapter 03's 3 × 3 grid for 9). */
  columns?: number;
  /** Side of each image in pixels (default 96). */
  size?: number;
}

const RIGHT = OKABE_ITO[2];
const WRONG = OKABE_ITO[3];
/** More images than this would make an unreadable figure (and a large file). */
const MAX_IMAGES = 100;

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Base64 without Buffer or btoa (the figure is built in browsers too). */
function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    s += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63] + (i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : "=") + (i + 2 < bytes.length ? BASE64[n & 63] : "=");
  }
  return s;
}

/** Image `k` of [N, C, H, W] floats in [0, 1] (clipped, as matplotlib's imshow clips floats) as a PNG data URL, each pixel `scale`² pixels. */
function imageUrl(x: Tensor, k: number, scale: number): string {
  const [, c, h, w] = x.shape;
  const H = h * scale, W = w * scale;
  const out = new Uint8Array(H * W * c);
  const plane = h * w, base = k * c * plane, d = x.data;
  for (let y = 0; y < H; y++) {
    for (let xx = 0; xx < W; xx++) {
      const p = Math.floor(y / scale) * w + Math.floor(xx / scale);
      for (let ch = 0; ch < c; ch++) out[(y * W + xx) * c + ch] = Math.round(Math.min(1, Math.max(0, d[base + ch * plane + p])) * 255);
    }
  }
  return `data:image/png;base64,${base64(encodePng({ width: W, height: H, data: out, channels: c, depth: 8 }))}`;
}

/** Images [N, C, H, W] (C = 1 grey or 3 RGB) or [N, H, W] grey, floats in [0, 1], as a grid with titles. */
export function plotImages(images: Tensor, opts: ImagesOptions = {}): Figure {
  if (!(images instanceof Tensor)) throw new ValueError("plotImages: expected a Tensor of images [N, C, H, W]");
  const x = images.ndim === 3 ? images.unsqueeze(1) : images;
  if (x.ndim !== 4 || (x.shape[1] !== 1 && x.shape[1] !== 3)) {
    throw new ShapeError(`plotImages: expected images [N, 1 or 3, H, W] or [N, H, W], got [${images.shape.join(", ")}]`);
  }
  const n = x.shape[0];
  if (n === 0 || n > MAX_IMAGES) throw new ValueError(`plotImages: expected 1 to ${MAX_IMAGES} images, got ${n}`);
  const labels = opts.labels === undefined ? null : valuesOf(opts.labels, "plotImages (labels)");
  const preds = opts.predictions === undefined ? null : valuesOf(opts.predictions, "plotImages (predictions)");
  for (const [what, v] of [["labels", labels], ["predictions", preds]] as const) {
    if (v && v.length !== n) throw new ShapeError(`plotImages: ${v.length} ${what} for ${n} images`);
  }
  const name = (i: number) => className(i, opts.classNames ? [...opts.classNames] : undefined);
  const columns = opts.columns ?? Math.min(n, n === 9 ? 3 : 5);
  const size = opts.size ?? 96;
  const [h, w] = [x.shape[2], x.shape[3]];
  const scale = Math.max(1, Math.round(size / Math.max(h, w)));
  const lineCount = (labels ? 1 : 0) + (preds ? 1 : 0);
  const titleH = lineCount * 15 + 6;
  // Wide enough for "Truth: Ankle boot" in 12 px type under small images.
  const cellW = Math.max(size, 130) + 12, cellH = size + titleH + 10;
  const rows = Array.from({ length: n }, (_, i) => {
    const lines = [...(preds ? [`Pred: ${name(preds[i])}`] : []), ...(labels ? [`Truth: ${name(labels[i])}`] : [])];
    return {
      x: (i % columns) * cellW + 8,
      y: Math.floor(i / columns) * cellH,
      url: imageUrl(x, i, scale),
      title: lines.join("\n"),
      color: preds && labels ? (preds[i] === labels[i] ? RIGHT : WRONG) : "#1a1a1a",
    };
  });
  const width = opts.width ?? columns * cellW;
  const height = opts.height ?? Math.ceil(n / columns) * cellH;
  const position = { x: { field: "x", type: "quantitative" as const, scale: null, axis: null }, y: { field: "y", type: "quantitative" as const, scale: null, axis: null } };
  return new Figure({
    ...topLevel(opts.title ?? (preds && labels ? "Predictions" : "Images"), preds && labels ? "green: right, red: wrong" : undefined, width),
    width,
    height,
    data: { values: rows },
    view: { stroke: null },
    layer: [
      {
        mark: { type: "image", width: size * (w / Math.max(h, w)), height: size * (h / Math.max(h, w)), align: "left", baseline: "top", aspect: true, yOffset: titleH },
        encoding: { ...position, url: { field: "url", type: "nominal" } },
      },
      {
        mark: { type: "text", align: "left", baseline: "top", fontSize: 12, lineBreak: "\n", lineHeight: 15 },
        encoding: { ...position, text: { field: "title", type: "nominal" }, color: { field: "color", type: "nominal", scale: null } },
      },
    ],
  });
}
