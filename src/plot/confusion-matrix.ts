/**
 * Confusion matrix heat map: true classes down, predicted classes across, each cell
 * annotated with its count (the tutorial's mlxtend plot_confusion_matrix).
 */
import { ShapeError, ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { classDomain, valuesOf, type Values1D } from "./data.js";
import { Figure } from "./figure.js";
import { topLevel, type FigureOptions } from "./layout.js";

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
  const c = Math.max(numNames, ...p.map((v) => v + 1), ...t.map((v) => v + 1));
  const m = Array.from({ length: c }, () => new Array<number>(c).fill(0));
  t.forEach((ti, i) => m[ti][p[i]]++);
  return m;
}

export function plotConfusionMatrix(input: ConfusionInput, opts: ConfusionMatrixOptions = {}): Figure {
  const m = matrixOf(input, opts.classNames?.length ?? 0);
  const c = m.length;
  if (c === 0) throw new ValueError("plotConfusionMatrix: the matrix is empty");
  const names = classDomain(c, opts.classNames, "plotConfusionMatrix");
  const max = Math.max(...m.flat());
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
  const longest = Math.max(...names.map((n) => n.length));
  const cell = Math.max(36, Math.min(90, 480 / c));
  const axisX = { labelAngle: longest > 6 ? -40 : 0, labelLimit: 160, grid: false };
  const textColor = { condition: { test: "datum.dark", value: "white" }, value: "#1a1a1a" };
  const fontSize = c > 12 ? 10 : 13;
  // With percentages the count sits above the centre and the percentage below it.
  const lines = opts.showPercent ? [{ field: "count", dy: -fontSize * 0.6 }, { field: "percent", dy: fontSize * 0.7 }] : [{ field: "count", dy: 0 }];
  return new Figure({
    ...topLevel(opts.title ?? "Confusion matrix"),
    width: opts.width ?? cell * c,
    height: opts.height ?? cell * c,
    data: { values: rows },
    encoding: {
      x: { field: "predicted", type: "nominal", sort: names, title: "Predicted label", axis: axisX },
      y: { field: "actual", type: "nominal", sort: names, title: "True label", axis: { labelLimit: 160, grid: false } },
    },
    layer: [
      {
        name: "cells",
        mark: { type: "rect", stroke: "white", strokeWidth: 1 },
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
