/**
 * Colours. Six class colours that stay apart for people with protanopia, deuteranopia
 * and tritanopia as well as for normal vision: Okabe–Ito's blue and orange first (the
 * binary case is the safest pair), then Paul Tol's teal, sand, wine and red. They were
 * picked from the Okabe–Ito and Tol palettes by the smallest CIELAB distance between any
 * two classes under Machado et al.'s (2009) simulations, of the full colours and of the
 * paler tints the heat map uses (test/web/palette.test.ts checks it). Okabe–Ito's
 * vermillion and sky blue, used before, fell next to orange and blue. Neuron maps use a
 * blue–white–orange diverging scale for the sign.
 */

export type RGB = [number, number, number];

export const CLASS_COLORS: readonly RGB[] = [
  [0x00, 0x72, 0xb2], // blue (Okabe–Ito)
  [0xe6, 0x9f, 0x00], // orange (Okabe–Ito)
  [0x44, 0xaa, 0x99], // teal (Tol)
  [0xdd, 0xcc, 0x77], // sand (Tol)
  [0x88, 0x22, 0x55], // wine (Tol)
  [0xcc, 0x33, 0x11], // red (Tol)
];

export const css = ([r, g, b]: RGB): string => `rgb(${r} ${g} ${b})`;

export const classColor = (k: number): RGB => CLASS_COLORS[k % CLASS_COLORS.length];

/** c mixed into white by t ∈ [0, 1]. */
export function tint(c: RGB, t: number): RGB {
  return [255 + (c[0] - 255) * t, 255 + (c[1] - 255) * t, 255 + (c[2] - 255) * t];
}

/**
 * The heat-map colour of one grid cell from its K class probabilities: the winning
 * class's colour, stronger the surer the model is (chance level 1/K → white); `discrete`
 * gives every cell the full strength.
 */
export function cellColor(probs: ArrayLike<number>, offset: number, k: number, discrete = false): RGB {
  let best = 0;
  for (let j = 1; j < k; j++) if (probs[offset + j] > probs[offset + best]) best = j;
  // Discretized: every cell as strong as a sure one, so only the predicted class shows.
  const sure = discrete ? 1 : (probs[offset + best] - 1 / k) / (1 - 1 / k);
  return tint(classColor(best), 0.06 + 0.5 * Math.max(0, Math.min(1, sure)));
}

/** A neuron's activation scaled to [-1, 1]: blue for negative, white at 0, orange for positive. */
export function divergingColor(v: number): RGB {
  const t = Math.max(-1, Math.min(1, v));
  return t < 0 ? tint(CLASS_COLORS[0], -t) : tint(CLASS_COLORS[1], t);
}
