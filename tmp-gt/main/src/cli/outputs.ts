/**
 * The files a command writes, checked before any work is done and written so that a
 * failure or a signal never leaves half a file: `train` checks every output before it
 * trains (a typo in --out must not cost a ten-minute run), and a failure names the
 * user's path and the cause in words, never an errno code or an internal temp-file name.
 */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { KindlingError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { FS_REASONS, UsageError } from "./errors.js";

/** A file the command could not write (exit 1): the path is the user's, the cause in words. */
export class OutputError extends KindlingError {}


/** The cause of a file-system error in words (its message, for anything else). */
export function reasonOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === "string" && FS_REASONS[e.code]) return FS_REASONS[e.code];
  return err instanceof Error ? err.message : String(err);
}

/** The nearest folder on the way up from `path` that exists (the one a new file or folder lands in). */
function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p)) {
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  return p;
}

function checkWritableDir(dir: string, fail: (why: string) => never): void {
  if (!statSync(dir).isDirectory()) fail(`'${dir}' is a file, not a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    fail(`the folder '${dir}' is not writable (permission denied)`);
  }
}

/** `--out DIR`: a folder that exists, or one that can be made (its nearest existing parent is a writable folder). */
export function checkFigureDir(dir: string, flag = "--out"): void {
  const fail = (why: string): never => {
    throw new UsageError(`cannot write figures to ${dir} (${flag}): ${why}`);
  };
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) fail("it is a file, not a folder");
    checkWritableDir(dir, fail);
    return;
  }
  checkWritableDir(nearestExisting(dir), fail);
}

/** `--save FILE` / `--onnx FILE`: a file (not a folder) in a folder that exists and is writable. */
export function checkOutputFile(path: string, what: string, flag: string): void {
  const fail = (why: string): never => {
    throw new UsageError(`cannot ${what} to ${path} (${flag}): ${why}`);
  };
  if (existsSync(path) && statSync(path).isDirectory()) fail("it is a folder, not a file");
  const dir = dirname(resolve(path));
  if (!existsSync(dir)) {
    const up = nearestExisting(dir);
    fail(statSync(up).isDirectory() ? `the folder '${dirname(path)}' does not exist` : `'${up}' is a file, not a folder`);
  }
  checkWritableDir(dir, fail);
}

/** Writes `bytes` to `path` through a temp file and a rename; a failure names `path` and the cause. */
export function writeOutput(path: string, bytes: Uint8Array | string, what: string): void {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  try {
    writeFileAtomic(path, data, what);
  } catch (e) {
    throw new OutputError(`cannot write ${what} to ${path}: ${reasonOf(e)}`);
  }
}

/**
 * While outputs are being written, SIGINT and SIGTERM end the process at the next safe
 * point instead of at once: every write is a synchronous temp-file-and-rename, so by the
 * time a handler runs no temp file is open, and exiting leaves only whole files. The
 * returned function restores the default behaviour (training is interruptible as ever).
 */
export function exitCleanlyOnSignals(describe: () => string): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    process.stderr.write(`kindling: interrupted (${signal}); ${describe()}\n`);
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}
