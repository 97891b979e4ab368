/**
 * kd.transforms (torchvision.transforms): ToTensor, Normalize, Compose, Resize, and random
 * flips and crops that draw from the generator as torchvision does (torch.rand(1) for a
 * flip, torch.randint for a crop's corner), so the same seed picks the same images.
 *
 * A transform is callable, `t(img)`, as in Python. Flips and crops take a RawImage
 * (before ToTensor) or a tensor whose last two dims are height and width (after it).
 */
import { ValueError } from "../../errors.js";
import { getDefaultGenerator, type Generator } from "../../random/generator.js";
import { randint } from "../../random/integers.js";
import { fromArray } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { empty } from "../../ops/util.js";
import { isRawImage, type RawImage } from "./image.js";
import { resizePlanes, resizedSize, type ResizeInterpolation } from "./resize.js";

/** An image before or after ToTensor. */
export type ImageLike = RawImage | Tensor;

/** The base of every transform: the instance is a function, `t(x)` being `t.forward(x)`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class Transform<I = ImageLike, O = I> {
  constructor() {
    const callable = ((x: I): O => self.forward(x)) as unknown as Transform<I, O>;
    const self = callable;
    Object.setPrototypeOf(callable, new.target.prototype);
    Reflect.deleteProperty(callable, "name");
    Reflect.deleteProperty(callable, "length");
    return callable;
  }

  abstract forward(x: I): O;

  /** As torchvision prints it: `ToTensor()`, `Normalize(mean=[0.5], std=[0.5])`. */
  toString(): string {
    return `${this.constructor.name}()`;
  }
}

// Each transform is also callable (the constructor returns a function): declaration
// merging adds the call signature, as nn.Module does.
export interface Transform<I, O> {
  (x: I): O;
}

/** uint8 [H, W, C] → float32 [C, H, W] in [0, 1]; a float tensor passes through. */
export class ToTensor extends Transform<ImageLike, Tensor> {
  forward(img: ImageLike): Tensor {
    if (img instanceof Tensor) return img;
    if (!isRawImage(img)) throw new TypeError("ToTensor: pic should be a RawImage ({ data: Uint8Array, height, width, channels }) or a Tensor");
    const { height: h, width: w, channels: c, data } = img;
    if (data.length !== h * w * c) throw new ValueError(`ToTensor: the image has ${data.length} bytes, not ${h}·${w}·${c}`);
    const out = new Float32Array(c * h * w);
    const plane = h * w;
    for (let p = 0; p < plane; p++) for (let k = 0; k < c; k++) out[k * plane + p] = data[p * c + k] / 255;
    return fromArray(out, [c, h, w]);
  }
}

/** (x − mean[c]) / std[c] per channel of a [..., C, H, W] float tensor. */
export class Normalize extends Transform<Tensor, Tensor> {
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly inplace: boolean;

  constructor(mean: readonly number[], std: readonly number[], opts: { inplace?: boolean } = {}) {
    super();
    if (std.some((s) => s === 0)) throw new ValueError(`std evaluated to zero after conversion to float32, leading to division by zero.`);
    this.mean = [...mean];
    this.std = [...std];
    this.inplace = opts.inplace ?? false;
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor) || !x.isFloatingPoint()) throw new TypeError("Normalize: input tensor should be a float tensor (use ToTensor first)");
    if (x.ndim < 3) throw new ValueError(`Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = [${x.shape.join(", ")}]`);
    const c = x.shape[x.ndim - 3], plane = x.shape[x.ndim - 2] * x.shape[x.ndim - 1];
    const pick = (v: readonly number[], what: string): number[] => {
      if (v.length === 1) return new Array<number>(c).fill(v[0]);
      if (v.length !== c) throw new ValueError(`Normalize: ${what} has ${v.length} values for ${c} channels`);
      return [...v];
    };
    const mean = pick(this.mean, "mean"), std = pick(this.std, "std");
    const out = this.inplace ? x : empty(x.shape, x.dtype);
    const src = x.data, dst = out.data;
    for (let i = 0, n = x.numel(); i < n; i++) {
      const ch = Math.floor(i / plane) % c;
      dst[i] = (src[i] - mean[ch]) / std[ch];
    }
    return out;
  }

  override toString(): string {
    return `Normalize(mean=[${this.mean.join(", ")}], std=[${this.std.join(", ")}])`;
  }
}

/** Applies the transforms in turn. */
export class Compose<I = ImageLike, O = Tensor> extends Transform<I, O> {
  readonly transforms: readonly ((x: never) => unknown)[];

