/** Canvas helpers shared by the views. */

/**
 * Displayed sizes, kept up to date by a ResizeObserver: reading clientWidth in every
 * animation frame would force a layout of the page each time (after the epoch counter
 * and the stats changed), which is most of a frame's cost on a slow machine.
 */
const sizes = new WeakMap<Element, { width: number; height: number }>();
let onResize: () => void = () => {};
const watcher = typeof ResizeObserver === "undefined" ? null : new ResizeObserver((entries) => {
  for (const e of entries) sizes.set(e.target, { width: e.contentRect.width, height: e.contentRect.height });
  onResize();
});

/** Calls `redraw` when a canvas drawn with fitCanvas changes its displayed size. */
export function whenCanvasResized(redraw: () => void): void {
  onResize = redraw;
}

/**
 * Matches the canvas's pixel buffer to its displayed size times the device pixel ratio
 * (sharp on high-density screens) and returns a context scaled to CSS pixels.
 */
export function fitCanvas(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; width: number; height: number } {
  const dpr = window.devicePixelRatio || 1;
  let size = sizes.get(canvas);
  if (!size) {
    size = { width: canvas.clientWidth, height: canvas.clientHeight };
    sizes.set(canvas, size);
    watcher?.observe(canvas);
  }
  const width = size.width || canvas.width;
  const height = size.height || canvas.height;
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
