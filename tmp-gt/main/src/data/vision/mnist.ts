/**
 * torchvision's MNIST and FashionMNIST: 28×28 grey images and their class, read from the
 * IDX files already on disk. Nothing is ever downloaded. The files are looked for, gzipped
 * or not, where torchvision keeps them (`<root>/<Name>/raw/`), directly in `root`, and, for
 * Fashion-MNIST without a root, where Debian's `dataset-fashion-mnist` package installs
 * them (`/usr/share/datasets/fashion-mnist/`).
 */
import { FileFormatError, ValueError } from "../../errors.js";
import { fromArray } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Dataset } from "../loader/dataset.js";
import type { RawImage } from "./image.js";
import { nodeModule, readIdx } from "./idx.js";

export interface MNISTOptions<X, Y> {
  /** The folder holding the files (torchvision's root). Default: Debian's folder for Fashion-MNIST. */
  root?: string;
  /** The 60,000 training images (default) or the 10,000 test images. */
  train?: boolean;
  /** Applied to each image (e.g. `new kd.transforms.ToTensor()`). */
  transform?: ((img: RawImage) => X) | null;
  /** Applied to each label. */
  targetTransform?: ((label: number) => Y) | null;
}

const DEBIAN_FASHION = "/usr/share/datasets/fashion-mnist";

abstract class MNISTLike<X, Y> extends Dataset<[X, Y]> {
  /** The class names, as torchvision names them. */
  abstract readonly classes: readonly string[];
  readonly root: string;
  readonly train: boolean;
  /** The folder the files were read from. */
  readonly folder: string;
  /** Every label, int64 [n]. */
  readonly targets: Tensor;
  /** Every image's pixels, n × 28 × 28 bytes. */
  readonly images: Uint8Array;
  readonly imageHeight: number;
  readonly imageWidth: number;
  readonly transform: ((img: RawImage) => X) | null;
  readonly targetTransform: ((label: number) => Y) | null;
  private readonly labels: Uint8Array;

  protected constructor(name: string, debianFolder: string | null, aptPackage: string | null, opts: MNISTOptions<X, Y>) {
    super();
    this.train = opts.train ?? true;
    this.transform = opts.transform ?? null;
    this.targetTransform = opts.targetTransform ?? null;
    const root = opts.root ?? debianFolder;
    if (root === null) throw new ValueError(`${name}: give the folder holding the IDX files as { root }`);
    this.root = root;
    const prefix = this.train ? "train" : "t10k";
    const wanted = [`${prefix}-images-idx3-ubyte`, `${prefix}-labels-idx1-ubyte`];
    const path = nodeModule<typeof import("node:path")>("node:path", name);
    const fs = nodeModule<typeof import("node:fs")>("node:fs", name);
    const folders = [path.join(root, name, "raw"), root];
    const find = (folder: string, base: string): string | null => {
      for (const f of [base, `${base}.gz`]) if (fs.existsSync(path.join(folder, f))) return path.join(folder, f);
      return null;
    };
    const folder = folders.find((f) => wanted.every((w) => find(f, w) !== null));
    if (!folder) {
      const hint = aptPackage
        ? ` On Debian or Ubuntu, \`apt-get install ${aptPackage}\` installs them in ${debianFolder}.`
        : "";
      throw new ValueError(
        `${name}: the ${this.train ? "training" : "test"} files ${wanted.join(" and ")} (or .gz) are not in ${folders.join(" or ")}. ` +
        `Kindling never downloads data: put the IDX files there (torchvision's ${name}(root, download=True) leaves them in <root>/${name}/raw/).${hint}`,
      );
    }
    this.folder = folder;
    const imagesFile = find(folder, wanted[0]) as string, labelsFile = find(folder, wanted[1]) as string;
    const images = readIdx(imagesFile), labels = readIdx(labelsFile);
    if (images.shape.length !== 3) throw new FileFormatError(`${imagesFile}: expected images [n, rows, cols], found shape [${images.shape.join(", ")}]`);
    if (labels.shape.length !== 1) throw new FileFormatError(`${labelsFile}: expected labels [n], found shape [${labels.shape.join(", ")}]`);
    if (images.shape[0] !== labels.shape[0]) {
      throw new FileFormatError(`${imagesFile} holds ${images.shape[0]} images but ${labelsFile} holds ${labels.shape[0]} labels`);
    }
    const classes = this.classCount();
    for (let i = 0; i < labels.data.length; i++) {
      if (labels.data[i] >= classes) throw new FileFormatError(`${labelsFile}: label ${labels.data[i]} at position ${i} is not a class (0–${classes - 1})`);
    }
    [, this.imageHeight, this.imageWidth] = images.shape;
    this.images = images.data;
    this.labels = labels.data;
    this.targets = fromArray(Float64Array.from(labels.data), [labels.data.length], { dtype: "int64" });
  }

  protected abstract classCount(): number;

  len(): number {
    return this.labels.length;
  }

  /** Image i as bytes (before the transform). */
  image(index: number): RawImage {
    const size = this.imageHeight * this.imageWidth;
    return { data: this.images.subarray(index * size, (index + 1) * size), height: this.imageHeight, width: this.imageWidth, channels: 1 };
  }

  getItem(index: number): [X, Y] {
    const n = this.len();
    if (!Number.isInteger(index) || index < -n || index >= n) throw new RangeError(`index ${index} is out of range for a data set of ${n} images`);
    const i = index < 0 ? index + n : index;
    const img = this.image(i);
    const label = this.labels[i];
    const x = this.transform ? this.transform(img) : (img as unknown as X);
    const y = this.targetTransform ? this.targetTransform(label) : (label as unknown as Y);
    return [x, y];
  }

  /** Class name → index (torchvision's class_to_idx). */
  get classToIdx(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }
}

/** The handwritten digits. */
export class MNIST<X = RawImage, Y = number> extends MNISTLike<X, Y> {
  readonly classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"] as const;

  constructor(opts: MNISTOptions<X, Y> = {}) {
    super("MNIST", null, null, opts);
  }

  protected classCount(): number {
    return 10;
  }
}

/** Zalando's clothing images, MNIST's drop-in replacement. */
export class FashionMNIST<X = RawImage, Y = number> extends MNISTLike<X, Y> {
  readonly classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"] as const;

  constructor(opts: MNISTOptions<X, Y> = {}) {
    super("FashionMNIST", DEBIAN_FASHION, "dataset-fashion-mnist", opts);
  }

  protected classCount(): number {
    return 10;
  }
}
