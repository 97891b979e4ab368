/**
 * randomSplit (torch.utils.data.random_split): non-overlapping random subsets of
 * given lengths, or of given fractions of the dataset.
 */
import { ValueError } from "../../errors.js";
import { getDefaultGenerator, type Generator } from "../../random/generator.js";
import { randperm } from "../../random/integers.js";
import { Subset, type Dataset } from "./dataset.js";

/** Python's math.isclose(a, b) with its default rel_tol = 1e-9. */
function isClose(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Lengths from fractions summing to 1: floor(n · fraction) each, then the remainder
 * handed out one by one, round robin from the first split.
 */
function lengthsFromFractions(n: number, fractions: readonly number[]): number[] {
  const lengths = fractions.map((frac, i) => {
    if (!(frac >= 0 && frac <= 1)) throw new ValueError(`Fraction at index ${i} is not between 0 and 1`);
    return Math.floor(n * frac);
  });
  const remainder = n - lengths.reduce((a, b) => a + b, 0);
  for (let i = 0; i < remainder; i++) lengths[i % lengths.length] += 1;
  return lengths;
}

/**
 * Splits `dataset` into subsets of the given `lengths` (whole numbers summing to its
 * length, or fractions summing to 1). The indices come from one randperm of the
 * whole length drawn from `generator` (the global generator by default), so the
 * same seed gives torch's split.
 */
export function randomSplit<T>(
  dataset: Dataset<T>,
  lengths: readonly number[],
  opts: { generator?: Generator } = {},
): Subset<T>[] {
  const n = dataset.len();
  const total = lengths.reduce((a, b) => a + b, 0);
  const sizes = isClose(total, 1) && total <= 1 ? lengthsFromFractions(n, lengths) : [...lengths];
  if (sizes.reduce((a, b) => a + b, 0) !== n) {
    throw new ValueError("Sum of input lengths does not equal the length of the input dataset!");
  }
  sizes.forEach((size, i) => {
    if (!Number.isInteger(size) || size < 0) throw new ValueError(`Length at index ${i} must be a non-negative integer, got ${size}`);
  });
  const perm = randperm(n, { generator: opts.generator ?? getDefaultGenerator() }).data;
  const subsets: Subset<T>[] = [];
  let offset = 0;
  for (const size of sizes) {
    subsets.push(new Subset(dataset, Array.from(perm.subarray(offset, offset + size))));
    offset += size;
  }
  return subsets;
}
