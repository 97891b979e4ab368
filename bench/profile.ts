/**
 * Profiles one workload's timed part with V8's sampling profiler (node:inspector, so the
 * import and compilation of the library are left out) and prints where the time goes:
 * by source area (ops, autograd, nn, optim, backend kernels, wasm, GC), then the top
 * functions by self and inclusive time.
 *
 *   npx tsx bench/profile.ts [W1 | W2] [epochs] [--save file.cpuprofile]
 *   npx tsx bench/profile.ts W6 [batches] [--save file.cpuprofile]   # one epoch of TinyVGG cut short
 */
import { Session } from "node:inspector";
import { writeFileSync } from "node:fs";
import { w1 } from "./workloads/w1-binary.js";
import { w2 } from "./workloads/w2-multiclass.js";
import { w6 } from "./workloads/w6-fashion-epochs.js";

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

function post<T>(s: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => s.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

/** The part of the code a frame belongs to, for the summary by area. */
function area(cf: CallFrame): string {
  if (cf.functionName === "(garbage collector)") return "GC";
  if (cf.url.startsWith("wasm:") || cf.functionName.startsWith("wasm-function") || cf.functionName.startsWith("$")) return "wasm kernels";
  const m = /\/src\/([a-z]+)\/(?:([a-z]+)\/)?/.exec(cf.url);
  if (!m) return cf.url ? "other JS" : cf.functionName || "(vm)";
  return m[1] === "backend" ? `backend/${m[2] ?? ""}`.replace(/\/$/, "") : m[1];
}

function label(cf: CallFrame): string {
  const file = cf.url.split("/").slice(-2).join("/");
  return `${cf.functionName || "(anonymous)"}  ${file}`;
}

function report(p: Profile): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfTime = new Map<number, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    selfTime.set(id, (selfTime.get(id) ?? 0) + dt);
    total += dt;
  });
  const byArea = new Map<string, number>(), self = new Map<string, number>(), incl = new Map<string, number>();
  for (const [id, t] of selfTime) {
    const cf = (byId.get(id) as ProfileNode).callFrame;
    byArea.set(area(cf), (byArea.get(area(cf)) ?? 0) + t);
    self.set(label(cf), (self.get(label(cf)) ?? 0) + t);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const key = label((byId.get(cur) as ProfileNode).callFrame);
      if (!seen.has(key)) incl.set(key, (incl.get(key) ?? 0) + t);
      seen.add(key);
    }
  }
  const show = (title: string, m: Map<string, number>, k: number): void => {
    console.log(`--- ${title} ---`);
    for (const [key, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, k)) {
      console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(6)} ms  ${key}`);
    }
  };
  console.log(`sampled ${(total / 1000).toFixed(0)} ms`);
  show("by area (self time)", byArea, 20);
  show("functions by self time", self, 25);
  show("functions by inclusive time", incl, 40);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const which = args[0] ?? "W1";
  const epochs = Number(args[1] ?? (which === "W1" ? 1000 : which === "W6" ? 300 : 100));
  const saveAt = args.indexOf("--save");
  const s = new Session();
  s.connect();
  await post(s, "Profiler.enable");
  await post(s, "Profiler.setSamplingInterval", { interval: 100 });
  await post(s, "Profiler.start");
  const r = which === "W6" ? w6(1, epochs, false) : which === "W2" ? w2(epochs) : w1(epochs);
  const { profile } = await post<{ profile: Profile }>(s, "Profiler.stop");
  s.disconnect();
  if (which === "W6") console.log(`W6: ${epochs} batches in ${r.ms.toFixed(0)} ms (${(r.ms / epochs).toFixed(2)} ms/batch, training only)`);
  else console.log(`${which}: ${epochs} epochs in ${r.ms.toFixed(0)} ms (${((r.ms / epochs) * 1000).toFixed(0)} µs/epoch), accuracy ${r.accuracy}`);
  if (saveAt >= 0) writeFileSync(args[saveAt + 1], JSON.stringify(profile));
  report(profile);
}

await main();
