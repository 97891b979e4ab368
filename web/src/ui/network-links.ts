/**
 * The links of the network drawing: one line per weight, from the right edge of its
 * source node to the left edge of its target node, orange for a positive weight and blue
 * for a negative one (the neuron maps' colours), thicker and stronger the larger |w|.
 * Drawn on one canvas under the nodes: a few hundred lines cost far less as canvas paths
 * than as SVG elements restyled five times a second. A click is matched to the nearest
 * line (hit()).
 */
import { CLASS_COLORS, css } from "./palette.js";
import { fitCanvas } from "./canvas.js";

/** A node's box in the canvas's CSS pixels. */
export interface NodeBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One weight: Linear layer `layer`, from its input `from` to its output `to`. */
export interface LinkRef {
  layer: number;
  to: number;
  from: number;
}

/** |w| at which a line reaches its full width and strength. */
const FULL = 3;
/** How near (CSS px) a click must fall to a line to pick it. */
const HIT_PX = 6;

export class LinkLayer {
  /** Node boxes per column, inputs first, outputs last. */
  private columns: NodeBox[][] = [];
  private weights: Float32Array | null = null;
  /** Where each Linear layer's [out, in] matrix starts in `weights`. */
  private offsets: number[] = [];
  private selected: LinkRef | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  setColumns(columns: NodeBox[][]): void {
    this.columns = columns;
    this.offsets = [];
    let at = 0;
    for (let l = 0; l + 1 < columns.length; l++) {
      this.offsets.push(at);
      at += columns[l].length * columns[l + 1].length;
    }
  }

  /** The weights in the worker's layout; ignored when their count does not fit the columns (a picture of an older network). */
  setWeights(w: Float32Array): void {
    const n = this.columns.reduce((s, c, l) => s + (l + 1 < this.columns.length ? c.length * this.columns[l + 1].length : 0), 0);
    this.weights = w.length === n ? w : null;
  }

  select(link: LinkRef | null): void {
    this.selected = link;
  }

  weight(link: LinkRef): number | null {
    if (!this.weights || link.layer >= this.offsets.length) return null;
    const fromCount = this.columns[link.layer].length;
    return this.weights[this.offsets[link.layer] + link.to * fromCount + link.from];
  }

  private ends(link: LinkRef): [number, number, number, number] {
    const a = this.columns[link.layer][link.from], b = this.columns[link.layer + 1][link.to];
    return [a.x + a.w, a.y + a.h / 2, b.x, b.y + b.h / 2];
  }

  draw(): void {
    const { ctx, width, height } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, width, height);
    const w = this.weights;
    if (!w) return;
    ctx.lineCap = "round";
    for (let l = 0; l < this.offsets.length; l++) {
      const ins = this.columns[l].length, outs = this.columns[l + 1].length;
      for (let to = 0; to < outs; to++) {
        for (let from = 0; from < ins; from++) {
          const v = w[this.offsets[l] + to * ins + from];
          const s = Number.isFinite(v) ? Math.min(1, Math.abs(v) / FULL) : 0;
          const [x0, y0, x1, y1] = this.ends({ layer: l, to, from });
          ctx.globalAlpha = 0.25 + 0.75 * s;
          ctx.strokeStyle = css(v < 0 ? CLASS_COLORS[0] : CLASS_COLORS[1]);
          ctx.lineWidth = 0.6 + 4 * s;
          ctx.beginPath();
          ctx.moveTo(x0, y0);
          ctx.lineTo(x1, y1);
          ctx.stroke();
        }
      }
    }
    ctx.globalAlpha = 1;
    const sel = this.selected;
    if (sel && sel.layer < this.offsets.length && this.columns[sel.layer][sel.from] && this.columns[sel.layer + 1][sel.to]) {
      const [x0, y0, x1, y1] = this.ends(sel);
      ctx.strokeStyle = "#111";
      ctx.lineWidth = 2;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }

  /** The link nearest to (x, y) in the canvas's CSS pixels, if one passes within a few pixels. */
  hit(x: number, y: number): LinkRef | null {
    let best: LinkRef | null = null, bestD = HIT_PX;
    for (let l = 0; l + 1 < this.columns.length; l++) {
      const ins = this.columns[l].length, outs = this.columns[l + 1].length;
      for (let to = 0; to < outs; to++) {
        for (let from = 0; from < ins; from++) {
          const [x0, y0, x1, y1] = this.ends({ layer: l, to, from });
          if (x < x0 - HIT_PX || x > x1 + HIT_PX) continue;
          const d = segmentDistance(x, y, x0, y0, x1, y1);
          if (d < bestD) {
            bestD = d;
            best = { layer: l, to, from };
          }
        }
      }
    }
    return best;
  }
}

/** Distance from (px, py) to the segment (x0, y0)–(x1, y1). */
export function segmentDistance(px: number, py: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = x1 - x0, dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2));
  return Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
}
