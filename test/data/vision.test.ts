/**
 * kd.datasets.MNIST / FashionMNIST on small IDX files made here (gzipped or not, in
 * torchvision's and Debian's layouts), the real Fashion-MNIST when Debian's package is
 * installed, and kd.transforms against PyTorch's draws (scripts/fixtures/vision.py).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { readFixture } from "../nn/fixture-utils.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "kindling-idx-"));
  dirs.push(d);
  return d;
}

/** n images of h × w whose pixel (i, y, x) is (i·7 + y·w + x) mod 256, labels i mod 10. */
function writeSet(folder: string, prefix: "train" | "t10k", n: number, h: number, w: number, gz: boolean): void {
  mkdirSync(folder, { recursive: true });
  const px = new Uint8Array(n * h * w).map((_, k) => (Math.floor(k / (h * w)) * 7 + (k % (h * w))) % 256);
  const labels = new Uint8Array(n).map((_, i) => i % 10);
  const ext = gz ? ".gz" : "";
  kd.datasets.writeIdx(join(folder, `${prefix}-images-idx3-ubyte${ext}`), [n, h, w], px);
  kd.datasets.writeIdx(join(folder, `${prefix}-labels-idx1-ubyte${ext}`), [n], labels);
}

describe("MNIST and FashionMNIST read IDX files without downloading anything", () => {
  it("torchvision's layout <root>/FashionMNIST/raw, gzipped: items, targets, classes", () => {
    const root = tempDir();
    writeSet(join(root, "FashionMNIST", "raw"), "train", 50, 28, 28, true);
    const ds = new kd.datasets.FashionMNIST({ root, train: true });
    expect(ds.len()).toBe(50);
    expect(ds.classes).toEqual(["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]);
    expect(ds.classToIdx["Ankle boot"]).toBe(9);
    const [img, label] = ds.getItem(13);
    expect(label).toBe(3);
    expect([img.height, img.width, img.channels]).toEqual([28, 28, 1]);
    expect(img.data[5]).toBe((13 * 7 + 5) % 256);
    expect(ds.targets.dtype).toBe("int64");
    expect(Array.from(ds.targets.data.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(ds.getItem(-1)[1]).toBe(9);
    expect(() => ds.getItem(50)).toThrow(RangeError);
  });

  it("Debian's flat layout, not gzipped, test split, with ToTensor: float32 [1, 28, 28] in [0, 1]; a DataLoader batches [32, 1, 28, 28]", () => {
    const root = tempDir();
    writeSet(root, "t10k", 70, 28, 28, false);
    const ds = new kd.datasets.MNIST({ root, train: false, transform: new kd.transforms.ToTensor() });
    expect(ds.classes[3]).toBe("3 - three");
    const [x, y] = ds.getItem(2);
    expect(x.dtype).toBe("float32");
    expect([...x.shape]).toEqual([1, 28, 28]);
    expect(x.data[30]).toBeCloseTo(((2 * 7 + 30) % 256) / 255, 7);
    expect(y).toBe(2);
    const loader = new kd.data.DataLoader(ds, { batchSize: 32, shuffle: false });
    const batches = [...loader];
    expect(batches.length).toBe(3);
    const [xb, yb] = batches[0];
    expect([...xb.shape]).toEqual([32, 1, 28, 28]);
    expect(yb.dtype).toBe("int64");
    expect([...batches[2][0].shape]).toEqual([6, 1, 28, 28]);
  });

  it("missing files: the error names where it looked, says nothing is downloaded, and gives the apt-get hint", () => {
    const root = tempDir();
    let msg = "";
    try {
      new kd.datasets.FashionMNIST({ root, train: false });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toContain("t10k-images-idx3-ubyte");
    expect(msg).toContain(join(root, "FashionMNIST", "raw"));
    expect(msg).toContain("never downloads");
    expect(msg).toContain("apt-get install dataset-fashion-mnist");
  });

  it("a truncated or foreign file is one clear error naming it", () => {
    const root = tempDir();
    writeSet(root, "train", 5, 4, 4, false);
    const bad = join(root, "train-images-idx3-ubyte");
    writeFileSync(bad, Buffer.from([0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 4, 0, 0, 0, 4, 1, 2, 3]));
    expect(() => new kd.datasets.MNIST({ root })).toThrow(`${bad}: not an IDX file of unsigned bytes (its header promises 5 × 4 × 4 = 80 bytes of data, but it has 3: truncated or corrupt)`);
    writeFileSync(bad, "hello, world");
    expect(() => new kd.datasets.MNIST({ root })).toThrow(/not an IDX file/);
    writeSet(root, "train", 5, 4, 4, false);
    kd.datasets.writeIdx(join(root, "train-labels-idx1-ubyte"), [4], new Uint8Array(4));
    expect(() => new kd.datasets.MNIST({ root })).toThrow("holds 5 images but");
  });

  it("the real Fashion-MNIST from Debian's dataset-fashion-mnist: 60,000 and 10,000 images, or the install hint where it is not installed", () => {
    let train: kd.datasets.FashionMNIST | null = null;
    try {
      train = new kd.datasets.FashionMNIST();
    } catch (e) {
      expect((e as Error).message).toContain("apt-get install dataset-fashion-mnist");
      return;
    }
    expect(train.len()).toBe(60000);
    expect([train.imageHeight, train.imageWidth]).toEqual([28, 28]);
    // The first training image is an ankle boot, as in every Fashion-MNIST tutorial.
    expect(train.classes[train.getItem(0)[1]]).toBe("Ankle boot");
    expect(new kd.datasets.FashionMNIST({ train: false }).len()).toBe(10000);
  });
});

interface VisionFixture {
  image: number[];
  flips: number[][];
  flipsP: number[][];
  crops: { top: number; left: number; values: number[] }[];
  cropsPadded: { top: number; left: number; values: number[] }[];
  normalized: number[];
}
const fx = readFixture<VisionFixture>("data/vision.json");

describe("kd.transforms as torchvision's, with PyTorch's draws after the same seed", () => {
  const img = (): kd.Tensor => kd.fromArray(Float32Array.from(fx.image), [1, 5, 6]);
  const T = kd.transforms;

  it("RandomHorizontalFlip: one torch.rand(1) per image", () => {
    for (const [seed, p, want] of [[0, 0.5, fx.flips], [3, 0.8, fx.flipsP]] as const) {
      kd.manualSeed(seed);
      const flip = new T.RandomHorizontalFlip(p);
      for (const w of want) expect(Array.from((flip(img()) as kd.Tensor).data)).toEqual(w.map(Math.fround));
    }
  });

  it("RandomCrop, with and without zero padding: the corner drawn with torch.randint", () => {
    for (const [seed, size, padding, want] of [[1, [3, 4], 0, fx.crops], [2, [5, 5], 2, fx.cropsPadded]] as const) {
      kd.manualSeed(seed);
      const crop = new T.RandomCrop(size, { padding });
      for (const w of want) expect(Array.from((crop(img()) as kd.Tensor).data)).toEqual(w.values.map(Math.fround));
    }
  });

  it("a generator of its own leaves the global stream alone, and a RawImage flips and crops as its tensor does", () => {
    kd.manualSeed(0);
    const before = kd.rand([3]);
    kd.manualSeed(0);
    const g = new kd.Generator().manualSeed(0);
    const flip = new T.RandomHorizontalFlip(1, { generator: g });
    const raw: kd.datasets.RawImage = { data: Uint8Array.from({ length: 30 }, (_, i) => i), height: 5, width: 6, channels: 1 };
    const flipped = flip(raw) as kd.datasets.RawImage;
    expect(Array.from(flipped.data.subarray(0, 6))).toEqual([5, 4, 3, 2, 1, 0]);
    expect(Array.from(kd.rand([3]).data)).toEqual(Array.from(before.data));
    const viaTensor = new T.ToTensor()(flipped);
    expect(Array.from(viaTensor.data.subarray(0, 2))).toEqual([5 / 255, 4 / 255].map(Math.fround));
  });

  it("ToTensor, Normalize and Compose: uint8 HWC → float CHW, then (x − mean) / std per channel", () => {
    const raw: kd.datasets.RawImage = { data: Uint8Array.from([0, 255, 51, 102, 153, 204]), height: 1, width: 2, channels: 3 };
    const t = new T.ToTensor()(raw);
    expect([...t.shape]).toEqual([3, 1, 2]);
    expect(Array.from(t.data)).toEqual([0, 102 / 255, 1, 153 / 255, 51 / 255, 204 / 255].map(Math.fround));
    const pipeline = new T.Compose([new T.ToTensor(), new T.Normalize([0.5], [0.25])]);
    const n = pipeline(img()) as kd.Tensor;
    n.data.forEach((v, i) => expect(v).toBeCloseTo(fx.normalized[i], 6));
    expect(String(pipeline)).toBe("Compose(\n    ToTensor()\n    Normalize(mean=[0.5], std=[0.25])\n)");
    expect(() => new T.Normalize([0.5, 0.5], [0.2, 0.2])(img())).toThrow("mean has 2 values for 1 channels");
  });
});
