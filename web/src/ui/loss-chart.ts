/**
 * Train and test loss by epoch: train solid blue, test dashed orange, y from 0 to the
 * largest loss drawn, or on a log scale from the smallest to the largest (so a spike does
 * not flatten the rest, and a slow late decline shows). Drawn from a LossSummary, so its cost stays the same however long
 * the run.
 */
import type { EpochRecord } from "../engine/session.js";
import { LossSummary } from "./loss-summary.js";
import { CLASS_COLORS, css } from "./palette.js";
import { fitCanvas } from "./canvas.js";

const PAD = { left: 40, right: 8, top: 8, bottom: 20 };

export class LossChart {
  private summary = new LossSummary();
  private log = false;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  /** Log scale on or off; the caller redraws. */
  setLog(on: boolean): void {
    this.log = on;
  }

  reset(): void {
    this.summary = new LossSummary();
  }

  add(records: readonly EpochRecord[]): void {
    for (const r of records) this.summary.add(r);
  }

  draw(): void {
    const { ctx, width, height } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, width, height);
    const rs = this.summary.points();
    const pw = width - PAD.left - PAD.right, ph = height - PAD.top - PAD.bottom;
    let top = 1e-6, bottom = Infinity;
    for (const r of rs) {
      for (const v of [r.trainLoss, r.testLoss]) {
        if (!Number.isFinite(v)) continue;
        if (v > top) top = v;
        if (v > 0 && v < bottom) bottom = v;
      }
    }
    const yMax = this.log ? top * 1.2 : top * 1.05;
    // On a log scale the bottom is the smallest positive loss (a decade below the top at least).
    const yMin = this.log ? Math.min(Number.isFinite(bottom) ? bottom / 1.2 : top / 10, top / 10) : 0;
    const lastEpoch = Math.max(1, rs.length > 0 ? rs[rs.length - 1].epoch : 1);
    const x = (e: number): number => PAD.left + (e / lastEpoch) * pw;
    const span = Math.log(yMax / yMin);
    const y = this.log
      ? (v: number): number => PAD.top + ph - (Math.log(Math.min(Math.max(v, yMin), yMax) / yMin) / span) * ph
      : (v: number): number => PAD.top + ph - (Math.min(v, yMax) / yMax) * ph;

    ctx.strokeStyle = "#999";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(PAD.left + 0.5, PAD.top);
    ctx.lineTo(PAD.left + 0.5, PAD.top + ph + 0.5);
    ctx.lineTo(PAD.left + pw, PAD.top + ph + 0.5);
    ctx.stroke();
    ctx.fillStyle = "#333";
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ctx.fillText(yMax.toPrecision(2), PAD.left - 4, PAD.top + 4);
    ctx.fillText(this.log ? yMin.toPrecision(2) : "0", PAD.left - 4, PAD.top + ph);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText("0", PAD.left, PAD.top + ph + 4);
    ctx.fillText(`epoch ${lastEpoch}`, PAD.left + pw - 24, PAD.top + ph + 4);

    const line = (key: "trainLoss" | "testLoss", color: string, dash: number[]): void => {
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
    };
    line("trainLoss", css(CLASS_COLORS[0]), []);
    line("testLoss", css(CLASS_COLORS[1]), [6, 3]);
  }
}
