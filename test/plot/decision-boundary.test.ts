import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import * as plot from "../../src/plot/index.js";
import { OKABE_ITO, tint } from "../../src/plot/index.js";
import { rings, ringModel, stripesModel } from "./data.js";
import { countMarks, markGroup, texts } from "./helpers.js";

interface RegionRow { x: number; x2: number; y: number; y2: number; cls: string }

/** Grid points sit at cell centres, and on the clipped edge of the outermost cells. */
const inside = (g: number, lo: number, hi: number) => g >= lo - 1e-9 && g <= hi + 1e-9;

/** The region rectangles of a figure: the shared "regions" dataset its region layers draw. */
function regionsOf(fig: plot.Figure): RegionRow[] {
  const spec = fig.spec as { datasets: Record<string, RegionRow[]>; layer: { name?: string; data?: { name?: string } }[] };
  expect(spec.layer.find((l) => l.name === "regions")?.data).toEqual({ name: "regions" });
  return spec.datasets.regions;
}

describe("plotDecisionBoundary", () => {
  it("draws regions, every point, titles, axis labels and a legend", async () => {
    const { X, y } = rings(40);
    const svg = await plot.plotDecisionBoundary(ringModel, X, y).toSVG();
    const t = texts(svg);
    expect(t).toContain("Decision boundary");
    expect(t).toEqual(expect.arrayContaining(["X1", "X2", "Class", "0", "1"]));
    expect(countMarks(svg, "points")).toBe(40);
    const pts = markGroup(svg, "points");
    expect(pts.match(/Class: 0"/g)).toHaveLength(20);
    expect(pts.match(/Class: 1"/g)).toHaveLength(20);
    expect(countMarks(svg, "regions")).toBeGreaterThan(0);
  });

  it("covers the padded grid exactly, with the model's class in each cell (sigmoid + round)", () => {
    const { X, y } = rings(40);
    const fig = plot.plotDecisionBoundary(ringModel, X, y, { resolution: 51, margin: 0.25 });
    const regions = regionsOf(fig);
    const area = regions.reduce((a, r) => a + (r.x2 - r.x) * (r.y2 - r.y), 0);
    expect(area).toBeCloseTo(2.5 * 2.5, 6); // [-1.25, 1.25]²: data extent ±1 plus the margin
    const grid = Array.from({ length: 51 }, (_, i) => -1.25 + (2.5 * i) / 50);
    let cells = 0;
    for (const r of regions) {
      const cy = grid.find((g) => inside(g, r.y, r.y2))!;
      for (const gx of grid.filter((g) => inside(g, r.x, r.x2))) {
        cells++;
        expect(r.cls).toBe(Math.fround(gx) ** 2 + Math.fround(cy) ** 2 < 0.5625 ? "1" : "0");
      }
    }
    expect(cells).toBe(51 * 51);
    expect(new Set(regions.map((r) => r.cls))).toEqual(new Set(["0", "1"]));
  });

  it("takes softmax + argmax for several outputs and names classes", async () => {
    const X = kd.tensor([[-1, 0], [0, 0.5], [1, -0.5]]);
    const y = kd.tensor([0, 1, 2], { dtype: "int64" });
    const fig = plot.plotDecisionBoundary(stripesModel, X, y, { classNames: ["left", "middle", "right"], resolution: 21 });
    const regions = regionsOf(fig);
    // x1 spans [-1.1, 1.1] (5% margin); grid points are the cells' centres.
    const grid = Array.from({ length: 21 }, (_, i) => -1.1 + (2.2 * i) / 20);
    let cells = 0;
    for (const r of regions) {
      for (const gx of grid.filter((g) => inside(g, r.x, r.x2))) {
        cells++;
        expect(r.cls).toBe(gx < -0.3 ? "left" : gx > 0.3 ? "right" : "middle");
      }
    }
    expect(cells).toBe(21 * 21);
    // Three runs per grid row: left, middle, right.
    expect(regions).toHaveLength(21 * 3);
    const svg = await fig.toSVG();
    expect(texts(svg)).toEqual(expect.arrayContaining(["left", "middle", "right"]));
    expect(countMarks(svg, "points")).toBe(3);
  });

  it("uses the colour-blind-safe palette, tinted for the regions", async () => {
    const { X, y } = rings(8);
    const svg = await plot.plotDecisionBoundary(ringModel, X, y).toSVG();
    expect(markGroup(svg, "points")).toContain(`fill="${OKABE_ITO[0]}"`);
    expect(markGroup(svg, "points")).toContain(`fill="${OKABE_ITO[1]}"`);
    expect(markGroup(svg, "regions")).toContain(`fill="${tint(OKABE_ITO[0])}"`);
    expect(tint("#0072B2", 0.3)).toBe("#b3d5e8");
  });

  it("runs the model in eval and inference mode and restores its training mode", () => {
    const seen: { training: boolean; inference: boolean }[] = [];
    const model = {
      training: true,
      train(mode = true) {
        this.training = mode;
        return this;
      },
      forward(x: kd.Tensor) {
        seen.push({ training: this.training, inference: kd.isInferenceModeEnabled() });
        return ringModel(x);
      },
    };
    const { X, y } = rings(10);
    plot.plotDecisionBoundary(model, X, y, { resolution: 11 });
    expect(seen).toEqual([{ training: false, inference: true }]);
    expect(model.training).toBe(true);
  });

  it("works with an nn module, giving eval-mode (deterministic) regions even while it trains", () => {
    kd.manualSeed(0);
    const model = new kd.nn.Sequential(new kd.nn.Linear(2, 16), new kd.nn.ReLU(), new kd.nn.Dropout(0.5), new kd.nn.Linear(16, 3));
    const { X, y } = rings(12);
    model.train();
    const a = regionsOf(plot.plotDecisionBoundary(model, X, y, { resolution: 31 }));
    const b = regionsOf(plot.plotDecisionBoundary(model, X, y, { resolution: 31 }));
    expect(model.training).toBe(true);
    expect(a).toEqual(b);
    model.eval();
    expect(regionsOf(plot.plotDecisionBoundary(model, X, y, { resolution: 31 }))).toEqual(a);
  });

  it("accepts plain arrays, custom axis names and a title", async () => {
    const svg = await plot.plotDecisionBoundary(ringModel, [[0, 0], [1, 1]], [1, 0], {
      featureNames: ["petal length", "petal width"], title: "Iris", resolution: 11,
    }).toSVG();
    expect(texts(svg)).toEqual(expect.arrayContaining(["Iris", "petal length", "petal width"]));
    expect(countMarks(svg, "points")).toBe(2);
  });

  it("says what is wrong with its inputs", () => {
    expect(() => plot.plotDecisionBoundary(ringModel, kd.zeros([4, 3]), [0, 1, 0, 1])).toThrow(kd.ShapeError);
    expect(() => plot.plotDecisionBoundary(ringModel, kd.zeros([4, 2]), [0, 1, 0])).toThrow(/got 3 labels for 4 points/);
    expect(() => plot.plotDecisionBoundary(ringModel, kd.zeros([2, 2]), [0, 0.5])).toThrow(/expected a class index/);
    expect(() => plot.plotDecisionBoundary(ringModel, kd.zeros([2, 2]), [0, 1], { classNames: ["a"] })).toThrow(/1 classNames given/);
    expect(() => plot.plotDecisionBoundary(ringModel, kd.zeros([2, 2]), [0, 1], { resolution: 1 })).toThrow(/resolution/);
    expect(() => plot.plotDecisionBoundary((x) => x.sum(), kd.zeros([2, 2]), [0, 1])).toThrow(/expected \[\d+\] or \[\d+, classes\]/);
  });
});

describe("plotDecisionBoundaries", () => {
  it("draws a Train and a Test panel over one shared grid", async () => {
    const train = rings(30);
    const test = rings(12);
    const fig = plot.plotDecisionBoundaries({ train: [train.X, train.y], test: [test.X, test.y] }, ringModel);
    const svg = await fig.toSVG();
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(["Train", "Test"]));
    expect(t.filter((s) => s === "X1")).toHaveLength(2);
    expect(countMarks(svg, "points_train")).toBe(30);
    expect(countMarks(svg, "points_test")).toBe(12);
    // One legend for both panels.
    expect(t.filter((s) => s === "Class")).toHaveLength(1);
    const spec = fig.spec as { hconcat: { layer: { encoding: { x: { scale: { domain: number[] } } } }[] }[] };
    expect(spec.hconcat[0].layer[0].encoding.x.scale.domain).toEqual(spec.hconcat[1].layer[0].encoding.x.scale.domain);
  });

  it("needs at least one dataset", () => {
    expect(() => plot.plotDecisionBoundaries({}, ringModel)).toThrow(/at least one dataset/);
  });
});
