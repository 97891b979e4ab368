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
  const radii: number[] = [], angles: number[] = [], labels: number[] = [];
  for (let j = 0; j < n; j++) {
    const cls = j % k;
    const m = Math.ceil((n - cls) / k);
    const r = Math.floor(j / k) / m;
    radii.push(r);
    angles.push(3.5 * Math.PI * r + (2 * Math.PI * cls) / k);
    labels.push(cls);
  }
  // sin and cos as Kindling's float64 ops rather than Math.sin / Math.cos, whose last bits
  // differ between browsers and Node: the same seed gives the same points everywhere.
  const r = kd.tensor(radii, { dtype: "float64" }), t = kd.tensor(angles, { dtype: "float64" });
  const X = kd.stack([r.mul(t.sin()), r.mul(t.cos())], 1).float().add(gaussianNoise(n, opts.noise, gen));
  return [X, kd.tensor(labels, { dtype: "int64" })];
}

/**
 * The regression data sets' points: c ~ U(-6, 6)², and where each value is read: c moved by
 * noise × U(-6, 6) in each coordinate (the TensorFlow Playground's noise for regression).
 */
export function regressionPoints(n: number, noise: number, gen: kd.Generator): [kd.Tensor, kd.Tensor] {
  const c = kd.rand([n, 2], { generator: gen }).mul(12).sub(6);
  const shift = kd.rand([n, 2], { generator: gen }).mul(12).sub(6).mul(noise);
  return [c, c.add(shift)];
}

/**
 * Plane: the value is (a + b) / 10 at the (noisy) point (a, b), so [-1, 1] over the square
 * without noise. Returns [X float32 [n, 2], y float32 [n]].
 */
export function makePlane(opts: { nSamples: number; noise: number; randomState: number }): [kd.Tensor, kd.Tensor] {
  const [X, at] = regressionPoints(opts.nSamples, opts.noise, new kd.Generator(opts.randomState));
  return [X, at.select(1, 0).add(at.select(1, 1)).div(10)];
}

/**
 * Multi-Gaussian: six bumps on a 3 × 2 grid, centres (-4, 0, 4) × (2.5, -2.5), signs
 * alternating (+ − + on top, − + − below); bump j at distance d from its centre is
 * s_j · max(0, 1 − d / 2), and the value at the (noisy) point is the bump of largest
 * magnitude there (0 away from all of them). Returns [X float32 [n, 2], y float32 [n]].
 */
export function makeMultiGaussian(opts: { nSamples: number; noise: number; randomState: number }): [kd.Tensor, kd.Tensor] {
  const [X, at] = regressionPoints(opts.nSamples, opts.noise, new kd.Generator(opts.randomState));
  const bumps = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];
  const a = at.select(1, 0), b = at.select(1, 1);
  // [n, 6]: each bump's value at each point.
  const each = kd.stack(bumps.map(([cx, cy, sign]) => {
    const d = a.sub(cx).square().add(b.sub(cy).square()).sqrt();
    return d.div(-2).add(1).clamp(0).mul(sign);
  }), 1);
  const strongest = each.abs().argmax({ dim: 1, keepdim: true });
  return [X, each.gather(1, strongest).squeeze(1)];
}
