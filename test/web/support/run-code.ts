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

const REGRESSION_LINE = /^Epoch: (\d+) \| Loss: (\S+), R²: (\S+), RMSE: (\S+) \| Test loss: (\S+), Test R²: (\S+), Test RMSE: (\S+)$/;

export interface PrintedRegression {
  epoch: number;
  loss: string;
  r2: string;
  rmse: string;
  testLoss: string;
  testR2: string;
  testRmse: string;
}

/** The numbers of the last progress line of a regression run's shown code. */
export function runShownRegression(code: string, fileName: string): PrintedRegression {
  const last = runToLastLine(code, fileName);
  const m = REGRESSION_LINE.exec(last);
  if (!m) throw new Error(`the shown code printed no final regression progress line, but: ${last}`);
  return { epoch: Number(m[1]), loss: m[2], r2: m[3], rmse: m[4], testLoss: m[5], testR2: m[6], testRmse: m[7] };
}

export function runShownCode(code: string, fileName: string): Printed {
  return lastProgress(runToLastLine(code, fileName));
}

/** The numbers of a classification run's progress line. */
export function lastProgress(last: string): Printed {
  const m = LINE.exec(last);
  if (!m) throw new Error(`the shown code printed no final progress line, but: ${last}`);
  return { epoch: Number(m[1]), loss: m[2], acc: m[3], testLoss: m[4], testAcc: m[5] };
}

function runToLastLine(code: string, fileName: string): string {
  const lines = runShownOutput(code, fileName).trim().split("\n");
  return lines[lines.length - 1] ?? "";
}

/** Everything the shown code printed. */
export function runShownOutput(code: string, fileName: string): string {
  const rewritten = code.replace('from "kindling";', 'from "../src/index.ts";');
  if (rewritten === code) throw new Error('the shown code has no `from "kindling";` import');
  mkdirSync(OUT, { recursive: true });
  const file = `${OUT}${fileName}`;
  writeFileSync(file, rewritten);
  return execFileSync(process.execPath, [`${REPO}node_modules/tsx/dist/cli.mjs`, file], {
    cwd: REPO,
    encoding: "utf8",
  });
}
