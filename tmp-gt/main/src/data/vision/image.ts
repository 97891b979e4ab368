/**
 * An 8-bit image as a data set hands it out before any transform: rows of pixels with
 * the channels interleaved (height × width × channels, as a PIL image or a numpy array
 * holds it). `transforms.ToTensor` turns it into a float32 [C, H, W] tensor in [0, 1].
 */
export interface RawImage {
  readonly data: Uint8Array;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

export function isRawImage(x: unknown): x is RawImage {
  const r = x as Partial<RawImage> | null;
  return typeof r === "object" && r !== null && r.data instanceof Uint8Array &&
    Number.isInteger(r.height) && Number.isInteger(r.width) && Number.isInteger(r.channels);
}
