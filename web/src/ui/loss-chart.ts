/**
 * Two charts by epoch, train solid blue and test dashed orange: the loss, and beside it the
 * accuracy (for regression, R²). The loss goes from 0 to the largest loss drawn, or on a log scale from the
 * smallest to the largest (a slow late decline shows). On the linear scale a spike (a value
 * over three times the median of the eight before it) does not set the top: it is cut at
 * the top edge and the chart says so, so one bad epoch does not flatten the rest. Both
 * have gridlines at round values, labelled, and epoch ticks. Drawn from a LossSummary, so
 * their cost stays the same however long the run.
 */
import type { EpochRecord } from "../engine/session.js";
import { LossSummary, type LossPoint, type SeriesName } from "./loss-summary.js";
import { CLASS_COLORS, css } from "./palette.js";
import { fitCanvas } from "./canvas.js";

const PAD = { left: 44, right: 10, top: 10, bottom: 30 };
const SPIKE = 3;
const WINDOW = 8;
/** The lowest R² the chart shows. */
const R2_FLOOR = -1;

/** Round steps (1, 2 or 5 × 10ᵏ) from 0 to the first at or above `max`, about `n` of them. */
export function niceTicks(max: number, n: number): number[] {
  if (!(max > 0)) return [0];
  const raw = max / n, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  const last = Math.ceil(max / step - 1e-9);
  for (let i = 0; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** Ticks of a log axis between lo and hi: the powers of ten, with 2× and 5× when it spans less than two decades. */
export function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  const few = Math.log10(hi / lo) < 2;
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of few ? [1, 2, 5] : [1]) {
      const v = m * 10 ** k;
      if (v >= lo && v <= hi) out.push(Number(v.toPrecision(12)));
    }
  }
  return out;
}

/** A short label: 0.05, 1.2, 3e-4, 2k. */
export function shortNumber(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 10000) return `${Number((v / 1000).toPrecision(3))}k`;
  if (a < 0.001) return v.toExponential(0).replace("e-", "e−");
  return String(Number(v.toPrecision(3)));
}

/** The largest value of the series that is not a spike over the values before it, and whether any was cut. */
export function robustTop(points: readonly LossPoint[], keys: readonly SeriesName[]): { top: number; cut: boolean } {
  let top = 0, cut = false;
  for (const key of keys) {
    const prev: number[] = [];
    for (const p of points) {
      const v = p[key];
      if (!Number.isFinite(v)) continue;
      if (prev.length >= 3) {
        const sorted = [...prev].sort((a, b) => a - b);
        const median = sorted[Math.floor(sorted.length / 2)];
        if (v > SPIKE * median) {
          cut = true;
          prev.push(v);
          if (prev.length > WINDOW) prev.shift();
          continue;
        }
      }
      if (v > top) top = v;
      prev.push(v);
      if (prev.length > WINDOW) prev.shift();
    }
  }
  return { top, cut };
}

interface Axes {
  ctx: CanvasRenderingContext2D;
  x: (epoch: number) => number;
  y: (v: number) => number;
  ph: number;
  width: number;
}

export class LossChart {
  private summary = new LossSummary();
  private log = false;
  private regression = false;

  constructor(private readonly lossCanvas: HTMLCanvasElement, private readonly accCanvas: HTMLCanvasElement) {}

  /** Log scale on or off; the caller redraws. */
  setLog(on: boolean): void {
    this.log = on;
  }

  /** R² beside the loss instead of the accuracy; the caller redraws. */
  setRegression(on: boolean): void {
    this.regression = on;
  }

  reset(): void {
    this.summary = new LossSummary();
  }

  add(records: readonly EpochRecord[]): void {
    for (const r of records) this.summary.add(r);
  }

  draw(): void {
    const rs = this.summary.points();
    const lastEpoch = Math.max(1, rs.length > 0 ? rs[rs.length - 1].epoch : 1);
    this.drawLoss(rs, lastEpoch);
    if (this.regression) this.drawR2(rs, lastEpoch);
    else this.drawAccuracy(rs, lastEpoch);
  }

  private drawLoss(rs: LossPoint[], lastEpoch: number): void {
    let top = 1e-6, bottom = Infinity;
    for (const r of rs) {
      for (const v of [r.trainLoss, r.testLoss]) {
        if (!Number.isFinite(v)) continue;
        if (v > top) top = v;
        if (v > 0 && v < bottom) bottom = v;
      }
    }
    let note = "";
    let ticks: number[];
    let yMin: number, yMax: number;
    if (this.log) {
      yMax = top * 1.2;
      // The bottom is the smallest positive loss (a decade below the top at least).
      yMin = Math.min(Number.isFinite(bottom) ? bottom / 1.2 : top / 10, top / 10);
      ticks = logTicks(yMin, yMax);
    } else {
      const robust = robustTop(rs, ["trainLoss", "testLoss"]);
      if (robust.cut && robust.top > 0) note = `spikes cut (highest ${shortNumber(top)})`;
      yMin = 0;
      ticks = niceTicks(Math.max(robust.cut ? robust.top : top, 1e-6) * 1.05, 4);
      yMax = ticks[ticks.length - 1];
    }
    const span = Math.log(yMax / yMin);
    const y = this.log
      ? (v: number): number => (Math.log(Math.min(Math.max(v, yMin), yMax) / yMin) / span)
      : (v: number): number => Math.min(v, yMax) / yMax;
    const axes = this.frame(this.lossCanvas, lastEpoch, y, ticks, "loss");
    this.line(axes, rs, "trainLoss", css(CLASS_COLORS[0]), []);
    this.line(axes, rs, "testLoss", css(CLASS_COLORS[1]), [6, 3]);
    if (note) this.note(axes, note);
  }

