/**
 * The tutorial's plot_predictions (learnpytorch 01): training data, testing data and,
 * when given, the model's predictions on the testing inputs, for one-feature regression.
 */
import { ShapeError } from "../errors.js";
import { valuesOf, type Values1D } from "./data.js";
import { Figure } from "./figure.js";
import { topLevel, type FigureOptions } from "./layout.js";
import { pointSize } from "./points.js";

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

function pairs(x: Values1D, y: Values1D, series: string): { x: number; y: number; series: string }[] {
  const xs = valuesOf(x, `plotPredictions (${series} inputs)`);
  const ys = valuesOf(y, `plotPredictions (${series} values)`);
  if (xs.length !== ys.length) throw new ShapeError(`plotPredictions: ${series} has ${xs.length} inputs but ${ys.length} values`);
  return xs.map((v, i) => ({ x: v, y: ys[i], series }));
}

export function plotPredictions(
  trainData: Values1D, trainLabels: Values1D, testData: Values1D, testLabels: Values1D,
  predictions?: Values1D | null, opts: PredictionsOptions = {},
): Figure {
  const rows = [
    ...pairs(trainData, trainLabels, SERIES[0].name),
    ...pairs(testData, testLabels, SERIES[1].name),
    ...(predictions ? pairs(testData, predictions, SERIES[2].name) : []),
  ];
  const shown = predictions ? SERIES : SERIES.slice(0, 2);
  const [xTitle, yTitle] = opts.axisTitles ?? ["X", "y"];
  return new Figure({
    ...topLevel(opts.title ?? (predictions ? "Predictions" : "Training and testing data")),
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
