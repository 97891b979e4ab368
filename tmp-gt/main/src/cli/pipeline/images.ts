/**
 * Image data for `kindling train` and `predict`: Fashion-MNIST from its IDX files, scikit-
 * learn's digits as 1×8×8 images, or a folder per class of PNG / JPEG files. Pixels become
 * floats in [0, 1] as transforms.ToTensor makes them ([N, C, H, W]); no other scaling.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as kd from "../../index.js";
import { convertImage, decodeImage, type ImageMode } from "../../data/vision/decode.js";
import type { RawImage } from "../../data/vision/image.js";
import { UsageError } from "../errors.js";

export const IMAGE_DATA = ["fashion-mnist"] as const;
export const MODELS = ["mlp", "tinyvgg"] as const;
export type ModelName = (typeof MODELS)[number];

export interface ImageSplit {
  name: string;
  Xtrain: kd.Tensor;
  ytrain: kd.Tensor;
  Xtest: kd.Tensor;
  ytest: kd.Tensor;
  classNames: string[];
  /** One image's shape, [C, H, W]. */
  shape: [number, number, number];
  /** How the split was made, for the run's first line. */
  note: string;
}

/** Bytes (n images of `size` bytes, channels interleaved) → float32 [n, C, H, W] in [0, 1]. */
function toTensor(images: readonly RawImage[], shape: [number, number, number]): kd.Tensor {
  const [c, h, w] = shape, plane = h * w;
  const out = new Float32Array(images.length * c * plane);
  images.forEach((img, i) => {
    const base = i * c * plane, d = img.data;
    for (let p = 0; p < plane; p++) for (let k = 0; k < c; k++) out[base + k * plane + p] = d[p * c + k] / 255;
  });
  return kd.fromArray(out, [images.length, c, h, w]);
}

function labels(ys: ArrayLike<number>): kd.Tensor {
  return kd.fromArray(Float64Array.from(ys), [ys.length], { dtype: "int64" });
}

/**
 * Fashion-MNIST's own split (60,000 training and 10,000 test images); `samples` keeps the
 * first `samples` training images and the first ⌈samples / 6⌉ test images (the same ratio).
 */
function fashionMnist(samples: number | undefined): ImageSplit {
  const train = new kd.datasets.FashionMNIST({ train: true });
  const test = new kd.datasets.FashionMNIST({ train: false });
  const nTrain = Math.min(train.len(), samples ?? train.len());
  const nTest = Math.min(test.len(), samples === undefined ? test.len() : Math.ceil(samples / 6));
  const pick = (ds: typeof train, n: number) => {
    const images = Array.from({ length: n }, (_, i) => ds.image(i));
    return [toTensor(images, [1, 28, 28]), labels(ds.targets.data.subarray(0, n))] as const;
  };
  const [Xtrain, ytrain] = pick(train, nTrain);
  const [Xtest, ytest] = pick(test, nTest);
  const note = samples === undefined ? "its own split" : `the first ${nTrain} training and ${nTest} test images (--samples)`;
  return { name: "fashion-mnist", Xtrain, ytrain, Xtest, ytest, classNames: [...train.classes], shape: [1, 28, 28], note };
}

function split(name: string, X: kd.Tensor, y: kd.Tensor, testSize: number, seed: number): Pick<ImageSplit, "Xtrain" | "ytrain" | "Xtest" | "ytest" | "note"> {
  const n = X.shape[0], nTest = Math.ceil(testSize * n);
  if (n - nTest < 2 || nTest < 1) throw new UsageError(`--test-size ${testSize} leaves ${n - nTest} of ${n} images of ${name} for training and ${nTest} for testing`);
  const [Xtrain, Xtest, ytrain, ytest] = kd.data.trainTestSplit(X, y, { testSize, randomState: seed }) as kd.Tensor[];
  return { Xtrain, ytrain, Xtest, ytest, note: `a random ${kd.format(testSize, ".0%")} test split by --seed` };
}

/**
 * `--samples` for a data set without a split of its own (digits, a folder): the indices of
 * a random `samples` of its `n` images, drawn with the seed and kept in the data set's
 * order; null for all of them. Asking for more images than there are is an error, not a
 * silent cap.
 */
function pickSamples(n: number, samples: number | undefined, seed: number, what: string): number[] | null {
  if (samples === undefined || samples === n) return null;
  if (samples > n) throw new UsageError(`--samples ${samples}: ${what} has ${n} images`);
  const generator = new kd.Generator().manualSeed(seed);
  return Array.from(kd.randperm(n, { generator }).data.subarray(0, samples)).sort((a, b) => a - b);
}

/** How --samples shaped the data, for the run's first line. */
const samplesNote = (picked: readonly number[] | null, n: number): string => (picked ? `; ${picked.length} of its ${n} images drawn by --seed (--samples)` : "");

