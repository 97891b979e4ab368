/** Train and test loss by epoch: train solid blue, test dashed orange, y from 0 to the largest loss seen. */
import type { EpochRecord } from "../engine/session.js";
import { CLASS_COLORS, css } from "./palette.js";
import { fitCanvas } from "./canvas.js";

const PAD = { left: 40, right: 8, top: 8, bottom: 20 };

export class LossChart {
  private records: EpochRecord[] = [];

  constructor(private readonly canvas: HTMLCanvasElement) {}

  reset(): void {
    this.records = [];
  }

  add(records: readonly EpochRecord[]): void {
    for (const r of records) this.records.push(r);
  }

  draw(): void {
    const { ctx, width, height } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, width, height);
    const rs = this.records;
    const pw = width - PAD.left - PAD.right, ph = height - PAD.top - PAD.bottom;
    // A loop, not Math.max(...losses): a long run has more epochs than the stack has room for arguments.
    let top = 1e-6;
    for (const r of rs) {
      if (Number.isFinite(r.trainLoss) && r.trainLoss > top) top = r.trainLoss;
      if (Number.isFinite(r.testLoss) && r.testLoss > top) top = r.testLoss;
    }
    const yMax = top * 1.05;
    const lastEpoch = Math.max(1, rs.length > 0 ? rs[rs.length - 1].epoch : 1);
    const x = (e: number): number => PAD.left + (e / lastEpoch) * pw;
    const y = (v: number): number => PAD.top + ph - (Math.min(v, yMax) / yMax) * ph;

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
    ctx.fillText("0", PAD.left - 4, PAD.top + ph);
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
