/**
 * WGSL sources of the reductions over the middle axis of [outer, size, inner]
 * (parameter words: outer·inner, size, inner).
 *
 * Two shapes of kernel: a short axis is folded by one thread per output; a long one by a
 * workgroup per output, each thread folding a strided share of the axis and the partial
 * results combined in a tree in workgroup memory. Both visit the axis in increasing index
 * within a thread and combine partials in a fixed order, so results do not depend on
 * timing. argmax / argmin carry (value, index) pairs and break ties toward the smaller
 * index, so the first extreme wins as in PyTorch; a NaN is the extreme of max / min and of
 * argmax / argmin (the first NaN's index), as in PyTorch.
 */
import type { ReduceOp } from "../backend.js";
import { FLOAT_LIB, PRELUDE, WGSL_TYPE, input, load, output, store, type Compute, type GpuDType } from "./wgsl.js";

/** Axis lengths from which a workgroup, rather than a thread, reduces each output. */
export const TREE_FROM = 128;
export const TREE_WG = 256;

const isArg = (op: ReduceOp): boolean => op === "argmax" || op === "argmin";

/** The fold's start value in compute type c. */
function identity(op: ReduceOp, c: Compute): string {
  switch (op) {
    case "sum": case "any": return c === "f32" ? "0.0" : "0";
    case "prod": case "all": return c === "f32" ? "1.0" : "1";
    case "max": case "argmax": return c === "f32" ? "-inf_()" : "i32(-2147483647 - 1)";
    case "min": case "argmin": return c === "f32" ? "inf_()" : "2147483647";
  }
}

/**
 * `combine(acc, ai, v, vi)`: the fold's step, for a value v at index vi into the
 * accumulator acc at index ai (indices matter only to argmax / argmin; u32 max is "none").
 */
function combineFn(op: ReduceOp, c: Compute): string {
  const nan = (x: string): string => (c === "f32" ? `isnan_(${x})` : "false");
  const nz = c === "f32" ? "nzf" : "nzi";
  const one = c === "f32" ? "1.0" : "1";
  const zero = c === "f32" ? "0.0" : "0";
  let body: string;
  switch (op) {
    case "sum": body = "return Acc(acc + v, 0u);"; break;
    case "prod": body = "return Acc(acc * v, 0u);"; break;
    case "any": body = `return Acc(select(${zero}, ${one}, ${nz}(acc) || ${nz}(v)), 0u);`; break;
    case "all": body = `return Acc(select(${zero}, ${one}, ${nz}(acc) && ${nz}(v)), 0u);`; break;
    case "max": case "min": {
      const better = op === "max" ? "v > acc" : "v < acc";
      body = `if (${nan("acc")}) { return Acc(acc, 0u); }
  return Acc(select(acc, v, ${nan("v")} || ${better}), 0u);`;
      break;
    }
    case "argmax": case "argmin": {
      const better = op === "argmax" ? "v > acc" : "v < acc";
      const worse = op === "argmax" ? "v < acc" : "v > acc";
      body = `if (vi == 0xffffffffu) { return Acc(acc, ai); }
  if (ai == 0xffffffffu) { return Acc(v, vi); }
  let na = ${nan("acc")};
  let nv = ${nan("v")};
  if (na && nv) { if (vi < ai) { return Acc(v, vi); } return Acc(acc, ai); }
  if (na) { return Acc(acc, ai); }
  if (nv) { return Acc(v, vi); }
  if (${better}) { return Acc(v, vi); }
  if (${worse}) { return Acc(acc, ai); }
  if (vi < ai) { return Acc(v, vi); }
  return Acc(acc, ai);`;
      break;
    }
  }
  return `
struct Acc { v: ${c}, i: u32 }
fn combine(acc: ${c}, ai: u32, v: ${c}, vi: u32) -> Acc {
  ${body}
}`;
}

function compute(x: GpuDType): Compute {
  return x === "float32" ? "f32" : "i32";
}

function resultOf(op: ReduceOp, c: Compute, out: GpuDType, v: string, idx: string): string {
  return isArg(op) ? store(`i32(${idx})`, "i32", out) : store(v, c, out);
}