/** scikit-learn's digits as [1797, 1, 8, 8] images, 0..16 → [0, 1]. */
function digits(testSize: number, seed: number, samples: number | undefined): ImageSplit {
  const d = kd.datasets.loadDigits({ asImages: true });
  let X = d.data.float().div(16), y = d.target.long();
  const n = X.shape[0];
  const picked = pickSamples(n, samples, seed, "digits");
  if (picked) {
    const idx = kd.tensor(picked, { dtype: "int64" });
    [X, y] = [X.indexSelect(0, idx), y.indexSelect(0, idx)];
  }
  const parts = split("digits", X, y, testSize, seed);
  return { name: "digits", ...parts, note: parts.note + samplesNote(picked, n), classNames: d.targetNames.map(String), shape: [1, 8, 8] };
}

/** PNG / JPEG bytes → the model's mode: grey for one channel, else RGB. */
export function imageMode(channels: number): ImageMode {
  return channels === 1 ? "L" : "RGB";
}

/** Every image of one size, or a usage error naming the first that differs. */
function sameSize(images: readonly RawImage[], files: readonly string[]): [number, number] {
  const [h, w] = [images[0].height, images[0].width];
  const odd = images.findIndex((im) => im.height !== h || im.width !== w);
  if (odd >= 0) {
    throw new UsageError(
      `${files[odd]} is ${images[odd].width}×${images[odd].height} pixels but ${files[0]} is ${w}×${h}; ` +
      "the images of one run must share a size: resize them first",
    );
  }
  return [h, w];
}

/** A grey image: stored grey (PNG grey, grey + alpha), or RGB with R = G = B in every pixel (a grey JPEG decodes so). */
function isGrey(img: RawImage): boolean {
  if (img.channels <= 2) return true;
  const d = img.data, c = img.channels;
  for (let i = 0; i < d.length; i += c) if (d[i] !== d[i + 1] || d[i] !== d[i + 2]) return false;
  return true;
}

/**
 * A folder per class (kd.data.ImageFolder's order), decoded once: one grey channel when
 * every image is grey, else RGB, as PIL's convert would make them.
 */
function folder(dir: string, testSize: number, seed: number, samples: number | undefined): ImageSplit {
  let ds: kd.data.ImageFolder;
  try {
    ds = new kd.data.ImageFolder(dir);
  } catch (e) {
    throw new UsageError(`--images ${dir}: ${(e as Error).message.replace(/^ImageFolder: /, "")}`);
  }
  // With --samples only the images drawn are decoded.
  const picked = pickSamples(ds.samples.length, samples, seed, dir);
  const chosen = picked ? picked.map((i) => ds.samples[i]) : ds.samples;
  const files = chosen.map(([f]) => f);
  const raw = files.map((f) => decodeImage(readFileSync(f), f));
  const mode = raw.every(isGrey) ? "L" : "RGB";
  const images = raw.map((im) => convertImage(im, mode));
  const [h, w] = sameSize(images, files);
  const shape: [number, number, number] = [mode === "L" ? 1 : 3, h, w];
  const parts = split(dir, toTensor(images, shape), labels(chosen.map(([, k]) => k)), testSize, seed);
  return { name: dir, ...parts, note: parts.note + samplesNote(picked, ds.samples.length), classNames: [...ds.classes], shape };
}

export interface ImageSource {
  data: string;
  images?: string;
  samples?: number;
  testSize: number;
  seed: number;
}

/** The image data a run asked for (the caller has checked that it is image data). */
export function loadImageData(o: ImageSource): ImageSplit {
  if (o.images !== undefined) return folder(o.images, o.testSize, o.seed, o.samples);
  if (o.data === "fashion-mnist") {
    try {
      return fashionMnist(o.samples);
    } catch (e) {
      throw new UsageError(`--data fashion-mnist: ${(e as Error).message}`);
    }
  }
  if (o.data === "digits") return digits(o.testSize, o.seed, o.samples);
  throw new UsageError(`--data ${o.data} is not image data; --model tinyvgg takes --data fashion-mnist, --data digits or --images DIR`);
}

/** Image files for `predict`: decoded, converted to the model's channels, checked against its size. */
export function readImageFiles(files: readonly string[], shape: readonly number[]): kd.Tensor {
  const [c, h, w] = shape;
  const images = files.map((f) => {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(f);
    } catch (e) {
      throw new UsageError(`cannot read ${f}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
    }
    const img = convertImage(decodeImage(bytes, f), imageMode(c));
    if (img.height !== h || img.width !== w) {
      throw new UsageError(`${f} is ${img.width}×${img.height} pixels; the model takes ${w}×${h} images`);
    }
    return img;
  });
  return toTensor(images, [c, h, w]);
}

/** `--images` arguments for predict: files as given, folders as their image files (sorted, as ImageFolder sorts). */
export function listImageFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    if (!statSync(p, { throwIfNoEntry: false })?.isDirectory()) return [p];
    return readdirSync(p).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort().map((f) => join(p, f));
  });
}
