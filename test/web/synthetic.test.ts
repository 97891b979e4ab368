import { describe, expect, it, vi } from "vitest";
// The web app imports Kindling as "kindling" (a Vite alias); here it is the source itself.
vi.mock("kindling", async () => await import("../../src/index.js"));
import * as kd from "kindling";
import { gaussianNoise, makeSpiral, makeXor } from "../../web/src/data/synthetic.js";
import { extractFunctions } from "../../web/src/code/snippets.js";
import syntheticSource from "../../web/src/data/synthetic.ts?raw";

describe("XOR", () => {
  it("labels by quadrant, keeps points off the axes, and repeats with the seed", () => {
    const [X, y] = makeXor({ nSamples: 400, noise: 0, randomState: 3 });
    expect(X.shape).toEqual([400, 2]);
    expect(y.dtype).toBe("int64");
    for (let i = 0; i < 400; i++) {
      const a = X.data[2 * i], b = X.data[2 * i + 1];
      expect(Math.min(Math.abs(a), Math.abs(b))).toBeGreaterThanOrEqual(0.1 - 1e-6);
      expect(y.data[i]).toBe(a * b < 0 ? 1 : 0);
    }
    const [X2] = makeXor({ nSamples: 400, noise: 0, randomState: 3 });
    expect(X2.equal(X)).toBe(true);
    const [X3] = makeXor({ nSamples: 400, noise: 0, randomState: 4 });
    expect(X3.equal(X)).toBe(false);
  });

  it("adds Gaussian noise of the asked standard deviation", () => {
    const z = gaussianNoise(20000, 0.5, new kd.Generator(1));
    expect(Math.abs(z.mean().item())).toBeLessThan(0.02);
    expect(Math.abs(z.std().item() - 0.5)).toBeLessThan(0.02);
  });
});

describe("spiral", () => {
  it("gives each class its share of points on its own arm", () => {
    const [X, y] = makeSpiral({ nSamples: 301, nClasses: 3, noise: 0, randomState: 0 });
    const counts = [0, 0, 0];
    for (const c of y.data) counts[c]++;
    expect(counts).toEqual([101, 100, 100]);
    // Every point lies on the unit disc, and the first point of each arm is the centre.
    for (let i = 0; i < 301; i++) expect(Math.hypot(X.data[2 * i], X.data[2 * i + 1])).toBeLessThanOrEqual(1);
    expect([X.data[0], X.data[1]]).toEqual([0, 0]);
    // Point 3 (class 0, second on its arm): r = 1/101, t = 3.5π r.
    const r = 1 / 101, t = 3.5 * Math.PI * r;
    expect(X.data[6]).toBeCloseTo(r * Math.sin(t), 6);
    expect(X.data[7]).toBeCloseTo(r * Math.cos(t), 6);
  });
});

describe("the source pasted into Show code", () => {
  it("is the functions themselves, without export, and runs to the same data", () => {
    const text = extractFunctions(syntheticSource, ["gaussianNoise", "makeXor"]);
    expect(text).toContain("function gaussianNoise(");
    expect(text).toContain("function makeXor(");
    expect(text).not.toContain("export");
    expect(text).not.toContain("makeSpiral");
    expect(text.startsWith("/** n standard-normal pairs")).toBe(true);
    expect(() => extractFunctions(syntheticSource, ["nope"])).toThrow(/no function nope/);
  });
});
