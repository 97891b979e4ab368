/**
 * The large-file bench (issue 16's targets): a 1,000,000 × 20 CSV (≈ 192 MB) loaded by
 * Kindling and by pandas' read_csv in the same run, `kindling train --epochs 2
 * --batch-size 1024` and `kindling predict` on it end to end, and `kindling train
 * --stream` for one epoch over a 10,000,000-row file (≈ 1.9 GB, written and removed here).
 * Each measurement is one fresh process; peak memory is the process's maximum RSS.
 *
 *   npm run bench -- --only CSV            (the 1M-row rows)
 *   npm run bench -- --only CSV,STREAM     (and the 10M-row --stream row; needs ~2 GB of disk)
 *   tsx bench/csv/run.ts [--rows N] [--stream-rows N] [--reps N] [--csv FILE] [--before] [--json]
 * --before also times readCsv (papaparse + DataFrame), the path `train` used before.
 * --reps N runs each Kindling process N times and reports the least wall and CPU time (the
 * run least disturbed by other work on the machine) and the largest peak memory.
 * --csv FILE measures an existing bench file (written earlier by data.ts) instead of writing one.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeBenchCsv } from "./data.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const cli = join(repo, "dist", "cli", "main.js");
// Printed at exit by every Node child: its peak resident memory.
// CPU time too: on a shared machine it says what the wall time cannot.
const RSS_HOOK = `data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("\\nMAXRSS "+u.maxRSS+" CPU "+(u.userCPUTime+u.systemCPUTime)+"\\n")})`;

interface Measure {
  ms: number;
  /** User + system CPU time of the process. */
  cpuMs: number;
  rssMb: number;
  stdout: string;
}

function node1(args: string[]): Measure {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", RSS_HOOK, ...args], { cwd: repo, encoding: "utf8", maxBuffer: 1 << 26, timeout: 60 * 60_000 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  const m = /MAXRSS (\d+) CPU (\d+)/.exec(r.stderr);
  return { ms, cpuMs: m ? Number(m[2]) / 1000 : NaN, rssMb: m ? Number(m[1]) / 1024 : NaN, stdout: r.stdout };
}

let reps = 1;

/** `reps` runs: the least wall and CPU time, the largest peak memory, the fastest run's output. */
function node(args: string[]): Measure {
  let best: Measure | null = null;
  let cpuMs = Infinity, rssMb = 0;
  for (let i = 0; i < reps; i++) {
    const m = node1(args);
    if (!best || m.ms < best.ms) best = m;
    cpuMs = Math.min(cpuMs, m.cpuMs);
    rssMb = Math.max(rssMb, m.rssMb);
  }
  return { ...best!, cpuMs, rssMb };
}

function findPandas(): string | null {
  const candidates = [process.env.KINDLING_PYTHON, join(repo, ".venv/bin/python"), join(repo, "../venv/bin/python"), "python3"].filter((p): p is string => !!p);
  for (const py of candidates) {
    if (py.includes("/") && !existsSync(py)) continue;
    if (spawnSync(py, ["-c", "import pandas"], { encoding: "utf8" }).status === 0) return py;
  }
  return null;
}

