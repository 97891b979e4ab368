/**
 * The committed wasm module (src/backend/wasm/kernels.generated.ts) must be what the
 * sources in assembly/ compile to: rebuilding in memory with the pinned AssemblyScript
 * must give the same file byte for byte.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const repo = new URL("../..", import.meta.url).pathname;

describe("kernels.generated.ts", () => {
  it("is current with assembly/ (npm run build:wasm reproduces it)", () => {
    const r = spawnSync(process.execPath, ["scripts/build-wasm.mjs", "--check"], { cwd: repo, encoding: "utf8", timeout: 110_000 });
    expect(r.stderr + r.stdout).toContain("kernels.generated.ts is current");
    expect(r.status).toBe(0);
  });
});
