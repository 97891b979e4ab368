/** Canvas helpers shared by the views. */

/**
 * Matches the canvas's pixel buffer to its displayed size times the device pixel ratio
 * (sharp on high-density screens) and returns a context scaled to CSS pixels.
 */
export function fitCanvas(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; width: number; height: number } {
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  const w = Math.round(width * dpr), h = Math.round(height * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("this browser gives no 2D canvas");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, width, height };
}

/** Paints a size × size image into `target` (resized to that many pixels), one colour per pixel. */
export function paintPixels(target: HTMLCanvasElement, size: number, pixel: (i: number) => [number, number, number]): void {
  if (target.width !== size || target.height !== size) {
    target.width = size;
    target.height = size;
  }
  const ctx = target.getContext("2d");
  if (!ctx) throw new Error("this browser gives no 2D canvas");
  const img = ctx.createImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    const [r, g, b] = pixel(i);
    img.data[i * 4] = r;
    img.data[i * 4 + 1] = g;
    img.data[i * 4 + 2] = b;
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
