/**
 * torchvision's ImageFolder: a folder per class of image files,
 *
 *   root/pizza/1.png, root/pizza/sub/2.jpg, root/steak/3.jpeg, ...
 *
 * Classes are the sub-folders' names sorted as Python sorts strings (by code point);
 * samples are each class's files in the order torchvision's `make_dataset` walks them
 * (the class's folders sorted by path, each folder's files sorted by name, sub-folders
 * included). Items are `[image, classIndex]`, the image decoded when the item is read and
 * converted to RGB as torchvision's default loader does (`{ mode: "L" }` for grey).
 */
import { FileFormatError, ValueError } from "../../errors.js";
import { Dataset } from "../loader/dataset.js";
import { convertImage, decodeImage, type ImageMode } from "./decode.js";
import type { RawImage } from "./image.js";
import { nodeModule } from "./idx.js";

export interface ImageFolderOptions<X, Y> {
  /** Applied to each image (e.g. `new kd.transforms.ToTensor()`). */
  transform?: ((img: RawImage) => X) | null;
  /** Applied to each class index. */
  targetTransform?: ((label: number) => Y) | null;
  /** PIL's mode the images are converted to: "RGB" (default, torchvision's loader) or "L" (grey). */
  mode?: ImageMode;
  /**
   * The file endings taken as images, case-insensitively (default `.png`, `.jpg`, `.jpeg`);
   * other files are left out. Kindling decodes PNG and JPEG only.
   */
  extensions?: readonly string[];
  /** Keep a class folder that holds no image (default false: an error, as torchvision raises). */
  allowEmpty?: boolean;
}

const DEFAULT_EXTENSIONS = [".png", ".jpg", ".jpeg"];
/** Endings torchvision also reads (through PIL), which Kindling does not decode. */
const OTHER_IMAGE_EXTENSIONS = [".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp", ".gif"];

/** Python's string order: by code point (JavaScript's < compares UTF-16 units, which differs past U+FFFF). */
export function pythonOrder(a: string, b: string): number {
  const x = Array.from(a, (ch) => ch.codePointAt(0) as number), y = Array.from(b, (ch) => ch.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

export class ImageFolder<X = RawImage, Y = number> extends Dataset<[X, Y]> {
  readonly root: string;
  /** The class names: the sub-folders of root, sorted. */
  readonly classes: readonly string[];
  /** Class name → index (torchvision's `class_to_idx`). */
  readonly classToIdx: Readonly<Record<string, number>>;
  /** Every image file with its class index, in order. */
  readonly samples: readonly (readonly [string, number])[];
  /** The class index of every sample. */
  readonly targets: readonly number[];
  readonly mode: ImageMode;
  readonly extensions: readonly string[];
  readonly transform: ((img: RawImage) => X) | null;
  readonly targetTransform: ((label: number) => Y) | null;

  constructor(root: string, opts: ImageFolderOptions<X, Y> = {}) {
    super();
    const fs = nodeModule<typeof import("node:fs")>("node:fs", "ImageFolder");
    const path = nodeModule<typeof import("node:path")>("node:path", "ImageFolder");
    this.root = root;
    this.mode = opts.mode ?? "RGB";
    if (this.mode !== "RGB" && this.mode !== "L") throw new ValueError(`ImageFolder: mode must be "RGB" or "L", got ${JSON.stringify(opts.mode)}`);
    this.transform = opts.transform ?? null;
    this.targetTransform = opts.targetTransform ?? null;
    const explicit = opts.extensions !== undefined;
    this.extensions = (opts.extensions ?? DEFAULT_EXTENSIONS).map((e) => e.toLowerCase());
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new ValueError(`ImageFolder: ${root} is not a folder`);

    // Sub-folders (links to folders too: torchvision follows them).
    const isDir = (p: string): boolean => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
    const classes = fs.readdirSync(root).filter((name) => isDir(path.join(root, name))).sort(pythonOrder);
    if (classes.length === 0) throw new ValueError(`ImageFolder: couldn't find any class folder in ${root} (expected one sub-folder of images per class)`);
    this.classes = classes;
    this.classToIdx = Object.fromEntries(classes.map((c, i) => [c, i]));

    const samples: [string, number][] = [];
    const empty: string[] = [];
    classes.forEach((cls, idx) => {
      const before = samples.length;
      for (const file of this.walk(path.join(root, cls), fs, path)) {
        const lower = file.toLowerCase();
        if (this.extensions.some((e) => lower.endsWith(e))) samples.push([file, idx]);
        else if (!explicit && OTHER_IMAGE_EXTENSIONS.some((e) => lower.endsWith(e))) {
          throw new ValueError(
            `ImageFolder: ${file} is an image type Kindling does not decode (it reads PNG and JPEG); ` +
            "convert it, remove it, or pass { extensions } to choose the files taken",
          );
        }
      }
      if (samples.length === before) empty.push(cls);
    });
    if (empty.length > 0 && !opts.allowEmpty) {
      throw new ValueError(
        `ImageFolder: found no valid file for the classes ${empty.join(", ")}. Supported extensions are: ${this.extensions.join(", ")} ` +
        "(pass { allowEmpty: true } to keep empty classes)",
      );
    }
    this.samples = samples;
    this.targets = samples.map((s) => s[1]);
  }

  /** A class folder's files as torchvision's make_dataset lists them: folders by path, then files by name. */
  private walk(dir: string, fs: typeof import("node:fs"), path: typeof import("node:path")): string[] {
    const folders: [string, string[]][] = [];
    const visit = (d: string, seen: Set<string>): void => {
      const real = fs.realpathSync(d);
      // A link back up the tree would loop for ever (os.walk with followlinks would too).
      if (seen.has(real)) return;
      const inner = new Set(seen).add(real);
      const files: string[] = [];
      for (const name of fs.readdirSync(d)) {
        const p = path.join(d, name);
        const st = fs.statSync(p, { throwIfNoEntry: false });
        if (st?.isDirectory()) visit(p, inner);
        else if (st?.isFile()) files.push(name);
      }
      folders.push([d, files.sort(pythonOrder)]);
    };
    visit(dir, new Set());
    folders.sort((a, b) => pythonOrder(a[0], b[0]));
    return folders.flatMap(([d, files]) => files.map((f) => path.join(d, f)));
  }

  len(): number {
    return this.samples.length;
  }

  /** Reads and decodes one file in the data set's mode (torchvision's `loader`). */
  loader(file: string): RawImage {
    const fs = nodeModule<typeof import("node:fs")>("node:fs", "ImageFolder");
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      throw new FileFormatError(`${file}: cannot be read (${(e as Error).message})`);
    }
    return convertImage(decodeImage(bytes, file), this.mode);
  }

  getItem(index: number): [X, Y] {
    const n = this.len();
    if (!Number.isInteger(index) || index < -n || index >= n) throw new RangeError(`index ${index} is out of range for a data set of ${n} images`);
    const [file, label] = this.samples[index < 0 ? index + n : index];
    const img = this.loader(file);
    const x = this.transform ? this.transform(img) : (img as unknown as X);
    const y = this.targetTransform ? this.targetTransform(label) : (label as unknown as Y);
    return [x, y];
  }
}
