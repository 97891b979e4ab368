/** `make_blobs`: isotropic Gaussian clusters around random or given centres. */
import { checkKeys, keysOf } from "../../util/options.js";
import { ValueError } from "../../errors.js";
import { checkRandomState } from "../../random/random-state.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkParam, floatIn, intIn } from "./param-checks.js";
import { pyRepr } from "./python-text.js";
import { shuffleSamples, toXy, type RandomStateLike } from "./samples.js";

export interface MakeBlobsOptions {
  /** Total points, split evenly over the centres (the first ones get the remainder), or one count per centre. Default 100. */
  nSamples?: number | readonly number[];
  /** Features per point when the centres are drawn. Default 2. */
  nFeatures?: number;
  /** How many centres to draw (default 3), or their coordinates (rows). */
  centers?: number | readonly (readonly number[])[] | Tensor | null;
  /** Standard deviation of every cluster, or one per centre. Default 1. */
  clusterStd?: number | readonly number[];
  /** Bounding box for drawn centres. Default [-10, 10]. */
  centerBox?: readonly [number, number];
  shuffle?: boolean;
  randomState?: RandomStateLike;
  /** Also return the centres (a float64 tensor) as a third element. */
  returnCenters?: boolean;
}

function centersToRows(centers: readonly (readonly number[])[] | Tensor): number[][] {
  if (centers instanceof Tensor) {
    if (centers.ndim !== 2) throw new ValueError(`Expected 2D array, got ${centers.ndim}D array instead`);
    const [r, c] = centers.shape;
    return Array.from({ length: r }, (_, i) => Array.from(centers.data.subarray(i * c, (i + 1) * c)));
  }
  const rows = centers.map((row) => [...row]);
  if (rows.some((row) => row.length !== rows[0].length)) throw new ValueError("centers must be a 2-D array of coordinates");
  return rows;
}

/** numpy's str() of a small float matrix is not worth copying; the values say the same. */
function matrixText(rows: readonly (readonly number[])[]): string {
  return pyRepr(rows.map((r) => [...r]), true);
}

/**
 * `makeBlobs({nSamples, nFeatures, centers, clusterStd, centerBox, shuffle, randomState,
 * returnCenters})` → `[X, y]` (or `[X, y, centers]`): X float64, y int64 holding the centre index.
 */
export function makeBlobs(options?: MakeBlobsOptions & { returnCenters?: false }): [Tensor, Tensor];
export function makeBlobs(options: MakeBlobsOptions & { returnCenters: true }): [Tensor, Tensor, Tensor];
export function makeBlobs(nSamples: number | readonly number[], options?: MakeBlobsOptions & { returnCenters?: false }): [Tensor, Tensor];
export function makeBlobs(nSamples: number | readonly number[], options: MakeBlobsOptions & { returnCenters: true }): [Tensor, Tensor, Tensor];
export function makeBlobs(
  first?: number | readonly number[] | MakeBlobsOptions,
  options: MakeBlobsOptions = {},
): [Tensor, Tensor] | [Tensor, Tensor, Tensor] {
  const opts: MakeBlobsOptions = typeof first === "number" || Array.isArray(first)
    ? { ...options, nSamples: first as number | readonly number[] }
    : { ...(first as MakeBlobsOptions | undefined), ...options };
  checkKeys("make_blobs", opts, keysOf<MakeBlobsOptions>({ nSamples: true, nFeatures: true, centers: true, clusterStd: true, centerBox: true, shuffle: true, randomState: true, returnCenters: true }));
  const nSamples = opts.nSamples ?? 100;
  let nFeatures = opts.nFeatures ?? 2;
  const clusterStd = opts.clusterStd ?? 1;
  const [boxLo, boxHi] = opts.centerBox ?? [-10, 10];
  checkParam("make_blobs", "n_samples", nSamples, [intIn(1, null), "array-like"]);
  checkParam("make_blobs", "n_features", nFeatures, [intIn(1, null)]);
  if (typeof clusterStd === "number") checkParam("make_blobs", "cluster_std", clusterStd, [floatIn(0, null), "array-like"]);
  const rs = checkRandomState(opts.randomState);

  const drawCenters = (k: number): number[][] => {
    const flat = rs.uniform(boxLo, boxHi, [k, nFeatures]);
    return Array.from({ length: k }, (_, i) => flat.slice(i * nFeatures, (i + 1) * nFeatures));
  };
  let centers: number[][];
  const given = opts.centers ?? null;
  if (typeof nSamples === "number") {
    if (given === null || typeof given === "number") {
      const k = given ?? 3;
      checkParam("make_blobs", "centers", k, [intIn(1, null), "array-like", "None"]);
      centers = drawCenters(k);
    } else {
      centers = centersToRows(given);
    }
  } else {
    const k = nSamples.length;
    if (typeof given === "number") throw new ValueError(`Parameter \`centers\` must be array-like. Got ${given} instead`);
    centers = given === null ? drawCenters(k) : centersToRows(given);
    if (centers.length !== k) {
      throw new ValueError(
        `Length of \`n_samples\` not consistent with number of centers. Got n_samples = ${pyRepr([...nSamples])} and centers = ${matrixText(centers)}`,
      );
    }
  }
  nFeatures = centers[0]?.length ?? nFeatures;
  const nCenters = centers.length;

  if (typeof clusterStd !== "number" && clusterStd.length !== nCenters) {
    throw new ValueError(
      `Length of \`clusters_std\` not consistent with number of centers. Got centers = ${matrixText(centers)} and cluster_std = ${pyRepr([...clusterStd], true)}`,
    );
  }
  const stds = typeof clusterStd === "number" ? new Array<number>(nCenters).fill(clusterStd) : [...clusterStd];

  let perCenter: number[];
  if (typeof nSamples === "number") {
    perCenter = new Array<number>(nCenters).fill(Math.floor(nSamples / nCenters));
    for (let i = 0; i < nSamples % nCenters; i++) perCenter[i] += 1;
  } else {
    perCenter = [...nSamples];
  }

  const total = perCenter.reduce((a, b) => a + b, 0);
  let X: Float64Array = new Float64Array(total * nFeatures);
  let y: Float64Array = new Float64Array(total);
  let row = 0;
  perCenter.forEach((n, i) => {
    const pts = rs.normal(centers[i], stds[i], [n, nFeatures]);
    X.set(pts, row * nFeatures);
    y.fill(i, row, row + n);
    row += n;
  });
  if (opts.shuffle ?? true) ({ X, y } = shuffleSamples(X, nFeatures, y, rs));
  const [Xt, yt] = toXy(X, nFeatures, y);
  if (opts.returnCenters) {
    return [Xt, yt, new Tensor(Float64Array.from(centers.flat()), [nCenters, nFeatures], "float64")];
  }
  return [Xt, yt];
}
