/** Small deterministic datasets for the plot tests (no randomness: each test stands alone). */
import * as kd from "../../src/index.js";

/** Two rings like make_circles: points on radius 1 (class 0) and 0.5 (class 1). */
export function rings(n: number): { X: kd.Tensor; y: kd.Tensor } {
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    const r = i % 2 === 0 ? 1 : 0.5;
    xs.push([r * Math.cos(t), r * Math.sin(t)]);
    ys.push(i % 2);
  }
  return { X: kd.tensor(xs), y: kd.tensor(ys) };
}

/** One logit: positive inside the circle of radius 0.75 — separates `rings` perfectly. */
export const ringModel = (x: kd.Tensor): kd.Tensor => x.square().sum({ dim: 1, keepdim: true }).neg().add(0.5625).mul(10);

/** Three logits: class 0 left of x1 = -0.3, class 2 right of x1 = 0.3, class 1 between. */
export const stripesModel = (x: kd.Tensor): kd.Tensor => {
  const x1 = x.select(1, 0);
  return kd.stack([x1.neg().sub(0.3), kd.zerosLike(x1), x1.sub(0.3)], 1);
};
