/**
 * The six class colours stay apart for colour-blind people: every pair is at least a set
 * CIELAB distance (ΔE*76) apart with normal vision and under Machado, Oliveira and
 * Fernandes' (2009) simulations of protanopia, deuteranopia and tritanopia (severity 1),
 * for the full colours (points, legend) and for the half tints the heat map paints.
 * The palette used before (Okabe–Ito with vermillion and sky blue) fails this.
 */
import { describe, expect, it } from "vitest";
import { CLASS_COLORS, tint, type RGB } from "../../web/src/ui/palette.js";

/** Machado et al. 2009, severity 1.0, on linear RGB. */
const SIMULATIONS: Record<string, number[][]> = {
  normal: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]],
};

const linear = (v: number): number => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** sRGB (0–255) seen through a simulation, in CIELAB (D65). */
function seen(rgb: RGB, m: number[][]): [number, number, number] {
  const lin = rgb.map(linear);
  const [r, g, b] = m.map((row) => Math.min(1, Math.max(0, row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2])));
  const X = 0.4124 * r + 0.3576 * g + 0.1805 * b, Y = 0.2126 * r + 0.7152 * g + 0.0722 * b, Z = 0.0193 * r + 0.1192 * g + 0.9505 * b;
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const [fx, fy, fz] = [f(X / 0.95047), f(Y), f(Z / 1.08883)];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** The closest pair of colours under each simulation: its distance and which two. */
function closest(colors: readonly RGB[]): Record<string, { distance: number; pair: [number, number] }> {
  const out: Record<string, { distance: number; pair: [number, number] }> = {};
  for (const [name, m] of Object.entries(SIMULATIONS)) {
    const labs = colors.map((c) => seen(c, m));
    out[name] = { distance: Infinity, pair: [-1, -1] };
    for (let i = 0; i < labs.length; i++) {
      for (let j = i + 1; j < labs.length; j++) {
        const d = Math.hypot(labs[i][0] - labs[j][0], labs[i][1] - labs[j][1], labs[i][2] - labs[j][2]);
        if (d < out[name].distance) out[name] = { distance: d, pair: [i, j] };
      }
    }
  }
  return out;
}

const half = (colors: readonly RGB[]): RGB[] => colors.map((c) => tint(c, 0.5));
const worst = (r: ReturnType<typeof closest>): number => Math.min(...Object.values(r).map((v) => v.distance));

const OKABE_ITO_BEFORE: RGB[] = [[0, 114, 178], [230, 159, 0], [0, 158, 115], [204, 121, 167], [213, 94, 0], [86, 180, 233]];

describe("the class palette", () => {
  it("has six colours that stay apart with colour-blindness, full and as heat-map tints", () => {
    expect(CLASS_COLORS).toHaveLength(6);
    const full = closest(CLASS_COLORS), tinted = closest(half(CLASS_COLORS));
    for (const [name, r] of Object.entries(full)) expect(r.distance, `${name}: classes ${r.pair}`).toBeGreaterThanOrEqual(19);
    for (const [name, r] of Object.entries(tinted)) expect(r.distance, `${name} (tints): classes ${r.pair}`).toBeGreaterThanOrEqual(12);
  });

  it("is a clear step up from the Okabe–Ito set it replaced", () => {
    expect(worst(closest(OKABE_ITO_BEFORE))).toBeLessThan(19);
    expect(worst(closest(half(OKABE_ITO_BEFORE)))).toBeLessThan(12);
    expect(worst(closest(half(CLASS_COLORS)))).toBeGreaterThan(1.5 * worst(closest(half(OKABE_ITO_BEFORE))));
  });
});
