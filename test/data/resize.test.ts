/**
 * kd.transforms.Resize against torchvision's tensor path replayed in real PyTorch
 * (scripts/fixtures/resize.py: the output-size rule, then F.interpolate bilinear with
 * align_corners=False and no antialiasing, or nearest): float32, float64, batched and
 * uint8 (RawImage) images, shrinking and enlarging, int sizes, [h, w] and max_size.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { readFixture } from "../nn/fixture-utils.js";

interface ResizeCase {
  dtype: "float32" | "float64" | "uint8";
  shape: number[];
  input: number[];
  size: number | number[];
  mode: "bilinear" | "nearest";
  maxSize: number | null;
  outShape: number[];
  output: number[];
}
const fx = readFixture<{ cases: ResizeCase[]; weights: { in: number; out: number; alongW: number[]; alongH: number[] }[] }>("data/resize.json");
const T = kd.transforms;

function run(c: ResizeCase): { shape: number[]; values: number[] } {
  const resize = new T.Resize(c.size, { interpolation: c.mode, maxSize: c.maxSize, antialias: false });
  if (c.dtype === "uint8") {
    // [C, H, W] bytes as the RawImage a decoder gives (H, W, C interleaved).
    const [ch, h, w] = c.shape;
    const data = new Uint8Array(h * w * ch);
    for (let k = 0; k < ch; k++) for (let p = 0; p < h * w; p++) data[p * ch + k] = c.input[k * h * w + p];
    const out = resize({ data, height: h, width: w, channels: ch }) as kd.datasets.RawImage;
    const values: number[] = [];
    for (let k = 0; k < ch; k++) for (let p = 0; p < out.height * out.width; p++) values.push(out.data[p * ch + k]);
    return { shape: [ch, out.height, out.width], values };
  }
  const out = resize(kd.tensor(c.input, { dtype: c.dtype }).reshape(c.shape)) as kd.Tensor;
  expect(out.dtype).toBe(c.dtype);
  return { shape: [...out.shape], values: Array.from(out.data) };
}

describe("transforms.Resize as torchvision's tensor path", () => {
  it("has every fixture case (both modes, each kind of image)", () => {
    expect(fx.cases.length).toBe(28);
  });

  for (const c of fx.cases) {
    const name = `${c.mode} ${c.dtype} [${c.shape.join(", ")}] → size ${JSON.stringify(c.size)}${c.maxSize ? ` max_size ${c.maxSize}` : ""}`;
    it(name, () => {
      const got = run(c);
      expect(got.shape).toEqual(c.outShape);
      if (c.mode === "nearest") {
        expect(got.values).toEqual(c.output);
        return;
      }
      // Bilinear: PyTorch's CPU kernel rounds its float32 weights and sums in an order of
      // its own (vectorized), so values agree to float32 precision of the image's range
      // rather than bit for bit; a byte may then round the other way at a half.
      let range = 0;
      for (const v of c.input) range = Math.max(range, Math.abs(v));
      const tol = c.dtype === "uint8" ? 1 : c.dtype === "float32" ? 4e-7 * range : 1e-15 * range;
      let off = 0;
      got.values.forEach((v, i) => {
        if (v !== c.output[i]) off++;
        if (Math.abs(v - c.output[i]) > tol) throw new Error(`${name}: index ${i}: ${v} vs PyTorch's ${c.output[i]}`);
      });
      // At most a few bytes of a uint8 image round differently.
      if (c.dtype === "uint8") expect(off).toBeLessThanOrEqual(Math.ceil(got.values.length / 200));
    });
  }

  it("computes PyTorch's bilinear taps and weights bit for bit (one-hot images, float32)", () => {
    for (const c of fx.weights) {
      const eye = kd.eye(c.in);
      const alongW = new T.Resize([1, c.out])(eye.reshape([c.in, 1, c.in])) as kd.Tensor;
      const alongH = new T.Resize([c.out, 1])(eye.reshape([c.in, c.in, 1])) as kd.Tensor;
      expect(Array.from(alongW.data), `${c.in} → ${c.out} along the width`).toEqual(c.alongW);
      expect(Array.from(alongH.data), `${c.in} → ${c.out} along the height`).toEqual(c.alongH);
    }
  });

  it("hands back an image that already has the size, and prints as torchvision", () => {
    const x = kd.rand([1, 4, 6]);
    expect(new T.Resize([4, 6])(x)).toBe(x);
    expect(new T.Resize(4)(x)).toBe(x);
    expect(String(new T.Resize(64))).toBe("Resize(size=64, interpolation=bilinear, max_size=None, antialias=False)");
    expect(String(new T.Resize([32, 48], { interpolation: "nearest" }))).toBe("Resize(size=[32, 48], interpolation=nearest, max_size=None, antialias=False)");
  });

  it("refuses what it does not do, with torchvision's messages where it has them", () => {
    expect(() => new T.Resize([1, 2, 3])).toThrow("If size is a sequence, it should have 1 or 2 values, got 3");
    expect(() => new T.Resize([4, 4], { maxSize: 9 })).toThrow("max_size should only be passed if size specifies the length of the smaller edge");
    expect(() => new T.Resize(8, { maxSize: 8 })(kd.rand([1, 4, 6]))).toThrow("max_size = 8 must be strictly greater than the requested size for the smaller edge size = 8");
    expect(() => new T.Resize(8, { antialias: true })).toThrow("antialias=True is not supported");
    expect(() => new T.Resize(8, { interpolation: "bicubic" as "bilinear" })).toThrow("interpolation 'bicubic' is not supported");
    expect(() => new T.Resize(0)).toThrow("size should be positive integers");
    expect(() => new T.Resize(3)(kd.ones([1, 4, 6], { dtype: "int64" }))).toThrow("expected a float32 or float64 tensor image");
  });

  it("goes in a Compose before ToTensor, as chapter 04 uses it on decoded images", () => {
    const raw: kd.datasets.RawImage = { data: Uint8Array.from({ length: 2 * 3 * 3 }, (_, i) => i * 10), height: 2, width: 3, channels: 3 };
    const t = new T.Compose([new T.Resize([4, 6]), new T.ToTensor()])(raw);
    expect([...t.shape]).toEqual([3, 4, 6]);
  });
});
