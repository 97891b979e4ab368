/**
 * The arithmetic of transforms.Resize, as torchvision resizes a tensor image: the output
 * size from `size` and `max_size` (torchvision's rule for the smaller edge), then
 * F.interpolate with align_corners=False and no antialiasing, bilinear or nearest.
 *
 * The coordinates and weights are computed in the image's floating type (float32 for a
 * float32 image, as PyTorch's CPU kernel computes them in its opmath type), each step
 * rounded as it would be in that type: the same weights as PyTorch's, bit for bit
 * (test/data/resize.test.ts). The bilinear sums agree to a float32 rounding or two, not
 * bit for bit: PyTorch's vectorized kernel groups them its own way.
 */
import { ValueError } from "../../errors.js";

export type ResizeInterpolation = "bilinear" | "nearest";

/** [new height, new width] for an h × w image (torchvision's _compute_resized_output_size). */
export function resizedSize(h: number, w: number, size: number | readonly number[], maxSize: number | null): [number, number] {
  const sizes = typeof size === "number" ? [size] : size;
  if (sizes.length === 2) return [sizes[0], sizes[1]];
  const requested = sizes[0];
  const [short, long] = w <= h ? [w, h] : [h, w];
  // Python's int(a * long / short): a float quotient, truncated.
  let newShort = requested, newLong = Math.trunc((requested * long) / short);
  if (maxSize !== null) {
    if (maxSize <= requested) {
      throw new ValueError(`max_size = ${maxSize} must be strictly greater than the requested size for the smaller edge size = ${typeof size === "number" ? size : `[${size.join(", ")}]`}`);
    }
    if (newLong > maxSize) [newShort, newLong] = [Math.trunc((maxSize * newShort) / newLong), maxSize];
  }
  return w <= h ? [newLong, newShort] : [newShort, newLong];
}

/** For each output index, the two source indices and their weights, along one axis of `inSize` → `outSize`. */
function linearTaps(inSize: number, outSize: number, round: (v: number) => number): { i0: Int32Array; i1: Int32Array; w0: Float64Array; w1: Float64Array } {
  const i0 = new Int32Array(outSize), i1 = new Int32Array(outSize);
  const w0 = new Float64Array(outSize), w1 = new Float64Array(outSize);
  const scale = round(inSize / outSize);
  for (let d = 0; d < outSize; d++) {
    // area_pixel_compute_source_index: scale·(d + ½) − ½, not below 0, which PyTorch's
    // x86 build computes as one fused multiply-add: in float64 the product and the
    // difference are exact (a float32 scale times a small half-integer), so rounding
    // once gives the fused result.
    const src = Math.max(round(scale * (d + 0.5) - 0.5), 0);
    const lo = Math.trunc(src);
    i0[d] = lo;
    i1[d] = lo + (lo < inSize - 1 ? 1 : 0);
    const l1 = Math.min(Math.max(round(src - lo), 0), 1);
    w1[d] = l1;
    w0[d] = round(1 - l1);
  }
  return { i0, i1, w0, w1 };
}

/** For each output index, the nearest source index ("nearest" mode: floor(d · scale), PyTorch's shortcuts kept). */
function nearestTaps(inSize: number, outSize: number): Int32Array {
  const idx = new Int32Array(outSize);
  const scale = Math.fround(inSize / outSize);
  for (let d = 0; d < outSize; d++) {
    idx[d] = outSize === inSize ? d : outSize === 2 * inSize ? d >> 1 : Math.min(Math.floor(Math.fround(d * scale)), inSize - 1);
  }
  return idx;
}

/**
 * Resizes `planes` planes of h × w values in `src` into oh × ow planes in `dst`. `float32`
 * rounds every step to float32 (a float32 image); otherwise the steps are float64.
 */
export function resizePlanes(
  src: ArrayLike<number>, dst: { [i: number]: number }, planes: number, h: number, w: number, oh: number, ow: number,
  mode: ResizeInterpolation, float32: boolean,
): void {
  if (mode === "nearest") {
    const ys = nearestTaps(h, oh), xs = nearestTaps(w, ow);
    for (let q = 0, o = 0; q < planes; q++) {
      for (let y = 0; y < oh; y++) {
        const row = (q * h + ys[y]) * w;
        for (let x = 0; x < ow; x++, o++) dst[o] = src[row + xs[x]];
      }
    }
    return;
  }
  const r = float32 ? Math.fround : (v: number): number => v;
  const ty = linearTaps(h, oh, r), tx = linearTaps(w, ow, r);
  for (let q = 0, o = 0; q < planes; q++) {
    const base = q * h * w;
    for (let y = 0; y < oh; y++) {
      const top = base + ty.i0[y] * w, bottom = base + ty.i1[y] * w;
      const h0 = ty.w0[y], h1 = ty.w1[y];
      for (let x = 0; x < ow; x++, o++) {
        const a = tx.i0[x], b = tx.i1[x], w0 = tx.w0[x], w1 = tx.w1[x];
        // Along the width in each of the two rows, then along the height, as PyTorch nests them.
        const t0 = r(r(src[top + a] * w0) + r(src[top + b] * w1));
        const t1 = r(r(src[bottom + a] * w0) + r(src[bottom + b] * w1));
        dst[o] = r(r(t0 * h0) + r(t1 * h1));
      }
    }
  }
}
