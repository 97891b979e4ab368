/** The layer of data points coloured (and shaped) by class, shared by scatter and decision boundaries. */
import type { UnitSpec } from "./spec-types.js";
import { classColors, OKABE_ITO } from "./theme.js";

export interface PointsLayerOptions {
  name: string;
  points: readonly (readonly [number, number])[];
  labels: readonly number[];
  classNames: readonly string[];
  featureNames: readonly [string, string];
  legendTitle: string;
  palette?: readonly string[];
  xDomain?: [number, number];
  yDomain?: [number, number];
}

/** Smaller points when there are many, so dense data stays readable. */
export function pointSize(n: number): number {
  return n > 2000 ? 14 : n > 500 ? 26 : 42;
}

export function pointsLayer(o: PointsLayerOptions): UnitSpec {
  const domain = [...o.classNames];
  const scale = (d?: [number, number]) => (d ? { domain: d, nice: false, zero: false } : { zero: false });
  return {
    name: o.name,
    data: { values: o.points.map(([a, b], i) => ({ x1: a, x2: b, cls: o.classNames[o.labels[i]] })) },
    mark: { type: "point", filled: true, size: pointSize(o.points.length), opacity: 0.95, stroke: "#222", strokeWidth: 0.6 },
    encoding: {
      x: { field: "x1", type: "quantitative", scale: scale(o.xDomain), title: o.featureNames[0] },
      y: { field: "x2", type: "quantitative", scale: scale(o.yDomain), title: o.featureNames[1] },
      // Colour and shape both encode the class: still readable in grey or by colour-blind readers.
      color: { field: "cls", type: "nominal", scale: { domain, range: classColors(domain.length, o.palette ?? OKABE_ITO) }, title: o.legendTitle },
      shape: { field: "cls", type: "nominal", scale: { domain }, title: o.legendTitle },
    },
  };
}
