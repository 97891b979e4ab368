/**
 * Writing a file so that a crash never leaves half of it: the bytes go to a temporary
 * file in the same directory (same file system, so the rename is atomic), are flushed
 * to disk, and only then renamed over the target. Readers see the old file or the new
 * one, never a mixture.
 */
import { nodeFs, nodePath, type NodeFs } from "./node-fs.js";

/** The parts of fs the write uses; tests pass one that fails part-way, as a full disk would. */
export type AtomicFs = Pick<NodeFs, "openSync" | "writeSync" | "fsyncSync" | "closeSync" | "renameSync" | "unlinkSync"> &
  Partial<Pick<NodeFs, "readdirSync">>;

/** Written in pieces so a failure part-way (disk full) is a realistic, testable event. */
const CHUNK = 1 << 20;

export function tempPathFor(path: string, what: string): string {
  const p = nodePath(what);
  const suffix = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return p.join(p.dirname(path), `.${p.basename(path)}.${suffix}.tmp`);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the temp files of earlier writes to `path` whose process is gone: a process
 * killed with SIGKILL (or a power cut) mid-write leaves one, and nothing else ever would.
 * A temp file of a live process is left alone: that write may still be under way.
 */
export function removeStaleTemps(path: string, what: string, fs: AtomicFs = nodeFs(what)): string[] {
  if (!fs.readdirSync) return [];
  const p = nodePath(what);
  const dir = p.dirname(path);
  const prefix = `.${p.basename(path)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const m = /^(\d+)-[0-9a-z]+-[0-9a-z]+\.tmp$/.exec(name.slice(prefix.length));
    if (!m || Number(m[1]) === process.pid || processIsAlive(Number(m[1]))) continue;
    try {
      fs.unlinkSync(p.join(dir, name));
      removed.push(name);
    } catch {
      // Someone else removed it first, or it is not ours to remove: either way, not our write's concern.
    }
  }
  return removed;
}

export function writeFileAtomic(path: string, bytes: Uint8Array, what: string, fs: AtomicFs = nodeFs(what)): void {
  removeStaleTemps(path, what, fs);
  const tmp = tempPathFor(path, what);
  // "wx": never reuse (or follow a symlink planted at) an existing temp name.
  const fd = fs.openSync(tmp, "wx", 0o644);
  let renamed = false;
  try {
    try {
      for (let off = 0; off < bytes.length; ) {
        off += fs.writeSync(fd, bytes, off, Math.min(CHUNK, bytes.length - off));
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path);
    renamed = true;
  } finally {
    if (!renamed) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // The temp file is already gone; the original error is the one to report.
      }
    }
  }
}
