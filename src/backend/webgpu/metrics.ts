/**
 * WGSL sources of the metrics' counting (kd.metrics on the device, metrics/core/device-counts.ts):
 * one invocation per position works out the position's bin and adds 1 to it in an int32
 * tally (atomic), so an update is one or two dispatches and reads nothing back. The bins
 * are the counted ones [0, bins) and three after them: bins + 0 a position left out
 * (ignored), bins + 1 a target a check refuses, bins + 2 a prediction a check refuses.
 * The rules are the CPU's (metrics/core/labels.ts: decideBinary, countDecisions,
 * decodeMulticlass), restated per position.
 */
import { PRELUDE, WGSL_TYPE, flatMain, input, type GpuDType } from "./wgsl.js";

const TALLY = (binding: number): string => `@group(0) @binding(${binding}) var<storage, read_write> TALLY: array<atomic<i32>>;\n`;

/**
 * `T[i]` against the ignore index (parameter word `word`, in the target's own type) and,
 * truncated as the CPU's Int32Array of targets truncates it, against 1 and 0; `known`: the
 * value itself is 0 or 1 (the check of validateArgs).
 */
function targetTests(t: GpuDType, word: number): string {
  if (t === "float32") {
    return `let tv = T[i]; let is1 = trunc(tv) == 1.0; let is0 = trunc(tv) == 0.0; let known = tv == 0.0 || tv == 1.0;
  let ign = hasIgnore && tv == pf(${word}u);`;
  }
  const v = t === "int32" ? "T[i]" : "i32(T[i])";
  return `let tv = ${v}; let is1 = tv == 1; let is0 = tv == 0; let known = is0 || is1; let ign = hasIgnore && tv == pi(${word}u);`;
}

/**
 * Binary and multi-label decisions, positions laid out [rows, cols, inner]; bin =
 * slot · 4 + kind (kind 0 tp, 1 fp, 2 tn, 3 fn; one slot per label, per sample and label
 * when samplewise). Float scores: with `logitsPass`, the pass that raises word 0 of W when
 * a score (a kept one, with the "kept" scope) is outside [0, 1]; then the counting pass
 * squashes every score by the sigmoid when W[0] is set and compares with the threshold.
 * Parameter words: [n, cols, inner, samplewise, bins, flags (1 ignore, 2 kept scope,
 * 4 validate), ignore, threshold (f32)].
 */
export function binaryTallySource(p: GpuDType, t: GpuDType, logitsPass: boolean): string {
  const scores = p === "float32";
  const head = PRELUDE + input(1, "S", WGSL_TYPE[p]) + input(2, "T", WGSL_TYPE[t]);
  const common = `
  let flags = pu(5u);
  let hasIgnore = (flags & 1u) != 0u;
  ${targetTests(t, 6)}`;
  if (logitsPass) {
    return head + "@group(0) @binding(3) var<storage, read_write> W: array<atomic<u32>>;\n" + flatMain(`${common}
  let v = S[i];
  let outside = isnan_(v) || v < 0.0 || v > 1.0;
  if (outside && !((flags & 2u) != 0u && ign)) { atomicStore(&W[0], 1u); }`);
  }
  const decide = scores
    ? `let raw = S[i];
  let v = select(raw, 1.0 / (1.0 + exp(-raw)), atomicLoad(&W[0]) != 0u);
  let yes = v > pf(7u);
  let no = !yes;
  let badPred = false;`
    : `let pv = i32(S[i]);
  let yes = pv == 1;
  let no = pv == 0;
  let badPred = validate && !(yes || no);`;
  return head + (scores ? "@group(0) @binding(3) var<storage, read_write> W: array<atomic<u32>>;\n" : "") + TALLY(scores ? 4 : 3) + flatMain(`${common}
  let validate = (flags & 4u) != 0u;
  let cols = pu(1u);
  let inner = pu(2u);
  let bins = pu(4u);
  ${decide}
  let pos = is1 && !ign;
  let neg = is0 && !ign;
  var slot = (i / inner) % cols;
  if (pu(3u) != 0u) { slot = i / inner; }
  var bin = bins;
  if (pos) { bin = slot * 4u + select(3u, 0u, yes); }
  if (neg) { bin = slot * 4u + select(1u, 2u, no); }
  if (badPred) { bin = bins + 2u; }
  if (validate && !(known || ign)) { bin = bins + 1u; }
  atomicAdd(&TALLY[bin], 1);`);
}

/**
 * Multi-class labels: bin = target · C + prediction (plus sample · C² when samplewise), or
 * without a number of classes 0 (right) / 1 (wrong). Scores [rows, classes, perRow] give
 * their arg-max (the first of equal maxima), or the target when fewer than top-k classes
 * outrank it (a higher score, or an equal one at a lower index); labels are truncated.
 * Parameter words: [n, perRow, classes (of the scores), numClasses (0: none), topK,
 * samplewise, bins, hasIgnore, ignore].
 */
export function multiclassTallySource(p: GpuDType, t: GpuDType, scores: boolean): string {
  const pred = scores
    ? `let classes = pu(2u);
  let r = i / perRow;
  let base = r * classes * perRow + i % perRow;
  var best = 0u;
  var bestVal = S[base];
  for (var k = 1u; k < classes; k++) {
    let v = S[base + k * perRow];
    if (v > bestVal) { best = k; bestVal = v; }
  }
  var pred = i32(best);
  if (pu(4u) > 1u && !ign && tgt >= 0 && u32(tgt) < classes) {
    let tv = S[base + u32(tgt) * perRow];
    var ahead = 0u;
    for (var k = 0u; k < classes; k++) {
      let v = S[base + k * perRow];
      if (v > tv || (v == tv && k < u32(tgt))) { ahead++; }
    }
    if (ahead < pu(4u)) { pred = tgt; }
  }`
    : `let pred = i32(S[i]);`;
  return PRELUDE + input(1, "S", WGSL_TYPE[p]) + input(2, "T", WGSL_TYPE[t]) + TALLY(3) + flatMain(`
  let perRow = pu(1u);
  let hasIgnore = pu(7u) != 0u;
  ${targetTests(t, 8)}
  let tgt = i32(T[i]);
  ${pred}
  let c = i32(pu(3u));
  let bins = pu(6u);
  var bin: u32;
  if (c == 0) {
    bin = select(select(0u, 1u, pred != tgt), bins, ign || tgt < 0);
  } else if (ign) {
    bin = bins;
  } else if (tgt < 0 || tgt >= c) {
    bin = bins + 1u;
  } else if (pred < 0 || pred >= c) {
    bin = bins + 2u;
  } else {
    bin = u32(tgt * c + pred);
    if (pu(5u) != 0u) { bin += (i / perRow) * u32(c * c); }
  }
  atomicAdd(&TALLY[bin], 1);`);
}