interface Row {
  name: string;
  kindling: string;
  reference: string;
  target: string;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, fallback: number): number => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const rows = opt("--rows", 1_000_000);
  const streamRows = opt("--stream-rows", 0);
  const json = args.includes("--json");
  reps = Math.max(1, opt("--reps", 1));
  const given = args.includes("--csv") ? args[args.indexOf("--csv") + 1] : null;
  const say = (s: string): void => {
    if (!json) process.stderr.write(`${s}\n`);
  };
  if (!existsSync(cli)) throw new Error("dist/cli/main.js is missing: run npm run build first");
  const out: Row[] = [];
  const notes: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), "kindling-csv-bench-"));
  try {
    const csv = given ?? join(dir, "big.csv");
    if (given) say(`using ${csv}`);
    else say(`writing ${rows} × 20 rows to ${csv}`);
    const bytes = given ? statSync(csv).size : writeBenchCsv(csv, rows, 20);
    const mb = (bytes / 1e6).toFixed(0);

    say("loading: Kindling");
    const k = node(["--import", "tsx", join(here, "load-child.ts"), "loadCsv", csv]);
    const kMs = (JSON.parse(k.stdout.trim().split("\n").pop()!) as { ms: number }).ms;
    const py = findPandas();
    if (py) {
      say(`loading: pandas (${py})`);
      const r = spawnSync(py, [join(here, "pandas_load.py"), csv], { encoding: "utf8", maxBuffer: 1 << 24 });
      if (r.status !== 0) throw new Error(`pandas failed:\n${r.stderr}`);
      const p = JSON.parse(r.stdout.trim().split("\n").pop()!) as { ms: number; rss_mb: number; cpu_ms: number };
      out.push({ name: `load ${mb} MB (${rows} × 20)`, kindling: `${(kMs / 1000).toFixed(2)} s, ${k.rssMb.toFixed(0)} MB`, reference: `pandas ${(p.ms / 1000).toFixed(2)} s (cpu ${(p.cpu_ms / 1000).toFixed(1)} s), ${p.rss_mb.toFixed(0)} MB (${(kMs / p.ms).toFixed(2)}×)`, target: "≤ 1.5× pandas" });
    } else {
      notes.push("pandas not found (tried $KINDLING_PYTHON, a venv, python3): the load row has no reference.");
      out.push({ name: `load ${mb} MB (${rows} × 20)`, kindling: `${(kMs / 1000).toFixed(2)} s, ${k.rssMb.toFixed(0)} MB`, reference: "-", target: "≤ 1.5× pandas" });
    }
    if (args.includes("--before")) {
      say("loading: readCsv (papaparse + DataFrame, the old path)");
      const b = node(["--import", "tsx", join(here, "load-child.ts"), "readCsv", csv]);
      const bMs = (JSON.parse(b.stdout.trim().split("\n").pop()!) as { ms: number }).ms;
      out.push({ name: "  load through readCsv (before)", kindling: `${(bMs / 1000).toFixed(2)} s, ${b.rssMb.toFixed(0)} MB`, reference: "", target: "" });
    }

    const model = join(dir, "m.safetensors");
    say("kindling train --epochs 2 --batch-size 1024");
    const t = node([cli, "train", "--csv", csv, "--target", "label", "--epochs", "2", "--batch-size", "1024", "--save", model, "--quiet"]);
    out.push({ name: "train --epochs 2 --batch-size 1024 (process)", kindling: `${(t.ms / 1000).toFixed(2)} s (cpu ${(t.cpuMs / 1000).toFixed(1)} s), ${t.rssMb.toFixed(0)} MB`, reference: "", target: "≤ 8 s, ≤ 600 MB" });

    const pred = join(dir, "pred.csv");
    say("kindling predict");
    const p = node([cli, "predict", "--model", model, "--csv", csv, "--out", pred]);
    const outMb = statSync(pred).size / 1e6;
    out.push({ name: "predict (process)", kindling: `${(rows / (p.ms / 1000) / 1000).toFixed(0)}k rows/s (cpu ${(p.cpuMs / 1000).toFixed(1)} s), ${p.rssMb.toFixed(0)} MB, writes ${outMb.toFixed(0)} MB`, reference: "", target: "≥ 250k rows/s, ≤ 400 MB" });
    rmSync(pred, { force: true });
    if (!given) rmSync(csv, { force: true });

    if (streamRows > 0) {
      const big = join(dir, "huge.csv");
      say(`writing ${streamRows} rows for --stream`);
      const hb = writeBenchCsv(big, streamRows, 20, 2);
      say("kindling train --stream --epochs 1 --batch-size 1024");
      const s = node([cli, "train", "--csv", big, "--target", "label", "--stream", "--epochs", "1", "--batch-size", "1024", "--quiet"]);
      out.push({ name: `train --stream, ${(hb / 1e9).toFixed(1)} GB (${streamRows} rows), 1 epoch`, kindling: `${(s.ms / 1000).toFixed(1)} s (cpu ${(s.cpuMs / 1000).toFixed(1)} s), ${s.rssMb.toFixed(0)} MB`, reference: "", target: "≤ 500 MB" });
      rmSync(big, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (json) {
    console.log(JSON.stringify({ rows: out, notes }));
    return;
  }
  const w = [0, 1, 2, 3].map((i) => out.reduce((m, r) => Math.max(m, [r.name, r.kindling, r.reference, r.target][i].length), 8));
  const line = (c: string[]): string => c.map((s, i) => s.padEnd(w[i])).join("  ");
  console.log(line(["workload", "Kindling", "reference", "target"]));
  for (const r of out) console.log(line([r.name, r.kindling, r.reference, r.target]));
  for (const n of notes) console.log(`note: ${n}`);
}

await main();
