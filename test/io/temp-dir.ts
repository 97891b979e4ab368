/**
 * A scratch directory for tests that write files: created before (each test, or the file's
 * tests), removed after. Returns a getter, as the directory exists only while tests run.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function useTempDir(prefix: string, scope: "each" | "all" = "each"): () => string {
  let dir: string | undefined;
  const [before, after] = scope === "each" ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (dir === undefined) throw new Error("the temporary directory exists only inside a test");
    return dir;
  };
}