  private drawAccuracy(rs: LossPoint[], lastEpoch: number): void {
    // From the tens below the lowest accuracy drawn up to 100 %, so the late gains are visible.
    let low = 100;
    for (const r of rs) for (const v of [r.trainAcc, r.testAcc]) if (Number.isFinite(v) && v < low) low = v;
    const step = 100 - Math.floor(low / 10) * 10 > 50 ? 20 : 10;
    const yMin = Math.min(100 - step, Math.floor(low / step) * step);
    const ticks: number[] = [];
    for (let v = yMin; v <= 100; v += step) ticks.push(v);
    if (ticks[ticks.length - 1] !== 100) ticks.push(100);
    const y = (v: number): number => (Math.min(Math.max(v, yMin), 100) - yMin) / (100 - yMin);
    const axes = this.frame(this.accCanvas, lastEpoch, y, ticks, "%");
    this.line(axes, rs, "trainAcc", css(CLASS_COLORS[0]), []);
    this.line(axes, rs, "testAcc", css(CLASS_COLORS[1]), [6, 3]);
  }

  /**
   * R² up to 1, from the step of 0.2 below the lowest value drawn; not below −1, as an
   * untrained model's R² can be far below and would flatten the rest (the chart says so).
   */
  private drawR2(rs: LossPoint[], lastEpoch: number): void {
    let low = 1;
    for (const r of rs) for (const v of [r.trainR2, r.testR2]) if (Number.isFinite(v) && v < low) low = v;
    const yMin = Math.min(0.8, Math.max(R2_FLOOR, Math.floor(low * 5) / 5));
    const step = 1 - yMin > 1 ? 0.5 : 0.2;
    const ticks: number[] = [];
    for (let v = 1; v >= yMin - 1e-9; v -= step) ticks.unshift(Number(v.toPrecision(12)));
    const y = (v: number): number => (Math.min(Math.max(v, yMin), 1) - yMin) / (1 - yMin);
    const axes = this.frame(this.accCanvas, lastEpoch, y, ticks, "R²");
    this.line(axes, rs, "trainR2", css(CLASS_COLORS[0]), []);
    this.line(axes, rs, "testR2", css(CLASS_COLORS[1]), [6, 3]);
    // At the bottom, where the cut values are (and a learning curve has left).
    if (low < R2_FLOOR) this.note(axes, `below ${shortNumber(R2_FLOOR)} cut (lowest ${shortNumber(low)})`, "bottom");
  }

  /** A note in the top or bottom right corner of the plot. */
  private note({ ctx, width, ph }: Axes, text: string, where: "top" | "bottom" = "top"): void {
    ctx.fillStyle = "#555";
    ctx.textAlign = "right";
    ctx.textBaseline = where;
    ctx.fillText(text, width - PAD.right, where === "top" ? PAD.top + 2 : PAD.top + ph - 3);
  }

  /** Clears a canvas and draws its frame, gridlines and labels; `unit` maps a value to 0 (bottom) … 1 (top). */
  private frame(canvas: HTMLCanvasElement, lastEpoch: number, unit: (v: number) => number, yTicks: number[], title: string): Axes {
    const { ctx, width, height } = fitCanvas(canvas);
    ctx.clearRect(0, 0, width, height);
    const pw = width - PAD.left - PAD.right, ph = height - PAD.top - PAD.bottom;
    const x = (e: number): number => PAD.left + (e / lastEpoch) * pw;
    const y = (v: number): number => PAD.top + ph - unit(v) * ph;
    ctx.font = "11px system-ui, sans-serif";
    ctx.lineWidth = 1;
    ctx.fillStyle = "#333";
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const t of yTicks) {
      const ty = Math.round(y(t)) + 0.5;
      ctx.strokeStyle = "#e3e3df";
      ctx.beginPath();
      ctx.moveTo(PAD.left, ty);
      ctx.lineTo(PAD.left + pw, ty);
      ctx.stroke();
      ctx.fillText(shortNumber(t), PAD.left - 4, ty);
    }
    ctx.strokeStyle = "#999";
    ctx.beginPath();
    ctx.moveTo(PAD.left + 0.5, PAD.top);
    ctx.lineTo(PAD.left + 0.5, PAD.top + ph + 0.5);
    ctx.lineTo(PAD.left + pw, PAD.top + ph + 0.5);
    ctx.stroke();
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const xTicks = niceTicks(lastEpoch, Math.max(2, Math.floor(pw / 60))).filter((t) => t <= lastEpoch);
    for (const t of xTicks) {
      const tx = Math.round(x(t)) + 0.5;
      ctx.strokeStyle = "#999";
      ctx.beginPath();
      ctx.moveTo(tx, PAD.top + ph);
      ctx.lineTo(tx, PAD.top + ph + 3);
      ctx.stroke();
      ctx.fillText(shortNumber(t), tx, PAD.top + ph + 4);
    }
    ctx.textAlign = "right";
    ctx.fillStyle = "#555";
    ctx.fillText("epoch", PAD.left + pw, PAD.top + ph + 16);
    ctx.textAlign = "left";
    ctx.fillText(title, 2, PAD.top + ph + 16);
    return { ctx, x, y, ph, width };
  }

  private line({ ctx, x, y }: Axes, rs: LossPoint[], key: SeriesName, color: string, dash: number[]): void {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.setLineDash(dash);
    ctx.beginPath();
    let started = false;
    for (const r of rs) {
      if (!Number.isFinite(r[key])) continue;
      if (started) ctx.lineTo(x(r.epoch), y(r[key]));
      else ctx.moveTo(x(r.epoch), y(r[key]));
      started = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }
}
