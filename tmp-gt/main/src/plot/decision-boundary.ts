/**
 * Decision boundaries: the model's class over a mesh grid covering the data, drawn as
 * lightly tinted regions, with the data points on top coloured by their true label
 * (learnpytorch's helper_functions.plot_decision_boundary).
 */
import { ValueError } from "../errors.js";
import { classDomain, extents2D, labelsOf, pointCount, pointsOf, type Points2D, type Values1D } from "./data.js";
import { Figure } from "./figure.js";
import { gridPoints, predictClasses, type Predictor } from "./predict.js";
import type { LayerSpec, UnitSpec } from "./spec-types.js";
import { topLevel, type FigureOptions } from "./layout.js";
import { maxBy, minBy } from "../util/extremes.js";
import { pointsLayer } from "./points.js";
import { evenIndices, MAX_POINTS, sampledNote } from "./sample.js";
import { classColors, OKABE_ITO, tint } from "./theme.js";

export interface DecisionBoundaryOptions extends FigureOptions {
  /** Axis titles for the two features (default the tutorial's ["X1", "X2"]). */
  featureNames?: [string, string];
  /** Legend entries for classes 0, 1, ... (default the class indices). */
  classNames?: string[];
  /** Legend title (default "Class"). */
  legendTitle?: string;
  /** Grid points per axis (default 101, as the tutorial's np.linspace(..., 101)). */
  resolution?: number;
  /** Space added around the data on each side, in data units (default 5% of the range, at least 0.1). */
  margin?: number;
  /** Class colours (default Okabe–Ito). */
  palette?: string[];
}

interface Dataset {
  /** The points drawn (all of them, or an even sample of many). */
  points: [number, number][];
  labels: number[];
  /** How many points the data has, and the range of each coordinate over all of them. */
  total: number;
  ranges: [Range2, Range2];
}

type Range2 = [number, number];

function datasetOf(X: Points2D, y: Values1D, what: string): Dataset {
  const total = pointCount(X, what);
  const labels = labelsOf(y, total, what);
  const keep = evenIndices(total, MAX_POINTS);
  return { points: pointsOf(X, what, keep), labels: keep ? keep.map((i) => labels[i]) : labels, total, ranges: extents2D(X) };
}

/** The grid's extent: every dataset's points plus the margin, so panels share axes. */
function gridExtent(sets: readonly Dataset[], margin: number | undefined): [Range2, Range2] {
  const pad = ([lo, hi]: Range2): Range2 => {
    const m = margin ?? Math.max(0.1, 0.05 * (hi - lo));
    return [lo - m, hi + m];
  };
  if (sets.every((s) => s.total === 0)) throw new ValueError("plotDecisionBoundary: there are no points to plot");
  const union = (k: 0 | 1): Range2 => [minBy(sets, (s) => s.ranges[k][0]), maxBy(sets, (s) => s.ranges[k][1])];
  return [pad(union(0)), pad(union(1))];
}

interface Region {
  x: number;
  x2: number;
  y: number;
  y2: number;
  cls: string;
}

/**
 * The predicted classes as rectangles: each grid row's run of equal classes becomes one
 * rectangle, so a 101×101 grid draws a few hundred shapes instead of ten thousand.
 */
function regionsOf(classes: readonly number[], xs: readonly number[], ys: readonly number[], names: readonly string[], [xr, yr]: [Range2, Range2]): Region[] {
  const steps = xs.length;
  const half = (v: readonly number[]) => (v[1] - v[0]) / 2;
  const [hx, hy] = [half(xs), half(ys)];
  const clip = (v: number, [lo, hi]: Range2) => Math.min(hi, Math.max(lo, v));
  const out: Region[] = [];
  for (let r = 0; r < steps; r++) {
    let start = 0;
    for (let c = 1; c <= steps; c++) {
      const i = r * steps;
      if (c < steps && classes[i + c] === classes[i + start]) continue;
      out.push({
        x: clip(xs[start] - hx, xr), x2: clip(xs[c - 1] + hx, xr),
        y: clip(ys[r] - hy, yr), y2: clip(ys[r] + hy, yr),
        cls: names[classes[i + start]],
      });
      start = c;
    }
  }
  return out;
}

interface PanelInput {
  title?: string;
  /** Suffix of the panel's mark names ("points_train"), which must be unique in a figure. */
  key?: string;
  data: Dataset;
}

/** Name of the top-level dataset holding the regions, shared by every panel. */
const REGIONS = "regions";

