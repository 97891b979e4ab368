/**
 * Runs the playground's "Show code" program in Node: written to a file inside the repo
 * (test-output/, git-ignored) with only its import specifier changed to the library's
 * source, then run with tsx. Returns the numbers of its last progress line.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const OUT = `${REPO}test-output/`;

export interface Printed {
  epoch: number;
  loss: string;
  acc: string;
  testLoss: string;
  testAcc: string;
}

const LINE = /^Epoch: (\d+) \| Loss: (\S+), Accuracy: (\S+)% \| Test loss: (\S+), Test acc: (\S+)%$/;

export function runShownCode(code: string, fileName: string): Printed {
  const rewritten = code.replace('from "kindling";', 'from "../src/index.ts";');
  if (rewritten === code) throw new Error('the shown code has no `from "kindling";` import');
  mkdirSync(OUT, { recursive: true });
  const file = `${OUT}${fileName}`;
  writeFileSync(file, rewritten);
  const stdout = execFileSync(process.execPath, [`${REPO}node_modules/tsx/dist/cli.mjs`, file], {
    cwd: REPO,
    encoding: "utf8",
  });
  const lines = stdout.trim().split("\n");
  const m = LINE.exec(lines[lines.length - 1] ?? "");
  if (!m) throw new Error(`the shown code printed no final progress line:\n${stdout}`);
  return { epoch: Number(m[1]), loss: m[2], acc: m[3], testLoss: m[4], testAcc: m[5] };
}
