/** torch.max / torch.min: over everything, over a dim (values and indices), or element-wise with another tensor. */
import { Tensor } from "../tensor/tensor.js";
import { parseArgs, type DimArgs } from "./args.js";
import { maximum, minimum } from "./elementwise.js";
import { maxAll, maxDim, minAll, minDim, type ValuesIndices } from "./reduce.js";
import { OPS } from "./table.js";

type WithDim = DimArgs<number> & ([number, ...unknown[]] | [{ dim: number }, ...unknown[]]);

function extreme(op: "max" | "min", x: Tensor, args: readonly unknown[]): Tensor | ValuesIndices {
  if (args[0] instanceof Tensor) {
    if (args.length > 1) throw new TypeError(`${op}() takes one tensor to compare with, but ${args.length} arguments were given`);
    return op === "max" ? maximum(x, args[0]) : minimum(x, args[0]);
  }
  const a = parseArgs(op, OPS.maxDim.args, args);
  if (a.dim === undefined) {
    if (a.keepdim !== undefined) throw new TypeError(`${op}() got keepdim without dim: pass dim as well`);
    return op === "max" ? maxAll(x) : minAll(x);
  }
  return op === "max" ? maxDim(x, a.dim, a.keepdim) : minDim(x, a.dim, a.keepdim);
}

/** `kd.max(x)`, `kd.max(x, other)`, `kd.max(x, 1)`, `kd.max(x, 1, true)`, `kd.max(x, { dim: 1 })`. */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, ...args: WithDim): ValuesIndices;
export function max(x: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
  return extreme("max", x, args);
}

export function min(x: Tensor): Tensor;
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, ...args: WithDim): ValuesIndices;
export function min(x: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
  return extreme("min", x, args);
}
