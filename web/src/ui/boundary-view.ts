/**
 * The decision boundary: the model's class probabilities over the plotted region as a
 * heat map (colour = predicted class, intensity = how sure); for regression the predicted
 * value as a continuous blue–white–orange map (the points coloured by their values on it), with the training points
 * as circles (those drawn by hand ringed in black) and the test points as diamonds on top, and a few axis ticks. The points
 * and axes are drawn once per run (and size) into a layer that each new heat map is
 * covered with, so a frame costs two image copies, not a thousand paths.
 */
import type { RunInfo } from "../engine/session.js";
import { DEFAULT_VIEW, type ViewOptions } from "../state/view.js";
import { cellColor, classColor, css, divergingColor, type RGB } from "./palette.js";
import { fitCanvas, paintPixels } from "./canvas.js";

const MARGIN = { left: 46, bottom: 36, top: 6, right: 6 };

/** About five round tick values between lo and hi. */
function ticks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) out.push(Math.abs(v) < step / 1e6 ? 0 : v);
  return out;
}

const fmt = (v: number): string => String(Number(v.toPrecision(3)));

export class BoundaryView {
  private readonly heat = document.createElement("canvas");
  /** The axes and the points, which change only with the run or the size: drawn once, then copied over each new heat map. */
  private readonly overlay = document.createElement("canvas");
  private overlayKey = "";
  private info: RunInfo | null = null;
  private probs: Float32Array | null = null;
  private size = 0;
  private view: ViewOptions = DEFAULT_VIEW;
  /** The canvas's size in CSS pixels at the last draw, to map clicks to the data's coordinates. */
  private drawnSize = { width: 0, height: 0 };

  constructor(private readonly canvas: HTMLCanvasElement) {}

  setRun(info: RunInfo): void {
    this.info = info;
    this.probs = null;
    this.overlayKey = "";
  }

  setProbabilities(probs: Float32Array, size: number): void {
    this.probs = probs;
    this.size = size;
    const k = this.info?.nClasses ?? 2, discrete = this.view.discretize;
    // Regression: the value on the diverging scale; discretized, only its sign.
    if (this.info?.regression) paintPixels(this.heat, size, (i) => divergingColor(discrete ? Math.sign(probs[i]) : probs[i]));
    else paintPixels(this.heat, size, (i) => cellColor(probs, i * k, k, discrete));
  }

  /** Shows or hides the test points, or discretizes the heat map; the caller redraws. */
  setView(view: ViewOptions): void {
    const repaint = view.discretize !== this.view.discretize;
    this.view = view;
    this.overlayKey = "";
    if (repaint && this.probs) this.setProbabilities(this.probs, this.size);
  }

  /** The data's coordinates under a point of the canvas (CSS pixels from its top left), or null outside the plot. */
  toData(offsetX: number, offsetY: number): { x: number; y: number } | null {
    if (!this.info) return null;
    const { width, height } = this.drawnSize;
    const s = plotScale(this.info.domain, width, height);
    if (offsetX < MARGIN.left || offsetY < MARGIN.top || offsetX > MARGIN.left + s.pw || offsetY > MARGIN.top + s.ph) return null;
    return { x: s.x(offsetX), y: s.y(offsetY) };
  }

