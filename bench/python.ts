/**
 * Finds a Python with PyTorch for the comparison: $KINDLING_PYTHON first, then a virtual
 * environment beside or inside the repository, then python3 / python on the PATH.
 * Returns null (and the benchmark says so) when none imports torch.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export interface TorchInfo {
  python: string;
  torch: string;
  threads: number;
  interopThreads: number;
  blas: string;
  cpuCapability: string;
  env: Record<string, string>;
  pythonVersion: string;
}

export function findTorch(repo: string, script: string): { info: TorchInfo | null; tried: string[] } {
  const candidates: string[] = [];
  if (process.env.KINDLING_PYTHON) candidates.push(process.env.KINDLING_PYTHON);
  for (const venv of [join(repo, ".venv"), join(repo, "venv"), join(repo, "..", "venv")]) {
    const py = join(venv, "bin", "python");
    if (existsSync(py)) candidates.push(py);
  }
  candidates.push("python3", "python");
  const tried: string[] = [];
  for (const py of candidates) {
    tried.push(py);
    const r = spawnSync(py, [script, "info"], { encoding: "utf8", timeout: 120_000 });
    if (r.status !== 0 || !r.stdout) continue;
    try {
      const info = JSON.parse(r.stdout.trim().split("\n").pop() as string) as Omit<TorchInfo, "python">;
      return { info: { ...info, python: py }, tried };
    } catch {
      continue;
    }
  }
  return { info: null, tried };
}
