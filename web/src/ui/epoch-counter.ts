/**
 * The epoch counter and the bar of the epoch under way, painted on a small canvas every
 * frame. Text in the page is the costliest thing a frame can change (each change costs a
 * layout and a repaint several times a canvas update's on a slow machine), so the
 * <output> that screen readers and scripts read is written at most four times a second
 * while training, and at once when training stops; the canvas shows every frame.
 */
import { fitCanvas } from "./canvas.js";

const TEXT_EVERY_MS = 250;

export class EpochCounter {
  private shown = "";
  private textAt = 0;

  constructor(
    private readonly output: HTMLOutputElement,
    private readonly canvas: HTMLCanvasElement,
  ) {}

  show(epoch: number, progress: number, running: boolean): void {
    const text = `Epoch ${epoch}`;
    const now = performance.now();
    if (this.output.textContent !== text && (!running || now - this.textAt >= TEXT_EVERY_MS)) {
      this.output.textContent = text;
      this.textAt = now;
    }
    const key = `${text} ${progress.toFixed(3)}`;
    if (key === this.shown) return;
    this.shown = key;
    const { ctx, width, height } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, width, height);
    const style = getComputedStyle(this.output);
    ctx.font = `${style.fontSize} ${style.fontFamily}`;
    ctx.fillStyle = "#fff";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(text, width / 2, height / 2);
    ctx.fillStyle = "#2c3e4c";
    ctx.fillRect(4, height - 5, width - 8, 3);
    ctx.fillStyle = "#e69f00";
    ctx.fillRect(4, height - 5, (width - 8) * Math.max(0, Math.min(1, progress)), 3);
  }
}
