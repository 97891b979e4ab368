/**
 * The cluster centroids of make_classification: distinct vertices of the unit hypercube
 * drawn by scikit-learn's `sample_without_replacement` (sklearn/utils/_random.pyx).
 */
import { ValueError } from "../../errors.js";
import type { RandomState } from "../../random/random-state.js";

/**
 * `sample_without_replacement(nPopulation, nSamples)` with method "auto": a permutation's
 * head for ratios strictly between 0.01 and 0.99, else tracking selection below 0.2
 * (redraw a seen index) and reservoir sampling above.
 */
export function sampleWithoutReplacement(nPopulation: number, nSamples: number, rs: RandomState): number[] {
  if (nPopulation < 0) throw new ValueError(`n_population should be greater than 0, got ${nPopulation}.`);
  if (nSamples > nPopulation) {
    throw new ValueError(`n_population should be greater or equal than n_samples, got n_samples > n_population (${nSamples} > ${nPopulation})`);
  }
  const ratio = nPopulation !== 0 ? nSamples / nPopulation : 1;
  if (ratio > 0.01 && ratio < 0.99) return rs.permutation(nPopulation).slice(0, nSamples);
  if (ratio < 0.2) {
    const selected = new Set<number>();
    const out: number[] = [];
    for (let i = 0; i < nSamples; i++) {
      let j = rs.randint(nPopulation);
      while (selected.has(j)) j = rs.randint(nPopulation);
      selected.add(j);
      out.push(j);
    }
    return out;
  }
  const out = Array.from({ length: nSamples }, (_, i) => i);
  for (let i = nSamples; i < nPopulation; i++) {
    const j = rs.randint(0, i + 1);
    if (j < nSamples) out[j] = i;
  }
  return out;
}

/**
 * `_generate_hypercube(samples, dimensions)`: rows of 0/1 coordinates, each the binary digits
 * (most significant first) of a distinct integer below 2^dimensions. Above 30 dimensions the
 * leading ones are plain coin flips, drawn before the last 30.
 */
export function generateHypercube(samples: number, dimensions: number, rs: RandomState): number[][] {
  if (dimensions > 30) {
    const extra = rs.randint(2, null, [samples, dimensions - 30]);
    const tail = generateHypercube(samples, 30, rs);
    return tail.map((row, i) => [...extra.slice(i * (dimensions - 30), (i + 1) * (dimensions - 30)), ...row]);
  }
  const picks = sampleWithoutReplacement(2 ** dimensions, samples, rs);
  return picks.map((v) => Array.from({ length: dimensions }, (_, j) => Math.floor(v / 2 ** (dimensions - 1 - j)) % 2));
}
