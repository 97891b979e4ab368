/**
 * The tutorial's plot_predictions (learnpytorch 01): training data, testing data and,
 * when given, the model's predictions on the testing inputs, for one-feature regression.
 */
import { ShapeError } from "../errors.js";
import { valuesOf, type Values1D } from "./data.js";
import { Figure } from "./figure.js";
import { topLevel, type FigureOptions } from "./layout.js";
import { pointSize } from "./points.js";
import { evenIndices, MAX_POINTS, sampledNote } from "./sample.js";

export interface PredictionsOptions extends FigureOptions {
  /** Axis titles (default ["X", "y"]). */
  axisTitles?: [string, string];
}

/** The series and their colours: the tutorial's blue, green and red, from Okabe–Ito. */
const SERIES = [
  { name: "Training data", color: "#0072B2", shape: "circle" },
  { name: "Testing data", color: "#009E73", shape: "square" },
  { name: "Predictions", color: "#D55E00", shape: "triangle-up" },
] as const;

interface Pairs {
  rows: { x: number; y: number; series: string }[];
  total: number;
}

/** A series' points, an even sample of at most MAX_POINTS of them. */
function pairs(x: Values1D, y: Values1D, series: string): Pairs {
  const xs = valuesOf(x, `plotPredictions (${series} inputs)`);
  const ys = valuesOf(y, `plotPredictions (${series} values)`);
  if (xs.length !== ys.length) throw new ShapeError(`plotPredictions: ${series} has ${xs.length} inputs but ${ys.length} values`);
  const keep = evenIndices(xs.length, MAX_POINTS) ?? xs.map((_, i) => i);
  return { rows: keep.map((i) => ({ x: xs[i], y: ys[i], series })), total: xs.length };
}

export function plotPredictions(
  trainData: Values1D, trainLabels: Values1D, testData: Values1D, testLabels: Values1D,
  predictions?: Values1D | null, opts: PredictionsOptions = {},
): Figure {
  const parts = [
    pairs(trainData, trainLabels, SERIES[0].name),
    pairs(testData, testLabels, SERIES[1].name),
    ...(predictions ? [pairs(testData, predictions, SERIES[2].name)] : []),
  ];
  const rows = parts.flatMap((p) => p.rows);
  const total = parts.reduce((t, p) => t + p.total, 0);
  const shown = predictions ? SERIES : SERIES.slice(0, 2);
  const [xTitle, yTitle] = opts.axisTitles ?? ["X", "y"];
  return new Figure({
    ...topLevel(opts.title ?? (predictions ? "Predictions" : "Training and testing data"), rows.length < total ? sampledNote(rows.length, total) : undefined),
    width: opts.width ?? 560,
    height: opts.height ?? 380,
    data: { values: rows },
    name: "points",
    mark: { type: "point", filled: true, size: Math.max(30, pointSize(rows.length)), opacity: 0.9 },
    encoding: {
      x: { field: "x", type: "quantitative", title: xTitle, scale: { zero: false } },
      y: { field: "y", type: "quantitative", title: yTitle, scale: { zero: false } },
      color: { field: "series", type: "nominal", title: null, scale: { domain: shown.map((s) => s.name), range: shown.map((s) => s.color) } },
      shape: { field: "series", type: "nominal", title: null, scale: { domain: shown.map((s) => s.name), range: shown.map((s) => s.shape) } },
    },
  });
}
