/**
 * How the command line fails: one clear line on stderr and a non-zero exit, never a
 * stack trace. `UsageError` is the user's mistake (exit 2); anything Kindling throws on
 * purpose (KindlingError) is reported by its message (exit 1); an unexpected error is a
 * bug, reported as such with the hint to rerun with KINDLING_DEBUG=1 for the trace.
 */
import { KindlingError } from "../errors.js";

export class UsageError extends KindlingError {}

/** File-system error codes in words. */
export const FS_REASONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder, not a file",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exhausted",
  EEXIST: "it already exists",
  ENAMETOOLONG: "the name is too long",
  EMFILE: "too many open files",
};

/** `.model.safetensors.1234-ab-cd.tmp` (an atomic write's temp file) → `model.safetensors`. */
export function userPath(path: string): string {
  return path.replace(/(^|[\\/])\.([^\\/]+)\.\d+-[0-9a-z]+-[0-9a-z]+\.tmp$/, "$1$2");
}

export function reportAndExit(err: unknown): never {
  const debug = process.env.KINDLING_DEBUG === "1";
  if (err instanceof UsageError) {
    process.stderr.write(`kindling: ${err.message}\n`);
    process.exit(2);
  }
  if (err instanceof KindlingError) {
    process.stderr.write(`kindling: ${err.message}\n`);
    if (debug) process.stderr.write(`${err.stack ?? ""}\n`);
    process.exit(1);
  }
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e === "object" && typeof e.code === "string" && typeof e.path === "string") {
    // File-system errors: say which file and why, in words; a temp file is named by the file it stood for.
    const why = FS_REASONS[e.code] ?? e.code;
    process.stderr.write(`kindling: cannot access '${userPath(e.path)}': ${why}\n`);
    process.exit(1);
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`kindling: internal error: ${message}${debug ? "" : " (rerun with KINDLING_DEBUG=1 for details)"}\n`);
  if (debug && err instanceof Error) process.stderr.write(`${err.stack ?? ""}\n`);
  process.exit(70);
}
