/** Data points coloured by label: the tutorial's first look at make_circles. */
import { classDomain, labelsOf, pointCount, pointsOf, type Points2D, type Values1D } from "./data.js";
import { Figure } from "./figure.js";
import { topLevel, type FigureOptions } from "./layout.js";
import { pointsLayer } from "./points.js";
import { evenIndices, MAX_POINTS, sampledNote } from "./sample.js";
import { maxOf } from "../util/extremes.js";

export interface ScatterOptions extends FigureOptions {
  /** Axis titles (default ["X1", "X2"]). */
  featureNames?: [string, string];
  /** Legend entries for classes 0, 1, ... (default the class indices). */
  classNames?: string[];
  /** Legend title (default "Class"). */
  legendTitle?: string;
  palette?: string[];
}

/** `plt.scatter(X[:, 0], X[:, 1], c=y)`: points of `X` ([N, 2]) coloured by their class in `y`. */
export function scatter(X: Points2D, y?: Values1D, opts: ScatterOptions = {}): Figure {
  const n = pointCount(X, "scatter");
  const keep = evenIndices(n, MAX_POINTS);
  const points = pointsOf(X, "scatter", keep);
  const allLabels = y === undefined ? null : labelsOf(y, n, "scatter");
  const numClasses = allLabels ? maxOf(allLabels, 0) + 1 : 1;
  const labels = allLabels ? (keep ? keep.map((i) => allLabels[i]) : allLabels) : points.map(() => 0);
  const layer = pointsLayer({
    name: "points",
    points,
    labels,
    classNames: y === undefined ? ["data"] : classDomain(numClasses, opts.classNames, "scatter"),
    featureNames: opts.featureNames ?? ["X1", "X2"],
    legendTitle: opts.legendTitle ?? (y === undefined ? "" : "Class"),
    palette: opts.palette,
  });
  if (y === undefined) layer.encoding = { ...layer.encoding, color: { value: (opts.palette ?? ["#0072B2"])[0] }, shape: { value: "circle" } };
  return new Figure({
    ...topLevel(opts.title ?? "Data", keep ? sampledNote(keep.length, n) : undefined),
    width: opts.width ?? 400,
    height: opts.height ?? 400,
    layer: [layer],
  });
}
