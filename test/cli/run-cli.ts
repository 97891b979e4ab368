/** Runs the built `kindling` command as a user would: a child process, its output and exit code. */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], opts: { cwd?: string; input?: string } = {}): CliResult {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` (npm ci runs it) before the CLI tests`);
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? REPO,
    encoding: "utf8",
    input: opts.input,
    env: { ...process.env, KINDLING_DEBUG: "", FORCE_COLOR: "0" },
    timeout: 300_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `kindling predict --model <file>` over rows written to a CSV beside it (header x1,x2 unless
 * given); checks it ran cleanly and returns the output's lines, header first.
 */
export function predictRows(model: string, rows: readonly (readonly number[])[], header = "x1,x2"): string[] {
  const dir = dirname(model);
  const csv = join(dir, "points.csv");
  writeFileSync(csv, [header, ...rows.map((r) => r.join(","))].join("\n") + "\n");
  const out = join(dir, "pred.csv");
  const r = runCli(["predict", "--model", model, "--csv", csv, "--out", out]);
  if (r.code !== 0 || /\n\s+at /.test(r.stderr)) throw new Error(`kindling predict failed (exit ${r.code}): ${r.stderr}`);
  return readFileSync(out, "utf8").trim().split("\n");
}