  constructor(transforms: readonly ((x: never) => unknown)[]) {
    super();
    this.transforms = [...transforms];
  }

  forward(x: I): O {
    let v: unknown = x;
    for (const t of this.transforms) v = (t as (x: unknown) => unknown)(v);
    return v as O;
  }

  override toString(): string {
    return `Compose(\n${this.transforms.map((t) => `    ${String(t)}`).join("\n")}\n)`;
  }
}

/** Height and width of an image either way. */
function sizeOf(img: ImageLike): [number, number] {
  if (img instanceof Tensor) {
    if (img.ndim < 2) throw new ValueError(`expected an image tensor [..., H, W], got shape [${img.shape.join(", ")}]`);
    return [img.shape[img.ndim - 2], img.shape[img.ndim - 1]];
  }
  return [img.height, img.width];
}

/**
 * The image cropped to rows [top, top + h) and columns [left, left + w) of the image
 * padded by `pad` zeros on every side.
 */
function cropPadded(img: ImageLike, top: number, left: number, h: number, w: number, pad: number, flip = false): ImageLike {
  const [H, W] = sizeOf(img);
  const isT = img instanceof Tensor;
  const planes = isT ? img.numel() / (H * W) : 1;
  const c = isT ? 1 : img.channels;
  const src = img.data;
  const dst = isT ? empty([...img.shape.slice(0, img.ndim - 2), h, w], img.dtype).data : new Uint8Array(h * w * c);
  for (let q = 0; q < planes; q++) {
    for (let y = 0; y < h; y++) {
      const sy = top + y - pad;
      if (sy < 0 || sy >= H) continue;
      for (let x = 0; x < w; x++) {
        const sx = (flip ? W - 1 - (left + x) : left + x) - pad;
        if (sx < 0 || sx >= W) continue;
        for (let k = 0; k < c; k++) dst[((q * h + y) * w + x) * c + k] = src[((q * H + sy) * W + sx) * c + k];
      }
    }
  }
  if (isT) return new Tensor(dst, [...img.shape.slice(0, img.ndim - 2), h, w], img.dtype);
  return { data: dst as Uint8Array, height: h, width: w, channels: c };
}

/** Mirrors left to right with probability p: one torch.rand(1) per call, as torchvision draws. */
export class RandomHorizontalFlip extends Transform<ImageLike, ImageLike> {
  readonly p: number;
  readonly generator: Generator | null;

  constructor(p = 0.5, opts: { generator?: Generator } = {}) {
    super();
    this.p = p;
    this.generator = opts.generator ?? null;
  }

  forward(img: ImageLike): ImageLike {
    const g = this.generator ?? getDefaultGenerator();
    if (!(g.uniform24() < this.p)) return img;
    const [h, w] = sizeOf(img);
    return cropPadded(img, 0, 0, h, w, 0, true);
  }

  override toString(): string {
    return `RandomHorizontalFlip(p=${this.p})`;
  }
}

/**
 * A random size[0] × size[1] window of the image padded by `padding` zeros: the top row
 * then the left column drawn with torch.randint, as torchvision's get_params draws them.
 */
export class RandomCrop extends Transform<ImageLike, ImageLike> {
  readonly size: [number, number];
  readonly padding: number;
  readonly generator: Generator | null;

  constructor(size: number | readonly [number, number], opts: { padding?: number; generator?: Generator } = {}) {
    super();
    this.size = typeof size === "number" ? [size, size] : [size[0], size[1]];
    this.padding = opts.padding ?? 0;
    this.generator = opts.generator ?? null;
  }

  forward(img: ImageLike): ImageLike {
    const [H, W] = sizeOf(img);
    const ph = H + 2 * this.padding, pw = W + 2 * this.padding;
    const [th, tw] = this.size;
    if (ph < th || pw < tw) throw new ValueError(`Required crop size (${th}, ${tw}) is larger than input image size (${ph}, ${pw})`);
    // torchvision draws nothing when the (padded) image already has the crop's size.
    if (ph === th && pw === tw) return this.padding === 0 ? img : cropPadded(img, 0, 0, th, tw, this.padding);
    const generator = this.generator ?? undefined;
    const top = randint(0, ph - th + 1, [1], { generator }).item();
    const left = randint(0, pw - tw + 1, [1], { generator }).item();
    return cropPadded(img, top, left, th, tw, this.padding);
  }

  override toString(): string {
    return `RandomCrop(size=(${this.size.join(", ")}), padding=${this.padding})`;
  }
}

