/**
 * Confusion matrix heat map: true classes down, predicted classes across, each cell
 * annotated with its count (the tutorial's mlxtend plot_confusion_matrix).
 */
import { ShapeError, ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { classDomain, valuesOf, type Values1D } from "./data.js";
import { Figure } from "./figure.js";
import { topLevel, type FigureOptions } from "./layout.js";
import { maxBy, maxOf } from "../util/extremes.js";

export interface ConfusionMatrixOptions extends FigureOptions {
  /** Names of classes 0, 1, ... on both axes (default the indices). */
  classNames?: string[];
  /** Also print each cell's share of its true class (row) under the count. */
  showPercent?: boolean;
}

/** A ready matrix ([C, C] tensor or nested array: rows true class, columns predicted) or the labels to count. */
export type ConfusionInput = Tensor | readonly (readonly number[])[] | { preds: Values1D; target: Values1D };

function matrixOf(input: ConfusionInput, numNames: number): number[][] {
  if (input instanceof Tensor) {
    if (input.ndim !== 2 || input.shape[0] !== input.shape[1]) {
      throw new ShapeError(`plotConfusionMatrix: expected a square [C, C] matrix, got [${input.shape.join(", ")}]`);
    }
    const c = input.shape[0];
    return Array.from({ length: c }, (_, i) => Array.from(input.data.subarray(i * c, (i + 1) * c)));
  }
  if (Array.isArray(input)) {
    const rows = input as readonly (readonly number[])[];
    rows.forEach((r, i) => {
      if (r.length !== rows.length) throw new ShapeError(`plotConfusionMatrix: row ${i} has ${r.length} entries; expected a square ${rows.length} × ${rows.length} matrix`);
    });
    return rows.map((r) => [...r]);
  }
  const { preds, target } = input as { preds: Values1D; target: Values1D };
  const p = valuesOf(preds, "plotConfusionMatrix (preds)");
  const t = valuesOf(target, "plotConfusionMatrix (target)");
  if (p.length !== t.length) throw new ShapeError(`plotConfusionMatrix: ${p.length} predictions for ${t.length} targets`);
  for (const v of [...p, ...t]) {
    if (!Number.isInteger(v) || v < 0) throw new ValueError(`plotConfusionMatrix: ${v} is not a class index (0, 1, 2, ...)`);
  }
  const c = Math.max(numNames, maxOf(p) + 1, maxOf(t) + 1);
  const m = Array.from({ length: c }, () => new Array<number>(c).fill(0));
  t.forEach((ti, i) => m[ti][p[i]]++);
  return m;
}

/** Past this many classes per axis, neighbouring classes are summed into blocks (a 500 × 500 grid is 250,000 marks). */
const MAX_CELLS = 60;
/** Counts are printed in the cells up to this many classes; beyond, the colour alone tells them. */
const MAX_ANNOTATED = 20;

/** The matrix summed over blocks of `b` × `b` classes, with a "first–last" name per block. */
function blocks(m: number[][], names: string[], b: number): { m: number[][]; names: string[] } {
  const c = m.length;
  const k = Math.ceil(c / b);
  const out = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < c; i++) {
    const row = m[i], oi = out[Math.floor(i / b)];
    for (let j = 0; j < c; j++) oi[Math.floor(j / b)] += row[j];
  }
  const label = (g: number): string => {
    const last = Math.min(c, (g + 1) * b) - 1;
    return g * b === last ? names[last] : `${names[g * b]}–${names[last]}`;
  };
  return { m: out, names: Array.from({ length: k }, (_, g) => label(g)) };
}

export function plotConfusionMatrix(input: ConfusionInput, opts: ConfusionMatrixOptions = {}): Figure {
  const full = matrixOf(input, opts.classNames?.length ?? 0);
  if (full.length === 0) throw new ValueError("plotConfusionMatrix: the matrix is empty");
  const allNames = classDomain(full.length, opts.classNames, "plotConfusionMatrix");
  const b = full.length > MAX_CELLS ? Math.ceil(full.length / MAX_CELLS) : 1;
  const { m, names } = b > 1 ? blocks(full, allNames, b) : { m: full, names: allNames };
  const note = b > 1 ? `${full.length} classes in blocks of ${b}: each cell sums ${b} × ${b} class pairs` : undefined;
  const c = m.length;
  const max = maxBy(m, (row) => maxOf(row));
  const annotate = c <= MAX_ANNOTATED;
  const rows = m.flatMap((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((count, j) => ({
      actual: names[i],
      predicted: names[j],
      count,
      percent: `${total > 0 ? ((100 * count) / total).toFixed(1) : "0.0"}%`,
      // Light text on dark cells, dark text on light ones.
      dark: max > 0 && count > max / 2,
    }));
  });
  const longest = maxBy(names, (n) => n.length);
  const cell = annotate ? Math.max(36, Math.min(90, 480 / c)) : Math.max(6, 480 / c);
  const labelFontSize = c > 30 ? 8 : 12;
  // Vega tests overlap on the labels' unrotated boxes, so slanted names that do not touch
  // were thinned to every other one (Fashion-MNIST lost "Trouser", "Dress", ...): keep them
  // all up to 30 classes, where the cells are wide enough for slanted names.
  const overlap = c > 30 ? ("parity" as const) : false;
  const axisX = { labelAngle: longest > 6 || c > 30 ? -40 : 0, labelLimit: 160, grid: false, labelFontSize, labelOverlap: overlap };
  const textColor = { condition: { test: "datum.dark", value: "white" }, value: "#1a1a1a" };
  const fontSize = c > 12 ? 10 : 13;
  // With percentages the count sits above the centre and the percentage below it.
  const lines = !annotate ? [] : opts.showPercent ? [{ field: "count", dy: -fontSize * 0.6 }, { field: "percent", dy: fontSize * 0.7 }] : [{ field: "count", dy: 0 }];
  const width = opts.width ?? cell * c;
  return new Figure({
    // The title wraps to the matrix (plus the axis and legend beside it), never widening the figure.
    ...topLevel(opts.title ?? "Confusion matrix", note, width + 160),
    width,
    height: opts.height ?? cell * c,
    data: { values: rows },
    encoding: {
      x: { field: "predicted", type: "nominal", sort: names, title: "Predicted label", axis: axisX },
      y: { field: "actual", type: "nominal", sort: names, title: "True label", axis: { labelLimit: 160, grid: false, labelFontSize, labelOverlap: overlap } },
    },
    layer: [
      {
        name: "cells",
        mark: { type: "rect", stroke: annotate ? "white" : null, strokeWidth: 1 },
        encoding: { color: { field: "count", type: "quantitative", title: "Count", scale: { scheme: "blues", domainMin: 0 } } },
      },
      ...lines.map((l) => ({
        name: l.field === "count" ? "counts" : "percents",
        mark: { type: "text" as const, fontSize, baseline: "middle" as const, dy: l.dy, fontWeight: l.field === "count" && opts.showPercent ? "bold" as const : "normal" as const },
        encoding: { text: { field: l.field }, color: textColor },
      })),
    ],
  });
}
