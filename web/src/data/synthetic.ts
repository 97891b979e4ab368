/**
 * XOR and spiral: two classic playground data sets that scikit-learn does not have, made
 * from Kindling's seeded generator so a seed gives the same points everywhere.
 * This file is pasted verbatim into "Show code" (minus the import and the `export`s),
 * so it must stay self-contained: Kindling's public API only.
 *
 * Noise is Gaussian, by the Box–Muller transform of two uniforms u, v in [0, 1):
 *   z = sqrt(-2 ln(1 - u)) · cos(2π v).
 */
import * as kd from "kindling";

/** n standard-normal pairs [n, 2] times `scale`, drawn from `gen`. */
export function gaussianNoise(n: number, scale: number, gen: kd.Generator): kd.Tensor {
  const u = kd.rand([n, 2], { generator: gen });
  const v = kd.rand([n, 2], { generator: gen });
  return u.neg().log1p().mul(-2).sqrt().mul(v.mul(2 * Math.PI).cos()).mul(scale);
}

/**
 * XOR: c ~ U(-1, 1)², pushed 0.1 away from both axes (c + 0.1·sign(c)) so the quadrants
 * are separated; label 1 where the two coordinates have opposite signs; then noise.
 * Returns [X float32 [n, 2], y int64 [n]].
 */
export function makeXor(opts: { nSamples: number; noise: number; randomState: number }): [kd.Tensor, kd.Tensor] {
  const gen = new kd.Generator(opts.randomState);
  const c = kd.rand([opts.nSamples, 2], { generator: gen }).mul(2).sub(1);
  const clean = c.add(c.sign().mul(0.1));
  const y = clean.select(1, 0).gt(0).logicalXor(clean.select(1, 1).gt(0)).long();
  return [clean.add(gaussianNoise(opts.nSamples, opts.noise, gen)), y];
}

/**
 * Spiral with K arms: point j belongs to class k = j mod K and is the i-th (i = ⌊j / K⌋)
 * of that class's m points; with r = i / m and t = 3.5π·r + 2πk / K it sits at
 * (r·sin t, r·cos t), plus noise. Returns [X float32 [n, 2], y int64 [n]].
 */
export function makeSpiral(opts: { nSamples: number; nClasses: number; noise: number; randomState: number }): [kd.Tensor, kd.Tensor] {
  const { nSamples: n, nClasses: k } = opts;
  const gen = new kd.Generator(opts.randomState);
  const xy: number[][] = [];
  const labels: number[] = [];
  for (let j = 0; j < n; j++) {
    const cls = j % k;
    const m = Math.ceil((n - cls) / k);
    const r = Math.floor(j / k) / m;
    const t = 3.5 * Math.PI * r + (2 * Math.PI * cls) / k;
    xy.push([r * Math.sin(t), r * Math.cos(t)]);
    labels.push(cls);
  }
  const X = kd.tensor(xy).add(gaussianNoise(n, opts.noise, gen));
  return [X, kd.tensor(labels, { dtype: "int64" })];
}
