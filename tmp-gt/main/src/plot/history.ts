/**
 * Training curves: loss and accuracy per epoch for the training and the test data, side
 * by side (learnpytorch's helper_functions.plot_loss_curves).
 */
import { ValueError } from "../errors.js";
import { Figure } from "./figure.js";
import { topLevel, type FigureOptions } from "./layout.js";
import { evenIndices, MAX_LINE_POINTS, sampledNote } from "./sample.js";
import type { LayerSpec, UnitSpec } from "./spec-types.js";
import { maxBy } from "../util/extremes.js";

/** One epoch's numbers; any of them may be missing. */
export interface EpochRecord {
  epoch?: number;
  trainLoss?: number;
  testLoss?: number;
  trainAcc?: number;
  testAcc?: number;
}

/** The tutorial's results dict, in camelCase: one array per metric, one entry per epoch. */
export interface HistoryArrays {
  epochs?: readonly number[];
  trainLoss?: readonly number[];
  testLoss?: readonly number[];
  trainAcc?: readonly number[];
  testAcc?: readonly number[];
}

/** Either form: a list of epoch records, or arrays per metric. */
export type History = readonly EpochRecord[] | HistoryArrays;

export interface CurvesOptions extends FigureOptions {
  /** Legend entries for the two series (default ["train", "test"]). */
  seriesNames?: [string, string];
}

interface Row {
  epoch: number;
  value: number;
  split: string;
}

const METRICS = [
  { title: "Loss", train: "trainLoss", test: "testLoss" },
  { title: "Accuracy", train: "trainAcc", test: "testAcc" },
] as const;

function recordsOf(history: History): EpochRecord[] {
  if (Array.isArray(history)) return history.map((r: EpochRecord, i) => ({ ...r, epoch: r.epoch ?? i }));
  const h = history as HistoryArrays;
  const n = maxBy([h.trainLoss, h.testLoss, h.trainAcc, h.testAcc], (a) => a?.length ?? 0, 0);
  return Array.from({ length: n }, (_, i) => ({
    epoch: h.epochs?.[i] ?? i,
    trainLoss: h.trainLoss?.[i], testLoss: h.testLoss?.[i], trainAcc: h.trainAcc?.[i], testAcc: h.testAcc?.[i],
  }));
}

/** Up to this many epochs each gets a marker; past it the markers would merge into a thick band. */
const MARKER_MAX_EPOCHS = 60;

function panel(title: string, rows: Row[], names: [string, string], opts: CurvesOptions, markers: boolean): LayerSpec {
  const x = { field: "epoch", type: "quantitative", title: "Epoch", axis: { tickMinStep: 1, format: "d" } } as const;
  const y = { field: "value", type: "quantitative", title, scale: { zero: false } } as const;
  const color = { field: "split", type: "nominal", title: null, scale: { domain: names, range: ["#0072B2", "#E69F00"] } } as const;
  const line: UnitSpec = {
    name: title.toLowerCase(),
    data: { values: rows },
    mark: { type: "line", strokeWidth: 2 },
    encoding: {
      x, y,
      color: { ...color, legend: { symbolType: "stroke", symbolStrokeWidth: 2.5, symbolSize: 300 } },
      // Dashes tell the series apart without colour.
      strokeDash: { field: "split", type: "nominal", title: null, scale: { domain: names, range: [[1, 0], [6, 3]] } },
    },
  };
  // The epoch markers are a layer of their own so the dashes do not outline them.
  const points: UnitSpec = {
    name: `${title.toLowerCase()}_points`,
    data: { values: rows },
    mark: { type: "point", filled: true, size: 30, opacity: 1 },
    encoding: { x, y, color },
  };
  return { title, width: opts.width ?? 380, height: opts.height ?? 300, layer: markers ? [line, points] : [line] };
}

/** Loss (and accuracy, when recorded) per epoch for training and test data. */
export function plotLossCurves(history: History, opts: CurvesOptions = {}): Figure {
  const all = recordsOf(history);
  // A very long run is drawn through an even sample of its epochs (the last one included).
  const keep = evenIndices(all.length, MAX_LINE_POINTS);
  const records = keep ? keep.map((i) => all[i]) : all;
  const markers = all.length <= MARKER_MAX_EPOCHS;
  const names = opts.seriesNames ?? ["train", "test"];
  const panels = METRICS.map((m) => {
    const rows: Row[] = [];
    for (const r of records) {
      const [a, b] = [r[m.train], r[m.test]];
      if (a !== undefined && Number.isFinite(a)) rows.push({ epoch: r.epoch ?? 0, value: a, split: names[0] });
      if (b !== undefined && Number.isFinite(b)) rows.push({ epoch: r.epoch ?? 0, value: b, split: names[1] });
    }
    return rows.length > 0 ? panel(m.title, rows, names, opts, markers) : undefined;
  }).filter((p) => p !== undefined);
  if (panels.length === 0) {
    throw new ValueError("plotLossCurves: the history has no trainLoss, testLoss, trainAcc or testAcc values to plot");
  }
  const top = topLevel(opts.title ?? "Training curves", keep ? sampledNote(keep.length, all.length, "epochs") : undefined);
  if (panels.length === 1) return new Figure({ ...panels[0], ...top });
  return new Figure({ ...top, hconcat: panels, resolve: { scale: { color: "shared", strokeDash: "shared" } } });
}