const COMMON = (op: ReduceOp, x: GpuDType, out: GpuDType, c: Compute): string =>
  PRELUDE + combineFn(op, c) + input(1, "X", WGSL_TYPE[x]) + output(2, "O", WGSL_TYPE[out]) + `
fn at(o: u32, k: u32) -> ${c} {
  let inner = pu(2u);
  let p = o / inner;
  return ${load("X[(p * pu(1u) + k) * inner + o % inner]", x, c)};
}
`;

/** One thread per output, folding the whole axis. */
export function reduceSerialSource(op: ReduceOp, x: GpuDType, out: GpuDType): string {
  const c = compute(x);
  return COMMON(op, x, out, c) + `
@compute @workgroup_size(${TREE_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let o = (wid.y * nwg.x + wid.x) * ${TREE_WG}u + li;
  if (o >= pu(0u)) { return; }
  var acc = Acc(${identity(op, c)}, ${isArg(op) ? "0xffffffffu" : "0u"});
  for (var k = 0u; k < pu(1u); k++) {
    acc = combine(acc.v, acc.i, at(o, k), k);
  }
  O[o] = ${resultOf(op, c, out, "acc.v", "acc.i")};
}`;
}

/** One workgroup per output: strided folds, then a tree over the workgroup's partials. */
export function reduceTreeSource(op: ReduceOp, x: GpuDType, out: GpuDType): string {
  const c = compute(x);
  return COMMON(op, x, out, c) + `
var<workgroup> sv: array<${c}, ${TREE_WG}>;
var<workgroup> si: array<u32, ${TREE_WG}>;
@compute @workgroup_size(${TREE_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let o = wid.y * nwg.x + wid.x;
  if (o >= pu(0u)) { return; }
  var acc = Acc(${identity(op, c)}, ${isArg(op) ? "0xffffffffu" : "0u"});
  for (var k = li; k < pu(1u); k += ${TREE_WG}u) {
    acc = combine(acc.v, acc.i, at(o, k), k);
  }
  sv[li] = acc.v;
  si[li] = acc.i;
  for (var s = ${TREE_WG / 2}u; s > 0u; s >>= 1u) {
    workgroupBarrier();
    if (li < s) {
      let r = combine(sv[li], si[li], sv[li + s], si[li + s]);
      sv[li] = r.v;
      si[li] = r.i;
    }
  }
  if (li == 0u) { O[o] = ${resultOf(op, c, out, "sv[0]", "si[0]")}; }
}`;
}

/**
 * softmax / log-softmax along the middle axis of [outer, size, inner], one invocation per
 * (outer, inner) column, as the CPU op (ops/softmax.ts): shifted by the column's max (a
 * NaN max makes the column NaN; an all −inf column is shifted by 0, giving NaN as in
 * PyTorch), then e / Σe or x − (log Σe + max). Parameter words: [outer·inner, size, inner].
 */
export function softmaxSource(log: boolean): string {
  return PRELUDE + FLOAT_LIB + input(1, "X", "f32") + output(2, "O", "f32") + `
@compute @workgroup_size(${TREE_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let o = (wid.y * nwg.x + wid.x) * ${TREE_WG}u + li;
  if (o >= pu(0u)) { return; }
  let size = pu(1u);
  let inner = pu(2u);
  let base = (o / inner) * size * inner + o % inner;
  var m = -inf_();
  var nan = false;
  for (var k = 0u; k < size; k++) {
    let v = X[base + k * inner];
    nan = nan || isnan_(v);
    m = max(m, v);
  }
  if (m == -inf_()) { m = 0.0; }
  var s = 0.0;
  for (var k = 0u; k < size; k++) { s += exp_(X[base + k * inner] - m); }
  let ls = log_(s) + m;
  for (var k = 0u; k < size; k++) {
    let i = base + k * inner;
    let v = ${log ? "X[i] - ls" : "exp_(X[i] - m) / s"};
    O[i] = select(v, nan_(), nan);
  }
}`;
}
