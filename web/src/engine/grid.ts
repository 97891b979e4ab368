/**
 * The plotted region and the grid of points the model is evaluated on for the heat
 * maps, as plot_decision_boundary builds its mesh: the data's range plus a margin.
 */
import * as kd from "kindling";

export interface Domain {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** The bounding box of raw points [n, 2], widened by 10 % of its size on each side. */
export function padDomain(X: kd.Tensor): Domain {
  const lo = X.amin({ dim: 0 }).data, hi = X.amax({ dim: 0 }).data;
  const pad = (a: number, b: number): [number, number] => {
    const m = Math.max((b - a) * 0.1, 1e-3);
    return [a - m, b + m];
  };
  const [xMin, xMax] = pad(lo[0], hi[0]);
  const [yMin, yMax] = pad(lo[1], hi[1]);
  return { xMin, xMax, yMin, yMax };
}

/** Cell centres of a size × size grid, row by row from the top left (high y first), as [size², 2]. */
export function gridPoints(d: Domain, size: number): kd.Tensor {
  const data = new Float32Array(size * size * 2);
  for (let r = 0; r < size; r++) {
    const y = d.yMax - ((r + 0.5) / size) * (d.yMax - d.yMin);
    for (let c = 0; c < size; c++) {
      const i = (r * size + c) * 2;
      data[i] = d.xMin + ((c + 0.5) / size) * (d.xMax - d.xMin);
      data[i + 1] = y;
    }
  }
  return kd.fromArray(data, [size * size, 2]);
}
