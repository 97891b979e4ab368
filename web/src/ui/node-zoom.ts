/**
 * A node's map shown large beside it while the pointer is over it or it has focus (a tap
 * on a phone focuses it), with a line saying what it is; it follows the live picture.
 */
export class NodeZoom {
  private readonly box = document.createElement("div");
  private readonly canvas = document.createElement("canvas");
  private readonly text = document.createElement("p");
  private source: HTMLCanvasElement | null = null;

  /** `container` is the positioned element the zoom floats in. */
  constructor(private readonly container: HTMLElement) {
    this.box.className = "node-zoom";
    this.box.id = "node-zoom";
    this.box.hidden = true;
    this.box.setAttribute("role", "status");
    this.canvas.width = this.canvas.height = 160;
    this.canvas.setAttribute("aria-hidden", "true");
    this.box.append(this.canvas, this.text);
  }

  show(anchor: HTMLElement, source: HTMLCanvasElement, caption: string): void {
    this.source = source;
    this.text.textContent = caption;
    // Appended on demand: the drawing's rebuild empties the container.
    if (this.box.parentElement !== this.container) this.container.append(this.box);
    this.box.hidden = false;
    this.refresh();
    // Beside the node: to its right when the zoom fits there, else to its left.
    const c = this.container.getBoundingClientRect(), a = anchor.getBoundingClientRect();
    const w = this.box.offsetWidth;
    const right = a.right - c.left + 8;
    const left = right + w <= c.width ? right : Math.max(0, a.left - c.left - 8 - w);
    this.box.style.left = `${left}px`;
    this.box.style.top = `${Math.max(0, a.top - c.top + a.height / 2 - this.box.offsetHeight / 2)}px`;
  }

  hide(): void {
    this.source = null;
    this.box.hidden = true;
  }

  /** Copies the node's current map, smoothed, into the large canvas. */
  refresh(): void {
    const src = this.source;
    if (!src || this.box.hidden) return;
    const ctx = this.canvas.getContext("2d");
    if (!ctx) return;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(src, 0, 0, this.canvas.width, this.canvas.height);
  }
}