function panelLayers(panel: PanelInput, ranges: [Range2, Range2], names: string[], opts: DecisionBoundaryOptions): LayerSpec {
  const [f1, f2] = opts.featureNames ?? ["X1", "X2"];
  const palette = classColors(names.length, opts.palette ?? OKABE_ITO);
  const scaleX = { domain: ranges[0], nice: false, zero: false };
  const scaleY = { domain: ranges[1], nice: false, zero: false };
  const regions: UnitSpec = {
    name: panel.key ? `regions_${panel.key}` : "regions",
    data: { name: REGIONS },
    // A hairline stroke in the fill colour hides anti-aliasing seams between rectangles.
    mark: { type: "rect", strokeWidth: 0.6, clip: true },
    encoding: {
      x: { field: "x", type: "quantitative", scale: scaleX, title: f1 },
      x2: { field: "x2" },
      y: { field: "y", type: "quantitative", scale: scaleY, title: f2 },
      y2: { field: "y2" },
      fill: { field: "cls", type: "nominal", scale: { domain: names, range: palette.map((c) => tint(c)) }, legend: null },
      stroke: { field: "cls", type: "nominal", scale: { domain: names, range: palette.map((c) => tint(c)) }, legend: null },
    },
  };
  const points = pointsLayer({
    name: panel.key ? `points_${panel.key}` : "points",
    points: panel.data.points,
    labels: panel.data.labels,
    classNames: names,
    featureNames: [f1, f2],
    legendTitle: opts.legendTitle ?? "Class",
    palette,
    xDomain: ranges[0],
    yDomain: ranges[1],
  });
  const sampled = panel.data.points.length < panel.data.total ? sampledNote(panel.data.points.length, panel.data.total) : undefined;
  const title = panel.title ?? (sampled ? " " : undefined);
  return {
    ...(title ? { title: sampled ? { text: title, subtitle: sampled } : title } : {}),
    width: opts.width ?? 400,
    height: opts.height ?? 400,
    layer: [regions, points],
    resolve: { scale: { fill: "independent", stroke: "independent" } },
  };
}

function build(model: Predictor, panels: PanelInput[], opts: DecisionBoundaryOptions): Figure {
  const steps = opts.resolution ?? 101;
  if (!Number.isInteger(steps) || steps < 2 || steps > 1000) {
    throw new ValueError(`plotDecisionBoundary: resolution must be a whole number in [2, 1000], got ${steps}`);
  }
  const ranges = gridExtent(panels.map((p) => p.data), opts.margin);
  const grid = gridPoints(ranges[0], ranges[1], steps);
  const classes = predictClasses(model, grid.batch);
  let maxClass = 0;
  for (const c of classes) maxClass = Math.max(maxClass, c);
  for (const p of panels) for (const l of p.data.labels) maxClass = Math.max(maxClass, l);
  const names = classDomain(maxClass + 1, opts.classNames, "plotDecisionBoundary");
  const specs = panels.map((p) => panelLayers(p, ranges, names, opts));
  const top = {
    ...topLevel(opts.title ?? (panels.length === 1 ? "Decision boundary" : undefined)),
    datasets: { [REGIONS]: regionsOf(classes, grid.xs, grid.ys, names, ranges) },
  };
  if (specs.length === 1) return new Figure({ ...top, ...specs[0] });
  return new Figure({ ...top, hconcat: specs, resolve: { scale: { color: "shared", shape: "shared" } } });
}

/** The model's decision regions over the data `X` ([N, 2]) with its points coloured by `y`. */
export function plotDecisionBoundary(model: Predictor, X: Points2D, y: Values1D, opts: DecisionBoundaryOptions = {}): Figure {
  return build(model, [{ data: datasetOf(X, y, "plotDecisionBoundary") }], opts);
}

/** A mark-name suffix from a panel's key: word characters only, unique in the figure. */
function uniqueKey(key: string, index: number, used: Set<string>): string {
  let k = key.replace(/[^A-Za-z0-9_]/g, "_") || `panel${index}`;
  if (used.has(k)) k = `${k}_${index}`;
  used.add(k);
  return k;
}

/** Panels by name, e.g. `{ train: [XTrain, yTrain], test: [XTest, yTest] }`. */
export type DatasetPanels = Record<string, [Points2D, Values1D]>;

/**
 * Side-by-side decision boundaries, one panel per dataset, titled by its key with a capital
 * ("Train", "Test") — the tutorial's train/test subplot pair in one call. All panels share
 * one grid and one set of axes so they compare at a glance.
 */
export function plotDecisionBoundaries(datasets: DatasetPanels, model: Predictor, opts: DecisionBoundaryOptions = {}): Figure {
  const entries = Object.entries(datasets);
  if (entries.length === 0) throw new ValueError("plotDecisionBoundaries: give at least one dataset, e.g. { train: [X, y] }");
  const used = new Set<string>();
  const panels = entries.map(([key, [X, y]], i) => ({
    key: uniqueKey(key, i, used),
    title: key.charAt(0).toUpperCase() + key.slice(1),
    data: datasetOf(X, y, `plotDecisionBoundaries (${key})`),
  }));
  return build(model, panels, opts);
}
