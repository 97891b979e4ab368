/**
 * ROC curves: one for a binary classifier, or one per class (one-vs-rest) for several,
 * each labelled with its AUC, over the chance diagonal.
 */
import { ShapeError, ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { classDomain, labelsOf, type Values1D } from "./data.js";
import { Figure } from "./figure.js";
import { topLevel, type FigureOptions } from "./layout.js";
import { rocCurve } from "./roc-curve.js";
import { classColors, OKABE_ITO } from "./theme.js";

export interface RocOptions extends FigureOptions {
  /** Names of classes 0, 1, ... for the legend (default the indices). */
  classNames?: string[];
  palette?: string[];
}

const DASHES: number[][] = [[1, 0], [8, 4], [2, 3], [10, 3, 2, 3], [5, 5], [1, 4]];

/** Scores: [N] (or [N, 1]) for binary, [N, C] for C classes; probabilities or logits alike. */
export type Scores = Tensor | readonly number[] | readonly (readonly number[])[];

function scoreColumns(scores: Scores): number[][] {
  if (scores instanceof Tensor) {
    if (scores.ndim === 1) return [Array.from(scores.data)];
    if (scores.ndim !== 2) throw new ShapeError(`plotRocCurve: expected scores of shape [N] or [N, C], got [${scores.shape.join(", ")}]`);
    const [n, c] = scores.shape;
    return Array.from({ length: c }, (_, j) => Array.from({ length: n }, (_, i) => scores.data[i * c + j]));
  }
  if (scores.every((s) => typeof s === "number")) return [[...(scores as readonly number[])]];
  const rows = scores as readonly (readonly number[])[];
  const c = rows[0]?.length ?? 0;
  rows.forEach((r, i) => {
    if (r.length !== c) throw new ShapeError(`plotRocCurve: score row ${i} has ${r.length} entries, expected ${c}`);
  });
  return Array.from({ length: c }, (_, j) => rows.map((r) => r[j]));
}

interface Series {
  name: string;
  fpr: number[];
  tpr: number[];
}

/**
 * ROC curve(s) of `scores` against the class indices in `target`. One score column (or two,
 * taking the second as the positive class) gives the binary curve; more give one-vs-rest
 * curves, one per class. A class absent from the targets has no curve and is named in the subtitle.
 */
export function plotRocCurve(scores: Scores, target: Values1D, opts: RocOptions = {}): Figure {
  const columns = scoreColumns(scores);
  const n = columns[0]?.length ?? 0;
  const labels = labelsOf(target, n, "plotRocCurve");
  const binary = columns.length <= 2;
  const numClasses = Math.max(binary ? 2 : columns.length, ...labels.map((l) => l + 1));
  if (!binary && numClasses > columns.length) {
    throw new ValueError(`plotRocCurve: targets go up to class ${numClasses - 1} but there are only ${columns.length} score columns`);
  }
  if (binary && numClasses > 2) {
    throw new ValueError(`plotRocCurve: ${columns.length} score column(s) mean a binary classifier, but targets go up to class ${numClasses - 1}`);
  }
  const names = classDomain(numClasses, opts.classNames, "plotRocCurve");
  const series: Series[] = [];
  const skipped: string[] = [];
  const cases = binary ? [{ cls: 1, col: columns[columns.length - 1] }] : columns.map((col, cls) => ({ cls, col }));
  for (const { cls, col } of cases) {
    const positive = labels.map((l) => l === cls);
    if (positive.every(Boolean) || !positive.some(Boolean)) {
      skipped.push(names[cls]);
      continue;
    }
    const r = rocCurve(col, positive);
    // A binary curve is named after its positive class when the classes have names.
    const label = binary && !opts.classNames ? `ROC (AUC = ${r.auc.toFixed(3)})` : `${names[cls]} (AUC = ${r.auc.toFixed(3)})`;
    series.push({ name: label, fpr: r.fpr, tpr: r.tpr });
  }
  if (series.length === 0) {
    throw new ValueError("plotRocCurve: every curve needs both positive and negative targets; the targets hold a single class");
  }
  const rows = series.flatMap((s) => s.fpr.map((f, i) => ({ fpr: f, tpr: s.tpr[i], curve: s.name, order: i })));
  const colors = binary ? ["#0072B2"] : classColors(numClasses, opts.palette ?? OKABE_ITO).filter((_, c) => !skipped.includes(names[c]));
  const subtitle = skipped.length > 0 ? `no curve for ${skipped.join(", ")}: no samples on one side` : undefined;
  const axis = { type: "quantitative" as const, scale: { domain: [0, 1], nice: false } };
  return new Figure({
    ...topLevel(opts.title ?? (binary ? "ROC curve" : "ROC curves (one-vs-rest)"), subtitle),
    width: opts.width ?? 380,
    height: opts.height ?? 380,
    layer: [
      {
        name: "chance",
        data: { values: [{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }] },
        mark: { type: "line", color: "#999", strokeDash: [5, 4], strokeWidth: 1.2 },
        encoding: { x: { field: "fpr", ...axis }, y: { field: "tpr", ...axis } },
      },
      {
        name: "curves",
        data: { values: rows },
        mark: { type: "line", strokeWidth: 2.2 },
        encoding: {
          x: { field: "fpr", ...axis, title: "False positive rate" },
          y: { field: "tpr", ...axis, title: "True positive rate" },
          order: { field: "order", type: "quantitative" },
          color: {
            field: "curve", type: "nominal", title: null, scale: { domain: series.map((s) => s.name), range: colors },
            legend: { orient: "bottom-right", fillColor: "white", padding: 6, labelLimit: 260, symbolType: "stroke", symbolStrokeWidth: 2.5 },
          },
          // Dash patterns tell curves apart without colour, and show curves lying on top of each other.
          strokeDash: {
            field: "curve", type: "nominal", title: null,
            scale: { domain: series.map((s) => s.name), range: series.map((_, i) => DASHES[i % DASHES.length]) },
          },
        },
      },
    ],
  });
}