export interface ResizeOptions {
  /** "bilinear" (default) or "nearest", torchvision's InterpolationMode values. */
  interpolation?: ResizeInterpolation;
  /** With an int `size`: the longer edge is capped at this (the shorter shrinks to keep the ratio). */
  maxSize?: number | null;
  /** Only false: bilinear without antialiasing, as F.interpolate (see Resize). */
  antialias?: boolean;
}

/**
 * torchvision's Resize on the tensor path: `size` an int (the smaller edge becomes `size`,
 * the other keeps the aspect ratio, truncated) or [h, w]; then F.interpolate with
 * align_corners=False, bilinear or nearest. Tensors are [..., H, W] float32 or float64; a
 * RawImage (uint8, before ToTensor) is resized per channel in float32 and rounded back
 * (half to even) and clamped to 0..255, as torchvision does a uint8 tensor.
 *
 * antialias is false, as F.interpolate's default: torchvision ≥ 0.17 defaults to
 * antialias=True, which changes a shrinking bilinear resize (and PIL images always
 * filter so); pass antialias=False in Python to compare. Enlarging is the same either way.
 */
export class Resize extends Transform<ImageLike, ImageLike> {
  readonly size: number | readonly [number, number];
  readonly interpolation: ResizeInterpolation;
  readonly maxSize: number | null;
  readonly antialias = false;

  constructor(size: number | readonly number[], opts: ResizeOptions = {}) {
    super();
    const sizes = typeof size === "number" ? [size] : [...size];
    if (sizes.length !== 1 && sizes.length !== 2) {
      throw new ValueError(`If size is a sequence, it should have 1 or 2 values, got ${sizes.length}`);
    }
    if (sizes.some((v) => !Number.isInteger(v) || v <= 0)) throw new ValueError(`Resize: size should be positive integers, got [${sizes.join(", ")}]`);
    this.size = sizes.length === 2 ? [sizes[0], sizes[1]] : sizes[0];
    const mode = opts.interpolation ?? "bilinear";
    if (mode !== "bilinear" && mode !== "nearest") {
      throw new ValueError(`Resize: interpolation '${String(mode)}' is not supported (bilinear or nearest)`);
    }
    this.interpolation = mode;
    this.maxSize = opts.maxSize ?? null;
    if (this.maxSize !== null && sizes.length === 2) {
      throw new ValueError("max_size should only be passed if size specifies the length of the smaller edge, i.e. size should be an int or a sequence of length 1 in torchscript mode.");
    }
    if (opts.antialias === true) {
      throw new ValueError("Resize: antialias=True is not supported (Kindling resizes as F.interpolate does, without antialiasing); pass antialias: false");
    }
  }

  forward(img: ImageLike): ImageLike {
    const [h, w] = sizeOf(img);
    const [oh, ow] = resizedSize(h, w, this.size, this.maxSize);
    // torchvision hands back an image that already has the size.
    if (oh === h && ow === w) return img;
    if (img instanceof Tensor) {
      if (img.dtype !== "float32" && img.dtype !== "float64") {
        throw new TypeError(`Resize: expected a float32 or float64 tensor image (or a RawImage), got ${img.dtype}`);
      }
      const shape = [...img.shape.slice(0, img.ndim - 2), oh, ow];
      const out = empty(shape, img.dtype);
      resizePlanes(img.data, out.data, img.numel() / (h * w), h, w, oh, ow, this.interpolation, img.dtype === "float32");
      return out;
    }
    // Channels apart, resized as a uint8 tensor's float32 copy, then back to bytes.
    const c = img.channels;
    const planes = new Float32Array(c * h * w);
    for (let p = 0; p < h * w; p++) for (let k = 0; k < c; k++) planes[k * h * w + p] = img.data[p * c + k];
    const res = new Float32Array(c * oh * ow);
    resizePlanes(planes, res, c, h, w, oh, ow, this.interpolation, true);
    const data = new Uint8Array(oh * ow * c);
    for (let p = 0; p < oh * ow; p++) for (let k = 0; k < c; k++) data[p * c + k] = roundHalfEvenByte(res[k * oh * ow + p]);
    return { data, height: oh, width: ow, channels: c };
  }

  override toString(): string {
    const size = typeof this.size === "number" ? String(this.size) : `[${this.size.join(", ")}]`;
    return `Resize(size=${size}, interpolation=${this.interpolation}, max_size=${this.maxSize ?? "None"}, antialias=False)`;
  }
}

/** torch.round (half to even), then clamped to a byte. */
function roundHalfEvenByte(v: number): number {
  let r = Math.round(v);
  if (r - v === 0.5 && r % 2 !== 0) r -= 1;
  return Math.min(255, Math.max(0, r));
}
