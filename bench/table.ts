/** The benchmark's report: one line per workload, then the settings and notes that qualify it. */
import type { TorchInfo } from "./python.js";
import type { WorkloadResult } from "./workloads/result.js";

export type Target =
  | { kind: "ratio"; max: number; against?: "default" | "best" }
  | { kind: "gflops"; min: number }
  | { kind: "speedup"; min: number; of: string }
  | { kind: "none" };

export interface Row {
  name: string;
  kindling: WorkloadResult[];
  /** PyTorch's runs per configuration label (e.g. "default (2 threads)", "1 thread"). */
  torch: Record<string, WorkloadResult[]>;
  target: Target;
}

export interface Env {
  node: string;
  kindlingThreads: string;
  torch: TorchInfo | null;
  reps: number;
}

type Median = (xs: readonly number[]) => number;

const fmtMs = (ms: number): string => (Number.isNaN(ms) ? "-" : ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(0)} µs`);
const fmtNum = (x: number | undefined, digits = 1): string => (x === undefined || Number.isNaN(x) ? "-" : x.toFixed(digits));

/** Kindling's median time, PyTorch's median per configuration, and the derived figures. */
export function summarise(row: Row, median: Median): {
  kMs: number; tMs: Record<string, number>; ratio: number; kGflops: number; tGflops: number; kRss: number; tRss: number;
  kAcc?: number; tAcc?: number;
} {
  const kMs = median(row.kindling.map((r) => r.ms));
  const tMs: Record<string, number> = {};
  for (const [label, runs] of Object.entries(row.torch)) tMs[label] = median(runs.map((r) => r.ms));
  const labels = Object.keys(tMs);
  const against = row.target.kind === "ratio" && row.target.against === "default" ? tMs[labels[0]] : Math.min(...Object.values(tMs));
  const gflop = row.kindling[0]?.gflop;
  const allTorch = Object.values(row.torch).flat();
  const peak = (rs: WorkloadResult[]): number => Math.max(...rs.map((r) => (r as { peakRssMb?: number }).peakRssMb ?? Number.NaN));
  const accs = (rs: WorkloadResult[]): number | undefined => (rs[0]?.accuracy === undefined ? undefined : median(rs.map((r) => r.accuracy as number)));
  return {
    kMs, tMs,
    ratio: labels.length ? kMs / against : Number.NaN,
    kGflops: gflop ? gflop / (kMs / 1000) : Number.NaN,
    tGflops: gflop && labels.length ? gflop / (Math.min(...Object.values(tMs)) / 1000) : Number.NaN,
    kRss: peak(row.kindling), tRss: allTorch.length ? peak(allTorch) : Number.NaN,
    kAcc: accs(row.kindling), tAcc: allTorch.length ? accs(allTorch) : undefined,
  };
}

function verdict(row: Row, rows: Row[], median: Median): string {
  const s = summarise(row, median);
  const t = row.target;
  if (t.kind === "ratio") return Number.isNaN(s.ratio) ? `≤${t.max}× (no PyTorch)` : `≤${t.max}× ${s.ratio <= t.max ? "met" : "MISSED"}`;
  if (t.kind === "gflops") return `≥${t.min} GFLOP/s ${s.kGflops >= t.min ? "met" : "MISSED"}`;
  if (t.kind === "speedup") {
    const base = rows.find((r) => r.name === t.of);
    if (!base) return "-";
    const speedup = s.kGflops / summarise(base, median).kGflops;
    return `≥${t.min}× of 1 thr: ${speedup.toFixed(2)}× ${speedup >= t.min ? "met" : "MISSED"}`;
  }
  return "";
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
}

export function formatReport(env: Env, notes: string[], rows: Row[], median: Median): string {
  const out: string[] = [];
  const t = env.torch;
  out.push(`Kindling benchmark: node ${env.node}, Kindling threads ${env.kindlingThreads}; medians of ${env.reps} runs (W3, W4: ${Math.ceil(env.reps / 2)}), runs interleaved, one process each.`);
  out.push(t
    ? `PyTorch ${t.torch} via ${t.python}: BLAS ${t.blas}, CPU capability ${t.cpuCapability}, default ${t.threads} threads (interop ${t.interopThreads}); env ${Object.entries(t.env).map(([k, v]) => `${k}=${v}`).join(" ") || "(no thread/BLAS variables)"}.`
    : "PyTorch: NOT FOUND — Kindling's side only.");
  out.push("");
  const header = ["workload", "Kindling", "PyTorch", "K/P", "target", "GFLOP/s K | P", "peak RSS MB K | P", "accuracy K | P"];
  const body: string[][] = [];
  for (const row of rows) {
    const s = summarise(row, median);
    const torchCell = Object.entries(s.tMs).map(([label, ms]) => `${fmtMs(ms)} (${label})`).join(", ") || "-";
    body.push([
      row.name, fmtMs(s.kMs), torchCell, Number.isNaN(s.ratio) ? "-" : `${s.ratio.toFixed(2)}×`, verdict(row, rows, median),
      Number.isNaN(s.kGflops) ? "-" : `${fmtNum(s.kGflops)} | ${fmtNum(s.tGflops)}`,
      `${fmtNum(s.kRss, 0)} | ${fmtNum(s.tRss, 0)}`,
      s.kAcc === undefined ? "-" : `${fmtNum(s.kAcc, 3)} | ${fmtNum(s.tAcc, 3)}`,
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  out.push(pad(header, widths));
  out.push(widths.map((w) => "-".repeat(w)).join("  "));
  for (const b of body) out.push(pad(b, widths));
  out.push("");
  out.push("K/P: Kindling's median over PyTorch's (the faster PyTorch configuration, or its default where the target says so).");
  const describe = (n: Record<string, unknown>): string =>
    Object.entries(n).map(([k, v]) => `${k} ${typeof v === "number" ? +v.toPrecision(4) : v}`).join(", ");
  for (const row of rows) {
    const n = row.kindling[row.kindling.length >> 1]?.notes;
    if (n && Object.keys(n).length) out.push(`${row.name}: ${describe(n)}`);
    // PyTorch's own notes where they say what Kindling's do (W6's epochs and test accuracy).
    for (const [label, runs] of Object.entries(row.torch)) {
      const t = runs[runs.length >> 1]?.notes;
      if (t && n && Object.keys(t).some((k) => k in n)) out.push(`  PyTorch ${label}: ${describe(t)}`);
    }
  }
  for (const note of notes) out.push(`NOTE: ${note}`);
  return out.join("\n");
}
