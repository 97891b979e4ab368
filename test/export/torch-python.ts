/**
 * The Python with real PyTorch that the export tests run: $KINDLING_TORCH_PYTHON, or Debian's
 * /usr/bin/python3 with python3-torch and python3-sklearn (another python3 may come first on PATH
 * without them). On CI (CI=true) a missing one fails the tests loudly: .ci/run installs it.
 */
import { spawnSync } from "node:child_process";

function works(py: string): boolean {
  const r = spawnSync(py, ["-c", "import torch, sklearn, numpy"], { encoding: "utf8", timeout: 120_000 });
  return r.status === 0;
}

export function findTorchPython(): string | null {
  const candidates = [process.env.KINDLING_TORCH_PYTHON, "/usr/bin/python3"].filter((p): p is string => !!p);
  return candidates.find(works) ?? null;
}

export const ON_CI = process.env.CI === "true";

export const MISSING_MESSAGE =
  "no Python with torch and scikit-learn: install Debian's python3-torch and python3-sklearn " +
  "(apt install python3-torch python3-sklearn) or set KINDLING_TORCH_PYTHON to a python that has them";

export interface PyResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runPython(py: string, args: readonly string[], cwd: string): PyResult {
  const r = spawnSync(py, args, {
    cwd,
    encoding: "utf8",
    timeout: 600_000,
    // One thread per process: the machine is shared, and the numbers do not depend on it.
    env: { ...process.env, OMP_NUM_THREADS: "1", PYTHONDONTWRITEBYTECODE: "1" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The tutorial's epoch lines in some output. */
export function epochLines(text: string): string[] {
  return text.split("\n").filter((l) => l.startsWith("Epoch: "));
}

/** "Final test accuracy: 99.50%" → 99.5 */
export function finalAccuracy(text: string): number {
  const m = /Final test accuracy: ([\d.]+)%/.exec(text);
  if (!m) throw new Error(`no final accuracy in:\n${text}`);
  return Number(m[1]);
}

/**
 * A Python script that builds the project's model.py (folder argv[1]), loads the weights
 * named in the case file (argv[2], also holding the input `x`) with train.py's own reader,
 * runs the model in eval mode into `out`, and prints the JSON of `result` (a Python expression).
 */
export function modelPyCheck(result: string): string {
  return `
import json, sys, torch
sys.path.insert(0, sys.argv[1])
from model import Model
from train import read_safetensors
case = json.load(open(sys.argv[2]))
m = Model()
m.load_state_dict(read_safetensors(case["weights"]))
m.eval()
with torch.inference_mode():
    out = m(torch.tensor(case["x"], dtype=torch.float32))
print(json.dumps(${result}))
`;
}