  /** Where a point of the data is on the canvas, in CSS pixels. */
  toCanvas(x: number, y: number): { x: number; y: number } {
    const s = plotScale(this.info?.domain ?? { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, this.drawnSize.width, this.drawnSize.height);
    return { x: s.px(x), y: s.py(y) };
  }

  draw(): void {
    const { ctx, width, height } = fitCanvas(this.canvas);
    this.drawnSize = { width, height };
    ctx.clearRect(0, 0, width, height);
    const info = this.info;
    if (!info) return;
    const pw = width - MARGIN.left - MARGIN.right, ph = height - MARGIN.top - MARGIN.bottom;
    if (this.probs && this.size > 0) {
      // Bilinear ("low") is as smooth as bicubic for a 64-cell map and far cheaper in software rendering.
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = "low";
      ctx.drawImage(this.heat, MARGIN.left, MARGIN.top, pw, ph);
    }
    const dpr = window.devicePixelRatio || 1;
    const key = `${width}x${height}@${dpr}:${this.view.showTest}`;
    if (key !== this.overlayKey) {
      this.overlay.width = Math.round(width * dpr);
      this.overlay.height = Math.round(height * dpr);
      const o = this.overlay.getContext("2d");
      if (!o) throw new Error("this browser gives no 2D canvas");
      o.setTransform(dpr, 0, 0, dpr, 0, 0);
      drawOverlay(o, info, width, height, this.view.showTest);
      this.overlayKey = key;
    }
    ctx.drawImage(this.overlay, 0, 0, width, height);
  }
}

/** The plot's mapping between the data's coordinates and the canvas's CSS pixels. */
function plotScale(d: RunInfo["domain"], width: number, height: number): { px: (x: number) => number; py: (y: number) => number; x: (px: number) => number; y: (py: number) => number; pw: number; ph: number } {
  const pw = width - MARGIN.left - MARGIN.right, ph = height - MARGIN.top - MARGIN.bottom;
  return {
    pw, ph,
    px: (x) => MARGIN.left + ((x - d.xMin) / (d.xMax - d.xMin)) * pw,
    py: (y) => MARGIN.top + ((d.yMax - y) / (d.yMax - d.yMin)) * ph,
    x: (px) => d.xMin + ((px - MARGIN.left) / pw) * (d.xMax - d.xMin),
    y: (py) => d.yMax - ((py - MARGIN.top) / ph) * (d.yMax - d.yMin),
  };
}

/** The frame, ticks, axis titles and the train and (if shown) test points, over a transparent background. */
function drawOverlay(ctx: CanvasRenderingContext2D, info: RunInfo, width: number, height: number, showTest: boolean): void {
  const d = info.domain;
  const { px, py, pw, ph } = plotScale(d, width, height);

  ctx.strokeStyle = "#555";
  ctx.lineWidth = 1;
  ctx.strokeRect(MARGIN.left + 0.5, MARGIN.top + 0.5, pw - 1, ph - 1);

  ctx.fillStyle = "#333";
  ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const t of ticks(d.xMin, d.xMax)) ctx.fillText(fmt(t), px(t), MARGIN.top + ph + 4);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of ticks(d.yMin, d.yMax)) ctx.fillText(fmt(t), MARGIN.left - 4, py(t));

  // Axis titles: the feature names (a CSV's column names, or x₁ and x₂).
  const [xName, yName] = info.featureNames;
  ctx.font = "12px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText(xName, MARGIN.left + pw / 2, height - 2);
  ctx.save();
  ctx.translate(12, MARGIN.top + ph / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(yName, 0, 0);
  ctx.restore();

  ctx.save();
  ctx.beginPath();
  ctx.rect(MARGIN.left, MARGIN.top, pw, ph);
  ctx.clip();
  const r = Math.max(2.5, Math.min(4.5, pw / 110));
  const generated = info.trainLabels.length - info.drawnCount;
  // A point's colour: its class's, or for regression its value's on the heat map's scale.
  const train = (i: number): RGB => (info.regression ? divergingColor(info.trainValues[i]) : classColor(info.trainLabels[i]));
  const test = (i: number): RGB => (info.regression ? divergingColor(info.testValues[i]) : classColor(info.testLabels[i]));
  drawPoints(ctx, info.trainPoints.subarray(0, 2 * generated), (i) => train(i), px, py, r, "train");
  drawPoints(ctx, info.trainPoints.subarray(2 * generated), (i) => train(generated + i), px, py, r * 1.3, "drawn");
  if (showTest) drawPoints(ctx, info.testPoints, test, px, py, r * 1.15, "test");
  ctx.restore();
}

function drawPoints(
  ctx: CanvasRenderingContext2D, pts: Float32Array, color: (i: number) => RGB,
  px: (x: number) => number, py: (y: number) => number, r: number, kind: "train" | "test" | "drawn",
): void {
  ctx.lineWidth = kind === "train" ? 1 : kind === "test" ? 1.4 : 2;
  ctx.strokeStyle = kind === "train" ? "#fff" : "#111";
  for (let i = 0; i < pts.length / 2; i++) {
    const x = px(pts[2 * i]), y = py(pts[2 * i + 1]);
    ctx.fillStyle = css(color(i));
    ctx.beginPath();
    if (kind !== "test") ctx.arc(x, y, r, 0, 2 * Math.PI);
    else {
      ctx.moveTo(x, y - r * 1.3);
      ctx.lineTo(x + r * 1.1, y);
      ctx.lineTo(x, y + r * 1.3);
      ctx.lineTo(x - r * 1.1, y);
      ctx.closePath();
    }
    ctx.fill();
    ctx.stroke();
  }
}
