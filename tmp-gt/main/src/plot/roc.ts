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
import { joinNotes, MAX_LINE_POINTS } from "./sample.js";
import { classColors, OKABE_ITO } from "./theme.js";
import { maxOf } from "../util/extremes.js";

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

/** Past this many curves a legend would be taller than the plot: the subtitle sums them up instead. */
const MAX_LEGEND = 12;

/** The most vertices all curves of one figure draw together (500 classes: 40 each). */
const MAX_FIGURE_VERTICES = 20_000;

/**
 * A curve thinned to the vertices a reader can see: one per distinct score makes 100,000
 * vertices for 100,000 samples. A vertex is kept when it moved at least 4/max from the
 * last kept one (in either rate), with the vertex just before it: the rates together move
 * 2 at most, so at most about `max` vertices remain; the ends are kept.
 */
function thin(fpr: number[], tpr: number[], max: number): { fpr: number[]; tpr: number[] } {
  if (fpr.length <= max) return { fpr, tpr };
  const step = 4 / max;
  const f = [fpr[0]], t = [tpr[0]];
  for (let i = 1; i < fpr.length; i++) {
    if (i === fpr.length - 1 || Math.abs(fpr[i] - f[f.length - 1]) >= step || Math.abs(tpr[i] - t[t.length - 1]) >= step) {
      // The vertex before a jump is kept too, so a step stays a step instead of a slant.
      if (i > 1 && (fpr[i - 1] !== f[f.length - 1] || tpr[i - 1] !== t[t.length - 1])) {
        f.push(fpr[i - 1]);
        t.push(tpr[i - 1]);
      }
      f.push(fpr[i]);
      t.push(tpr[i]);
    }
  }
  return { fpr: f, tpr: t };
}

const sameCurve = (a: Series, b: Series): boolean =>
  a.fpr.length === b.fpr.length && a.fpr.every((v, i) => v === b.fpr[i] && a.tpr[i] === b.tpr[i]);

export function plotRocCurve(scores: Scores, target: Values1D, opts: RocOptions = {}): Figure {
  const columns = scoreColumns(scores);
  const n = columns[0]?.length ?? 0;
  const labels = labelsOf(target, n, "plotRocCurve");
  const binary = columns.length <= 2;
  const numClasses = maxOf(labels, (binary ? 2 : columns.length) - 1) + 1;
  if (!binary && numClasses > columns.length) {
    throw new ValueError(`plotRocCurve: targets go up to class ${numClasses - 1} but there are only ${columns.length} score columns`);
  }
  if (binary && numClasses > 2) {
    throw new ValueError(`plotRocCurve: ${columns.length} score column(s) mean a binary classifier, but targets go up to class ${numClasses - 1}`);
  }
  const names = classDomain(numClasses, opts.classNames, "plotRocCurve");
  const series: Series[] = [];
  const skipped: string[] = [];
  const aucs: { cls: string; auc: number }[] = [];
  let points = 0, drawn = 0, merged = false;
  const cases = binary ? [{ cls: 1, col: columns[columns.length - 1] }] : columns.map((col, cls) => ({ cls, col }));
  const perCurve = Math.max(40, Math.min(MAX_LINE_POINTS, Math.floor(MAX_FIGURE_VERTICES / cases.length)));
  for (const { cls, col } of cases) {
    const positive = labels.map((l) => l === cls);
    if (positive.every(Boolean) || !positive.some(Boolean)) {
      skipped.push(names[cls]);
      continue;
    }
    const r = rocCurve(col, positive);
    aucs.push({ cls: names[cls], auc: r.auc });
    points += r.fpr.length;
    const { fpr, tpr } = thin(r.fpr, r.tpr, perCurve);
    drawn += fpr.length;
    // Curves that coincide (every class perfectly separated, say) are drawn once, named together.
    const twin = series.find((q) => sameCurve(q, { name: "", fpr, tpr }));
    if (twin) {
      twin.name = twin.name.replace(/ \(AUC = /, `, ${names[cls]} (AUC = `);
      merged = true;
      continue;
    }
    // A binary curve is named after its positive class when the classes have names.
    const label = binary && !opts.classNames ? `ROC (AUC = ${r.auc.toFixed(3)})` : `${names[cls]} (AUC = ${r.auc.toFixed(3)})`;
    series.push({ name: label, fpr, tpr });
  }
  if (series.length === 0) {
    throw new ValueError("plotRocCurve: every curve needs both positive and negative targets; the targets hold a single class");
  }
  const rows = series.flatMap((s) => s.fpr.map((f, i) => ({ fpr: f, tpr: s.tpr[i], curve: s.name, order: i })));
  const colors = binary ? ["#0072B2"] : classColors(series.length, opts.palette ?? OKABE_ITO);
  const legend = series.length <= MAX_LEGEND;
  let worst = aucs[0];
  for (const a of aucs) if (a.auc < worst.auc) worst = a;
  const meanAuc = aucs.reduce((t, a) => t + a.auc, 0) / aucs.length;
  const subtitle = joinNotes(
    skipped.length > 0 ? `no curve for ${skipped.length > 10 ? `${skipped.length} classes` : skipped.join(", ")}: no samples on one side` : undefined,
    merged ? "curves named together coincide" : undefined,
    legend ? undefined : `${aucs.length} one-vs-rest curves; mean AUC ${meanAuc.toFixed(3)}, lowest ${worst.auc.toFixed(3)} (class ${worst.cls})`,
    drawn < points ? `curves drawn through ${drawn.toLocaleString("en-US")} of their ${points.toLocaleString("en-US")} vertices` : undefined,
  );
  const axis = { type: "quantitative" as const, scale: { domain: [0, 1], nice: false } };
  return new Figure({
    ...topLevel(opts.title ?? (binary ? "ROC curve" : "ROC curves (one-vs-rest)"), subtitle, (opts.width ?? 380) + 60),
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
        // Many curves are drawn as thin translucent lines: a cloud whose spread is the story.
        mark: legend ? { type: "line", strokeWidth: 2.2 } : { type: "line", strokeWidth: 1, opacity: 0.35, color: "#0072B2" },
        encoding: {
          x: { field: "fpr", ...axis, title: "False positive rate" },
          y: { field: "tpr", ...axis, title: "True positive rate" },
          order: { field: "order", type: "quantitative" },
          color: legend ? {
            field: "curve", type: "nominal", title: null, scale: { domain: series.map((s) => s.name), range: colors },
            legend: { orient: "bottom-right", fillColor: "white", padding: 6, labelLimit: 260, symbolType: "stroke", symbolStrokeWidth: 2.5 },
          } : { value: "#0072B2" },
          // Dash patterns tell curves apart without colour, and show curves lying on top of each other.
          ...(legend ? {
            strokeDash: {
              field: "curve", type: "nominal", title: null,
              scale: { domain: series.map((s) => s.name), range: series.map((_, i) => DASHES[i % DASHES.length]) },
            },
          } : { detail: { field: "curve", type: "nominal" } }),
        },
      },
    ],
  });
}
