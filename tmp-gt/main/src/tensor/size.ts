/**
 * torch.Size: what `tensor.size()` returns. An ordinary array of numbers (index it, spread
 * it, compare it with toEqual) that prints as PyTorch prints a shape: `torch.Size([800, 2])`,
 * from String(), a template literal or console.log.
 */

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

export class Size extends Array<number> {
  /** map / filter / slice of a Size give plain arrays, as tuple operations in Python do. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** A frozen Size holding `shape` (never `new Size(n)`, which Array reads as a length). */
  static fromShape(shape: readonly number[]): Size {
    const s = new Size();
    for (const d of shape) s.push(d);
    return Object.freeze(s) as Size;
  }

  /** Elements a tensor of this shape holds (torch.Size.numel). */
  numel(): number {
    let n = 1;
    for (const d of this) n *= d;
    return n;
  }

  override toString(): string {
    return `torch.Size([${this.join(", ")}])`;
  }

  [INSPECT](): string {
    return this.toString();
  }
}
